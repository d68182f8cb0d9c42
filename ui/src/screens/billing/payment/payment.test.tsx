import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaymentOutcome } from '../../../bindings/PaymentOutcome';
import type { Language } from '../../../bindings/Language';
import { SessionContext } from '../../../session';
import { account, billingDeskSession } from '../../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { PaymentDialog } from './PaymentDialog';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const outcome = (change: number, toCredit = 0): PaymentOutcome => ({
  payments: [
    { id: 1, kind: 'payment', patient_id: 11, method: 'cash', amount_paisa: 200_000, tendered_paisa: 250_000, change_paisa: change, reference: null, refund_of: null, reason: null, taken_at: '2026-12-03T06:00:00Z' },
    { id: 2, kind: 'payment', patient_id: 11, method: 'card', amount_paisa: 100_000, tendered_paisa: null, change_paisa: null, reference: 'AUTH-7781', refund_of: null, reason: null, taken_at: '2026-12-03T06:00:00Z' },
  ],
  applied: [{ invoice_id: 40, number: 'INV-2026-000001', amount_paisa: 300_000 }],
  change_paisa: change,
  to_credit_paisa: toCredit,
});

function renderPay(lang: Language = 'en') {
  const onPaid = vi.fn();
  renderUi(
    <SessionContext.Provider value={billingDeskSession}>
      <PaymentDialog patientId={11} invoice={{ id: 40, number: 'INV-2026-000001', outstanding_paisa: 300_000 }} onClose={() => {}} onPaid={onPaid} />
    </SessionContext.Provider>,
    lang,
  );
  return onPaid;
}

describe('payment dialog', () => {
  it('splits cash and card, shows the change and what is left while typing, and sends the figures as typed', async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({ take_payment: () => outcome(50_000), patient_account: () => account(0) });
    const onPaid = renderPay();
    expect(screen.getByTestId('pay-for')).toHaveTextContent('INV-2026-000001: PKR 3,000.00 still owed');
    // The whole balance is offered in cash to start with.
    const amount0 = screen.getByTestId('pay-0-amount');
    expect(amount0).toHaveValue('3,000');
    await user.clear(amount0);
    await user.type(amount0, '2,000');
    expect(screen.getByTestId('pay-left')).toHaveTextContent('PKR 1,000.00');
    await user.type(screen.getByTestId('pay-0-tendered'), '2500');
    expect(screen.getByTestId('pay-0-change')).toHaveTextContent('Change due: PKR 500.00');

    // The second method takes what is left, as a card with its slip's reference.
    await user.click(screen.getByTestId('pay-add-part'));
    expect(screen.getByTestId('pay-1-method')).toHaveValue('card');
    expect(screen.getByTestId('pay-1-amount')).toHaveValue('1,000');
    expect(screen.getByTestId('pay-left')).toHaveTextContent('PKR 0.00');
    expect(screen.getByTestId('pay-total')).toHaveTextContent('PKR 3,000.00');
    await user.type(screen.getByTestId('pay-1-reference'), 'AUTH-7781');
    await user.click(screen.getByTestId('pay-submit'));

    await waitFor(() => expect(onPaid).toHaveBeenCalled());
    expect(calls('take_payment')).toEqual([
      {
        token: 'tok-1',
        req: {
          patient_id: 11,
          invoice_id: 40,
          parts: [
            { method: 'cash', amount: '2,000', tendered: '2500', reference: null },
            { method: 'card', amount: '1,000', tendered: null, reference: 'AUTH-7781' },
          ],
        },
      },
    ]);
    expect(await screen.findByTestId('paid-change')).toHaveTextContent('Give back PKR 500.00 in change.');
    expect(await screen.findByTestId('pay-account-balance')).toHaveTextContent('PKR 0.00');
  });

  it('says when the cash handed over is short, and when a payment is more than owed', async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({});
    renderPay();
    await user.type(screen.getByTestId('pay-0-tendered'), '1,000');
    expect(screen.getByTestId('pay-0-tendered-error')).toHaveTextContent('less than the amount');
    expect(screen.queryByTestId('pay-0-change')).toBeNull();
    const amount = screen.getByTestId('pay-0-amount');
    await user.clear(amount);
    await user.type(amount, '3500.50');
    expect(screen.getByTestId('pay-to-credit')).toHaveTextContent("PKR 500.50 more than owed: it becomes the patient's credit.");
    await user.clear(amount);
    await user.type(amount, '3,00');
    expect(screen.getByTestId('pay-sums')).toHaveTextContent('This is not an amount yet.');
  });

  it("shows the service's refusal next to the field it names, and keeps what was typed", async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({
      take_payment: () => {
        throw { kind: 'validation', message: 'Enter the JazzCash transaction ID.', field: 'parts.1.reference' };
      },
    });
    renderPay();
    const amount0 = screen.getByTestId('pay-0-amount');
    await user.clear(amount0);
    await user.type(amount0, '1500');
    await user.click(screen.getByTestId('pay-add-part'));
    await user.selectOptions(screen.getByTestId('pay-1-method'), 'jazzcash');
    expect(screen.getByText('The JazzCash transaction ID.')).toBeInTheDocument();
    await user.click(screen.getByTestId('pay-submit'));
    const part = screen.getByTestId('pay-part-1');
    expect(await within(part).findByTestId('pay-1-reference-error')).toHaveTextContent('Enter the JazzCash transaction ID.');
    expect(screen.getByTestId('pay-1-reference')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('pay-error')).toBeNull();
    expect(screen.getByTestId('pay-0-amount')).toHaveValue('1500');
    expect(screen.getByTestId('pay-1-amount')).toHaveValue('1,500');
  });

  it('reads right to left in Urdu with the amounts kept whole', async () => {
    mockCommands({});
    renderPay('ur');
    expect(document.documentElement.dir).toBe('rtl');
    const owed = screen.getByTestId('pay-for');
    expect(owed).toHaveTextContent('انوائس INV-2026-000001 کے لیے');
    const money = owed.querySelector('bdi.money');
    expect(money).toHaveAttribute('dir', 'ltr');
    expect(money).toHaveTextContent('PKR 3,000.00');
    expect(screen.getByRole('option', { name: 'ایزی پیسہ' })).toBeInTheDocument();
  });
});
