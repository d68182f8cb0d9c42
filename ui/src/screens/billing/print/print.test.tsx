import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingStatement } from '../../../bindings/BillingStatement';
import type { Session } from '../../../session';
import { SessionContext } from '../../../session';
import { account, billingAdminSession, billingDeskSession, pkg, summary } from '../../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { PaymentDialog } from '../payment/PaymentDialog';
import { BillingSection } from '../record/BillingSection';
import { PrintForm } from './PrintForm';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const PATH = '/home/desk/Downloads/receipt-R-000008-a5-ur.pdf';

function renderForm(session: Session = billingDeskSession) {
  return renderUi(
    <SessionContext.Provider value={session}>
      <PrintForm receiptOf={8} idPrefix="p" />
    </SessionContext.Provider>,
  );
}

describe('printing a receipt or an invoice', () => {
  it("prints on A5 in the patient's language unless the desk chooses, and shows where the PDF was saved", async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({ receipt_pdf: () => PATH });
    renderForm();
    expect(screen.getByTestId('p-paper')).toHaveValue('a5');
    expect(screen.getByTestId('p-language')).toHaveValue('');
    expect(screen.queryByTestId('p-invoice')).toBeNull();
    await user.click(screen.getByTestId('p-receipt'));
    expect(await screen.findByTestId('p-path')).toHaveTextContent(PATH);
    await user.selectOptions(screen.getByTestId('p-paper'), 'roll80');
    await user.selectOptions(screen.getByTestId('p-language'), 'ur');
    await user.click(screen.getByTestId('p-receipt'));
    await waitFor(() => expect(calls('receipt_pdf')).toHaveLength(2));
    expect(calls('receipt_pdf')).toEqual([
      { token: 'tok-1', paymentId: 8, paper: 'a5', language: null },
      { token: 'tok-1', paymentId: 8, paper: 'roll80', language: 'ur' },
    ]);
  });

  it("shows the service's refusal and no path", async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({
      receipt_pdf: () => {
        throw { kind: 'forbidden', message: 'Only reception and the administrator can see or make invoices.' };
      },
    });
    renderForm();
    await user.click(screen.getByTestId('p-receipt'));
    expect(await screen.findByTestId('p-error')).toHaveTextContent('Only reception and the administrator');
    expect(screen.queryByTestId('p-path')).toBeNull();
  });

  it('offers the receipt of what was just taken, and the invoice it paid, in the payment dialog', async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({
      take_payment: () => ({
        payments: [
          { id: 21, kind: 'payment', patient_id: 11, method: 'cash', amount_paisa: 300_000, tendered_paisa: null, change_paisa: 0, reference: null, refund_of: null, reason: null, taken_at: '2026-12-03T06:00:00Z' },
        ],
        applied: [{ invoice_id: 40, number: 'INV-2026-000001', amount_paisa: 300_000 }],
        change_paisa: 0,
        to_credit_paisa: 0,
      }),
      patient_account: () => account(0),
      receipt_pdf: () => PATH,
      invoice_pdf: () => '/home/desk/Downloads/invoice-INV-2026-000001-a5-en.pdf',
    });
    renderUi(
      <SessionContext.Provider value={billingDeskSession}>
        <PaymentDialog patientId={11} invoice={{ id: 40, number: 'INV-2026-000001', outstanding_paisa: 300_000 }} onClose={() => {}} onPaid={() => {}} />
      </SessionContext.Provider>,
    );
    expect(screen.queryByTestId('pay-print-form')).toBeNull();
    await user.click(screen.getByTestId('pay-submit'));
    await user.selectOptions(await screen.findByTestId('pay-print-language'), 'en');
    await user.click(screen.getByTestId('pay-print-receipt'));
    expect(await screen.findByTestId('pay-print-path')).toHaveTextContent(PATH);
    expect(calls('receipt_pdf')).toEqual([{ token: 'tok-1', paymentId: 21, paper: 'a5', language: 'en' }]);
    await user.click(screen.getByTestId('pay-print-invoice'));
    expect(await screen.findByTestId('pay-print-path')).toHaveTextContent('invoice-INV-2026-000001-a5-en.pdf');
    expect(calls('invoice_pdf')).toEqual([{ token: 'tok-1', invoiceId: 40, paper: 'a5', language: 'en' }]);
  });
});

const statement: BillingStatement = {
  patient_id: 11,
  invoices: [
    summary({ id: 43, status: 'draft', number: null, outstanding_paisa: 0 }),
    summary({ id: 40, number: 'INV-2026-000001' }),
    summary({ id: 39, status: 'void', number: 'INV-2026-000000', outstanding_paisa: 0 }),
  ],
  payments: [
    { id: 8, kind: 'payment', patient_id: 11, method: 'easypaisa', amount_paisa: 105_000, tendered_paisa: null, change_paisa: null, reference: 'EP-55', refund_of: null, reason: null, taken_at: '2026-12-03T06:00:00Z' },
  ],
};

describe("printing from the record's Billing section", () => {
  for (const [who, session] of [
    ['the desk', billingDeskSession],
    ['the administrator', billingAdminSession],
  ] as const) {
    it(`lets ${who} print issued and voided invoices and receipts, never a draft`, async () => {
      const user = userEvent.setup({ delay: null });
      mockCommands({
        billing_statement: () => statement,
        patient_packages: () => [pkg()],
        patient_account: () => account(300_000),
        invoice_pdf: () => '/tmp/invoice-INV-2026-000001-roll80-en-copy.pdf',
        receipt_pdf: () => PATH,
      });
      renderUi(
        <SessionContext.Provider value={session}>
          <BillingSection patientId={11} />
        </SessionContext.Provider>,
      );
      await screen.findAllByTestId('bill-invoice-row');
      expect(screen.queryByTestId('bill-print-invoice-43')).toBeNull();
      expect(screen.getByTestId('bill-print-invoice-39')).toBeInTheDocument();
      await user.click(screen.getByTestId('bill-print-invoice-40'));
      expect(screen.getByTestId('bill-print')).toHaveTextContent('Print INV-2026-000001');
      expect(screen.queryByTestId('bill-print-receipt')).toBeNull();
      await user.selectOptions(screen.getByTestId('bill-print-paper'), 'roll80');
      await user.click(screen.getByTestId('bill-print-invoice'));
      expect(await screen.findByTestId('bill-print-path')).toHaveTextContent('copy.pdf');
      expect(calls('invoice_pdf')).toEqual([{ token: 'tok-1', invoiceId: 40, paper: 'roll80', language: null }]);

      await user.click(screen.getByTestId('bill-print-receipt-8'));
      expect(screen.queryByTestId('bill-print-path')).toBeNull();
      expect(screen.queryByTestId('bill-print-invoice')).toBeNull();
      await user.click(screen.getByTestId('bill-print-receipt'));
      await waitFor(() => expect(calls('receipt_pdf')).toEqual([{ token: 'tok-1', paymentId: 8, paper: 'a5', language: null }]));
      await user.click(screen.getByTestId('bill-print-close'));
      expect(screen.queryByTestId('bill-print')).toBeNull();
    });
  }
});
