import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../../bindings/Appointment';
import { SessionContext, type Session } from '../../../session';
import { account, billingDeskSession, invoice, pkg, prices } from '../../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { appointment, fromNow, receptionSession, stepsOf } from '../../../test/schedule';
import { TodayScreen } from '../../today/TodayScreen';
import { CheckoutDialog } from './CheckoutDialog';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const arrived = appointment(1, { patient_name: 'Ayesha Khan', status: 'arrived', steps: stepsOf('arrived') });

const common = {
  price_list: () => prices,
  billing_settings: () => ({ reception_discount_limit_percent: 10 }),
  patient_packages: () => [],
  patient_account: () => account(0),
  discard_draft_invoice: () => null,
};

function renderCheckout(a: Appointment = arrived, session: Session = billingDeskSession) {
  const onClose = vi.fn();
  const onChanged = vi.fn();
  const view = renderUi(
    <SessionContext.Provider value={session}>
      <CheckoutDialog appointment={a} onClose={onClose} onChanged={onChanged} />
    </SessionContext.Provider>,
  );
  return { onClose, onChanged, view };
}

describe('check-out', () => {
  it('makes a draft with an extra line and a discount, issues it, and goes on to the payment', async () => {
    const user = userEvent.setup({ delay: null });
    const draft = invoice({
      subtotal_paisa: 305_100,
      discount_paisa: 30_000,
      discount_reason: 'Staff family',
      total_paisa: 275_967,
      tax_paisa: 867,
    });
    mockCommands({
      ...common,
      create_invoice: () => draft,
      issue_invoice: () => ({ ...draft, status: 'issued', number: 'INV-2026-000007', outstanding_paisa: 275_967 }),
      take_payment: () => ({
        payments: [
          { id: 31, kind: 'payment', patient_id: 11, method: 'cash', amount_paisa: 275_967, tendered_paisa: null, change_paisa: 0, reference: null, refund_of: null, reason: null, taken_at: '2026-12-03T06:00:00Z' },
        ],
        applied: [{ invoice_id: 40, number: 'INV-2026-000007', amount_paisa: 275_967 }],
        change_paisa: 0,
        to_credit_paisa: 0,
      }),
      receipt_pdf: () => '/home/desk/Downloads/receipt-R-000031-roll80-ur.pdf',
    });
    renderCheckout();
    expect(await screen.findByTestId('checkout-service')).toHaveTextContent('Physiotherapy session — PKR 3,000.00');
    await user.click(screen.getByTestId('checkout-add-line'));
    await user.selectOptions(screen.getByTestId('line-0-what'), 'item:7');
    await user.clear(screen.getByTestId('line-0-quantity'));
    await user.type(screen.getByTestId('line-0-quantity'), '2');
    await user.click(screen.getByTestId('checkout-add-discount'));
    await user.type(screen.getByTestId('invoice-discount-value'), '300');
    await user.type(screen.getByTestId('invoice-discount-reason'), 'Staff family');
    expect(screen.getByTestId('discount-limit')).toHaveTextContent('up to 10 %');
    await user.click(screen.getByTestId('checkout-make'));

    expect(await screen.findByTestId('checkout-draft')).toBeInTheDocument();
    expect(calls('create_invoice')).toEqual([
      {
        token: 'tok-1',
        req: {
          patient_id: 11,
          appointment_id: 1,
          dispensing_id: null,
          lines: [{ kind: 'item', service_id: null, item_id: 7, quantity: 2, description: null, unit_price: null, discount: null }],
          discount: { kind: 'amount', value: '300', reason: 'Staff family' },
        },
      },
    ]);
    expect(screen.getByTestId('invoice-total')).toHaveTextContent('PKR 2,759.67');
    expect(screen.getByTestId('invoice-discount')).toHaveTextContent('-PKR 300.00');
    await user.click(screen.getByTestId('checkout-issue'));

    expect(await screen.findByTestId('checkout-issued')).toHaveTextContent('Invoice INV-2026-000007 issued.');
    expect(calls('issue_invoice')).toEqual([{ token: 'tok-1', invoiceId: 40 }]);
    expect(screen.getByTestId('pay-0-amount')).toHaveValue('2,759.67');
    // An issued invoice is not thrown away when the dialog closes.
    expect(calls('discard_draft_invoice')).toHaveLength(0);

    // Once paid, the receipt and the invoice are offered for printing.
    await user.click(screen.getByTestId('pay-submit'));
    expect(await screen.findByTestId('checkout-print-invoice')).toHaveAccessibleName('Print INV-2026-000007');
    await user.selectOptions(screen.getByTestId('checkout-print-paper'), 'roll80');
    await user.selectOptions(screen.getByTestId('checkout-print-language'), 'ur');
    await user.click(screen.getByTestId('checkout-print-receipt'));
    expect(await screen.findByTestId('checkout-print-path')).toHaveTextContent('receipt-R-000031-roll80-ur.pdf');
    expect(calls('receipt_pdf')).toEqual([{ token: 'tok-1', paymentId: 31, paper: 'roll80', language: 'ur' }]);
  });

  it("shows the service's refusal of a discount above the desk's limit in its own words, under the discount", async () => {
    const user = userEvent.setup({ delay: null });
    const refusal =
      'A discount of PKR 1,000.00 on PKR 3,000.00 is more than the 10 % reception may give. Ask the administrator to approve it.';
    mockCommands({
      ...common,
      create_invoice: () => {
        throw { kind: 'validation', message: refusal, field: 'discount' };
      },
    });
    renderCheckout();
    await screen.findByTestId('checkout-service');
    await user.click(screen.getByTestId('checkout-add-discount'));
    await user.selectOptions(screen.getByTestId('invoice-discount-kind'), 'percent');
    expect(screen.getByText('A percentage, for example 10 or 12.5.')).toBeInTheDocument();
    await user.type(screen.getByTestId('invoice-discount-value'), '33.33');
    await user.type(screen.getByTestId('invoice-discount-reason'), 'Hardship');
    await user.click(screen.getByTestId('checkout-make'));
    expect(await screen.findByTestId('invoice-discount-error')).toHaveTextContent(refusal);
    expect(screen.queryByTestId('checkout-error')).toBeNull();
    // Nothing typed is lost, and no draft was made.
    expect(screen.getByTestId('invoice-discount-value')).toHaveValue('33.33');
    expect(screen.queryByTestId('checkout-draft')).toBeNull();
  });

  it('puts a line error next to that line, and throws a draft away when the desk closes before issuing', async () => {
    const user = userEvent.setup({ delay: null });
    let made = 0;
    mockCommands({
      ...common,
      create_invoice: () => {
        made += 1;
        if (made === 1) throw { kind: 'validation', message: 'Brufen 400 mg has no sale price yet.', field: 'lines.0.item_id' };
        return invoice();
      },
    });
    const { onClose, view } = renderCheckout();
    await screen.findByTestId('checkout-service');
    await user.click(screen.getByTestId('checkout-add-line'));
    await user.selectOptions(screen.getByTestId('line-0-what'), 'item:8');
    await user.click(screen.getByTestId('checkout-make'));
    expect(await screen.findByTestId('line-0-what-error')).toHaveTextContent('no sale price yet');
    await user.click(screen.getByTestId('line-0-remove'));
    await user.click(screen.getByTestId('checkout-make'));
    await screen.findByTestId('checkout-draft');
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
    view.unmount();
    await waitFor(() => expect(calls('discard_draft_invoice')).toEqual([{ token: 'tok-1', invoiceId: 40 }]));
  });

  it("uses a session of the patient's package for the appointment instead of billing it", async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({
      ...common,
      patient_packages: () => [pkg(), pkg({ id: 4, service_id: 2, service_name: 'Psychology consultation' }), pkg({ id: 5, expired: true })],
      use_package_session: () => pkg({ used: 2, remaining: 3 }),
    });
    const { onChanged } = renderCheckout();
    const use = await screen.findByTestId('checkout-use-package-3');
    expect(use).toHaveTextContent('Use a package session (4 left)');
    // Only a usable package of this appointment's service is offered.
    expect(screen.queryByTestId('checkout-use-package-4')).toBeNull();
    expect(screen.queryByTestId('checkout-use-package-5')).toBeNull();
    await user.click(use);
    expect(await screen.findByTestId('checkout-notice')).toHaveTextContent('One session of the package used; 3 left.');
    expect(calls('use_package_session')).toEqual([{ token: 'tok-1', packageId: 3, appointmentId: 1 }]);
    expect(calls('create_invoice')).toHaveLength(0);
    expect(onChanged).toHaveBeenCalled();
    // No money changed hands, so there is nothing to print.
    expect(screen.queryByTestId('checkout-print-form')).toBeNull();
  });
});

describe('check-out on Today', () => {
  function day(list: Appointment[]) {
    mockCommands({ ...common, appointments_on_day: () => list });
  }
  const rows = [
    appointment(1, { patient_name: 'Ayesha Khan', status: 'arrived', steps: stepsOf('arrived'), starts_at: fromNow(-10), ends_at: fromNow(35) }),
    appointment(2, { patient_name: 'Bilal Raza', starts_at: fromNow(30), ends_at: fromNow(75) }),
  ];

  it('opens with B on the selected row, and is in the row for a patient who came', async () => {
    const user = userEvent.setup({ delay: null });
    day(rows);
    renderUi(
      <SessionContext.Provider value={billingDeskSession}>
        <TodayScreen />
      </SessionContext.Provider>,
    );
    const [first] = await screen.findAllByTestId('today-row');
    expect(screen.getByTestId('checkout-1')).toHaveTextContent('Check out');
    expect(screen.queryByTestId('checkout-2')).toBeNull();
    expect(screen.getByTestId('today-keys')).toHaveTextContent('check out and take payment');
    await waitFor(() => expect(first).toHaveFocus());
    await user.keyboard('b');
    expect(await screen.findByTestId('checkout-dialog')).toHaveTextContent('Check-out: Ayesha Khan');
  });

  it('is not offered to those who do not bill', async () => {
    const user = userEvent.setup({ delay: null });
    day(rows);
    renderUi(
      <SessionContext.Provider value={receptionSession}>
        <TodayScreen />
      </SessionContext.Provider>,
    );
    const [first] = await screen.findAllByTestId('today-row');
    expect(screen.queryByTestId('checkout-1')).toBeNull();
    await waitFor(() => expect(first).toHaveFocus());
    await user.keyboard('b');
    expect(screen.queryByTestId('checkout-dialog')).toBeNull();
  });

  it("shows the patient's balance and credit when they check in", async () => {
    const user = userEvent.setup({ delay: null });
    const list = rows.map((a) => ({ ...a }));
    mockCommands({
      ...common,
      appointments_on_day: () => list,
      set_appointment_status: (args) => {
        const row = list.find((r) => r.id === args.id)!;
        row.status = 'arrived';
        row.steps = stepsOf('arrived');
        return { ...row };
      },
      patient_account: () => account(150_000, 20_000, 12),
    });
    renderUi(
      <SessionContext.Provider value={billingDeskSession}>
        <TodayScreen />
      </SessionContext.Provider>,
    );
    await screen.findAllByTestId('today-row');
    await user.click(screen.getByTestId('checkin-2'));
    expect(await screen.findByTestId('today-account-balance')).toHaveTextContent('PKR 1,500.00');
    expect(screen.getByTestId('today-account-credit')).toHaveTextContent('PKR 200.00');
    expect(calls('patient_account')).toEqual([{ token: 'tok-1', patientId: 12 }]);
  });
});
