import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingStatement } from '../../../bindings/BillingStatement';
import { SessionContext, type Session } from '../../../session';
import { account, billingAdminSession, billingDeskSession, pkg, prices, summary } from '../../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { BillingSection } from './BillingSection';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const statement: BillingStatement = {
  patient_id: 11,
  invoices: [
    summary({ id: 42, kind: 'credit_note', number: 'CN-2026-000001', credits_invoice_id: 40, total_paisa: 10_000, outstanding_paisa: 0 }),
    summary({ id: 41, number: 'INV-2026-000002', total_paisa: 1_200_000, paid_paisa: 1_200_000, outstanding_paisa: 0 }),
    summary({ id: 40, number: 'INV-2026-000001', total_paisa: 300_000, credited_paisa: 10_000, paid_paisa: 100_000, outstanding_paisa: 190_000 }),
    summary({ id: 39, status: 'void', number: 'INV-2026-000000', outstanding_paisa: 0 }),
  ],
  payments: [
    { id: 9, kind: 'refund', patient_id: 11, method: 'cash', amount_paisa: 5_000, tendered_paisa: null, change_paisa: null, reference: null, refund_of: 8, reason: 'Paid twice', taken_at: '2026-12-03T07:00:00Z' },
    { id: 8, kind: 'payment', patient_id: 11, method: 'easypaisa', amount_paisa: 105_000, tendered_paisa: null, change_paisa: null, reference: 'EP-55', refund_of: null, reason: null, taken_at: '2026-12-03T06:00:00Z' },
  ],
};

function renderSection(session: Session, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    billing_statement: () => statement,
    patient_packages: () => [pkg()],
    patient_account: () => account(190_000, 0),
    price_list: () => prices,
    ...extra,
  });
  return renderUi(
    <SessionContext.Provider value={session}>
      <BillingSection patientId={11} />
    </SessionContext.Provider>,
  );
}

describe("the record's Billing section", () => {
  it('shows the desk the account, invoices, payments, refunds and packages, with Pay but no void or credit note', async () => {
    renderSection(billingDeskSession);
    const rows = await screen.findAllByTestId('bill-invoice-row');
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['42', '41', '40', '39']);
    expect(rows[0]).toHaveTextContent('CN-2026-000001 · Credit note on INV-2026-000001');
    expect(screen.getByTestId('bill-status-41')).toHaveTextContent('Paid');
    expect(screen.getByTestId('bill-status-40')).toHaveTextContent('Part paid');
    expect(screen.getByTestId('bill-status-39')).toHaveTextContent('Void');
    expect(screen.getByTestId('bill-outstanding-40')).toHaveTextContent('PKR 1,900.00');
    expect(await screen.findByTestId('record-account-balance')).toHaveTextContent('PKR 1,900.00');
    expect(screen.getByTestId('bill-pay-40')).toBeInTheDocument();
    expect(screen.queryByTestId('bill-pay-41')).toBeNull();
    expect(screen.queryByTestId('bill-void-40')).toBeNull();
    expect(screen.queryByTestId('bill-credit-40')).toBeNull();
    const payments = screen.getAllByTestId('bill-payment-row');
    expect(payments[0]).toHaveTextContent('Refund (Paid twice)');
    expect(payments[0]).toHaveTextContent('-PKR 50.00');
    expect(payments[1]).toHaveTextContent('Easypaisa');
    expect(payments[1]).toHaveTextContent('EP-55');
    expect(screen.getByTestId('bill-package-left-3')).toHaveTextContent('4');
  });

  it('shows the administrator void and credit note, and no payment buttons', async () => {
    const user = userEvent.setup({ delay: null });
    renderSection(billingAdminSession, {
      issue_credit_note: () => ({ number: 'CN-2026-000002' }),
    });
    await screen.findAllByTestId('bill-invoice-row');
    expect(screen.queryByTestId('bill-pay-40')).toBeNull();
    expect(screen.queryByTestId('bill-take-any')).toBeNull();
    expect(screen.getByTestId('bill-void-40')).toBeInTheDocument();
    expect(screen.queryByTestId('bill-void-39')).toBeNull();
    expect(screen.queryByTestId('bill-void-42')).toBeNull();
    await user.click(screen.getByTestId('bill-credit-40'));
    await user.type(screen.getByTestId('correct-amount'), '500');
    await user.type(screen.getByTestId('correct-reason'), 'Price agreed lower');
    await user.click(screen.getByTestId('correct-submit'));
    expect(await screen.findByTestId('billing-notice')).toHaveTextContent('Credit note CN-2026-000002 issued.');
    expect(calls('issue_credit_note')).toEqual([{ token: 'tok-1', invoiceId: 40, req: { amount: '500', reason: 'Price agreed lower' } }]);
    // The section is read again after the correction.
    await waitFor(() => expect(calls('billing_statement')).toHaveLength(2));
  });

  it('throws away a draft left behind, so its appointment can be checked out again', async () => {
    const user = userEvent.setup({ delay: null });
    renderSection(billingDeskSession, {
      billing_statement: () => ({ ...statement, invoices: [summary({ id: 43, status: 'draft', number: null, outstanding_paisa: 0 })] }),
      discard_draft_invoice: () => null,
    });
    const [row] = await screen.findAllByTestId('bill-invoice-row');
    expect(row).toHaveTextContent('(draft)');
    expect(screen.queryByTestId('bill-pay-43')).toBeNull();
    await user.click(screen.getByTestId('bill-discard-43'));
    await waitFor(() => expect(calls('discard_draft_invoice')).toEqual([{ token: 'tok-1', invoiceId: 43 }]));
    await waitFor(() => expect(calls('billing_statement')).toHaveLength(2));
  });

  it('sells a package, with refusals next to their fields', async () => {
    const user = userEvent.setup({ delay: null });
    let tries = 0;
    renderSection(billingDeskSession, {
      sell_package: () => {
        tries += 1;
        if (tries === 1) throw { kind: 'validation', message: 'The expiry date has already passed.', field: 'expires_on' };
        return pkg({ id: 6, invoice_number: 'INV-2026-000009' });
      },
    });
    await screen.findAllByTestId('bill-invoice-row');
    await user.click(screen.getByTestId('bill-sell-package'));
    const form = screen.getByTestId('sell-package-form');
    await within(form).findByRole('option', { name: 'Physiotherapy session' });
    expect(within(form).queryByRole('option', { name: 'Brufen 400 mg' })).toBeNull();
    await user.selectOptions(screen.getByTestId('package-service'), '1');
    await user.type(screen.getByTestId('package-sessions'), '5');
    await user.type(screen.getByTestId('package-price'), '12,000');
    const expires = screen.getByTestId('package-expires');
    await user.clear(expires);
    await user.type(expires, '2020-01-01');
    await user.click(screen.getByTestId('package-sell'));
    expect(await screen.findByTestId('package-expires-error')).toHaveTextContent('already passed');
    await user.clear(expires);
    await user.type(expires, '2027-03-01');
    await user.click(screen.getByTestId('package-sell'));
    expect(await screen.findByTestId('billing-notice')).toHaveTextContent('Package sold on invoice INV-2026-000009.');
    expect(calls('sell_package')[1]).toEqual({
      token: 'tok-1',
      req: { patient_id: 11, service_id: 1, sessions: 5, price: '12,000', expires_on: '2027-03-01' },
    });
  });
});
