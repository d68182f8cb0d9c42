import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingStatement } from '../../../bindings/BillingStatement';
import type { Payment } from '../../../bindings/Payment';
import type { SessionPackage } from '../../../bindings/SessionPackage';
import { SessionContext, type Session } from '../../../session';
import { account, billingAdminSession, billingDeskSession, pkg, summary } from '../../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { BillingSection } from './BillingSection';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const paid: Payment = {
  id: 8,
  kind: 'payment',
  patient_id: 11,
  method: 'cash',
  amount_paisa: 150_000,
  tendered_paisa: null,
  change_paisa: null,
  reference: null,
  refund_of: null,
  reason: null,
  taken_at: '2026-12-03T06:00:00Z',
};
const refunded: Payment = { ...paid, id: 9, kind: 'refund', amount_paisa: 5_000, refund_of: 8, reason: 'Paid twice' };

const statement: BillingStatement = {
  patient_id: 11,
  invoices: [summary({ id: 40, number: 'INV-2026-000001', paid_paisa: 100_000, outstanding_paisa: 200_000 })],
  payments: [refunded, paid],
};

function renderSection(session: Session, packages: SessionPackage[], extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    billing_statement: () => statement,
    patient_packages: () => packages,
    patient_account: () => account(200_000, 0),
    ...extra,
  });
  return renderUi(
    <SessionContext.Provider value={session}>
      <BillingSection patientId={11} />
    </SessionContext.Provider>,
  );
}

describe('refunding a payment', () => {
  it('is offered to the desk on payments only, never on a refund, and not to the administrator', async () => {
    const first = renderSection(billingDeskSession, [pkg()]);
    await screen.findAllByTestId('bill-payment-row');
    expect(screen.getByTestId('bill-refund-8')).toBeInTheDocument();
    expect(screen.queryByTestId('bill-refund-9')).toBeNull();
    // Closing a package is the administrator's.
    expect(screen.queryByTestId('bill-package-refund-3')).toBeNull();
    first.unmount();

    renderSection(billingAdminSession, [pkg()]);
    await screen.findAllByTestId('bill-payment-row');
    expect(screen.queryByTestId('bill-refund-8')).toBeNull();
  });

  it('offers the whole payment back by the same method, asks a reference for anything but cash, and shows refusals by field', async () => {
    const user = userEvent.setup({ delay: null });
    let tries = 0;
    renderSection(billingDeskSession, [], {
      refund_payment: () => {
        tries += 1;
        if (tries === 1) {
          throw { kind: 'conflict', message: 'Only PKR 500.00 of this payment is not applied to an invoice.', field: 'amount' };
        }
        if (tries === 2) throw { kind: 'validation', message: 'The reason for the refund is needed.', field: 'reason' };
        return { ...refunded, id: 10, method: 'jazzcash', amount_paisa: 50_000 };
      },
    });
    await user.click(await screen.findByTestId('bill-refund-8'));
    const form = screen.getByTestId('refund-payment-form');
    expect(form).toHaveTextContent('Refund against the payment of PKR 1,500.00');
    expect(screen.getByTestId('refund-amount')).toHaveValue('1,500');
    expect(screen.getByTestId('refund-method')).toHaveValue('cash');
    expect(screen.queryByTestId('refund-reference')).toBeNull();
    await user.click(screen.getByTestId('refund-submit'));
    expect(await screen.findByTestId('refund-amount-error')).toHaveTextContent('Only PKR 500.00');

    await user.clear(screen.getByTestId('refund-amount'));
    await user.type(screen.getByTestId('refund-amount'), '500');
    await user.selectOptions(screen.getByTestId('refund-method'), 'jazzcash');
    await user.type(screen.getByTestId('refund-reference'), 'JC-99812');
    await user.click(screen.getByTestId('refund-submit'));
    expect(await screen.findByTestId('refund-reason-error')).toHaveTextContent('reason for the refund');
    expect(screen.queryByTestId('refund-amount-error')).toBeNull();

    await user.type(screen.getByTestId('refund-reason'), 'Session cancelled by the clinic');
    await user.click(screen.getByTestId('refund-submit'));
    expect(await screen.findByTestId('billing-notice')).toHaveTextContent('PKR 500.00 refunded.');
    expect(screen.queryByTestId('refund-payment-form')).toBeNull();
    expect(calls('refund_payment')[2]).toEqual({
      token: 'tok-1',
      paymentId: 8,
      req: { amount: '500', method: 'jazzcash', reference: 'JC-99812', reason: 'Session cancelled by the clinic' },
    });
    await waitFor(() => expect(calls('billing_statement')).toHaveLength(2));
  });
});

describe("refunding a package's unused sessions", () => {
  const open = pkg({ id: 3, sessions: 3, used: 1, remaining: 2, price_paisa: 1_000_000 });
  const closed = pkg({ id: 4, closed_at: '2026-12-02T10:00:00Z', remaining: 0, close_reason: 'Moved away' });
  const usedUp = pkg({ id: 5, used: 5, remaining: 0 });

  it('is offered to the administrator on open packages with sessions left, with the pro-rata credit shown first', async () => {
    const user = userEvent.setup({ delay: null });
    let tries = 0;
    renderSection(billingAdminSession, [open, closed, usedUp], {
      refund_package: () => {
        tries += 1;
        if (tries === 1) throw { kind: 'validation', message: 'The reason for the refund is needed.', field: 'reason' };
        return { ...open, closed_at: '2026-12-03T10:00:00Z', remaining: 0, credit_note_id: 50 };
      },
    });
    await screen.findAllByTestId('bill-package-row');
    expect(screen.queryByTestId('bill-package-refund-4')).toBeNull();
    expect(screen.queryByTestId('bill-package-refund-5')).toBeNull();
    expect(within(screen.getByTestId('bill-packages')).getByText(/Moved away/)).toBeInTheDocument();
    await user.click(screen.getByTestId('bill-package-refund-3'));
    // 2 of 3 sessions of PKR 10,000: rounded down to the paisa, as the service does.
    const amount = screen.getByTestId('refund-package-amount');
    expect(amount).toHaveAttribute('data-paisa', '666666');
    expect(amount).toHaveTextContent('2 of 3 sessions unused: PKR 6,666.66 is credited on invoice INV-2026-000002');
    await user.click(screen.getByTestId('refund-package-submit'));
    expect(await screen.findByTestId('refund-package-reason-error')).toHaveTextContent('reason for the refund');
    await user.type(screen.getByTestId('refund-package-reason'), 'Moving to Karachi');
    await user.click(screen.getByTestId('refund-package-submit'));
    expect(await screen.findByTestId('billing-notice')).toHaveTextContent('Package closed; PKR 6,666.66 credited for the unused sessions.');
    expect(calls('refund_package')[1]).toEqual({ token: 'tok-1', packageId: 3, reason: 'Moving to Karachi' });
    await waitFor(() => expect(calls('patient_packages')).toHaveLength(2));
  });
});
