import type { InvoiceSummary } from '../../../bindings/InvoiceSummary';
import { Button } from '../../../components/Button';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import type { MessageKey } from '../../../i18n/translate';
import { formatDateTime } from '../../../time';
import { Money } from '../Money';

type Props = {
  invoices: InvoiceSummary[];
  /** Given to those who take payments. */
  onPay: ((i: InvoiceSummary) => void) | null;
  /** Given to the administrator only. */
  onCorrect: ((i: InvoiceSummary, mode: 'void' | 'credit') => void) | null;
  /** Throws away a draft left behind (e.g. a check-out that was never finished), which blocks its appointment. */
  onDiscard: (i: InvoiceSummary) => void;
  /** Given to those who bill: an issued (or voided) invoice or credit note is printed. */
  onPrint: ((i: InvoiceSummary) => void) | null;
};

function statusKey(i: InvoiceSummary): MessageKey {
  if (i.status !== 'issued' || i.kind === 'credit_note') return `bill.status.${i.status}`;
  if (i.outstanding_paisa === 0) return 'bill.status.paid';
  return i.paid_paisa + i.credited_paisa > 0 ? 'bill.status.part' : 'bill.status.issued';
}

/** The patient's invoices and credit notes, newest first. */
export function InvoiceTable({ invoices, onPay, onCorrect, onDiscard, onPrint }: Props) {
  const { t, lang } = useI18n();
  const numberOf = (id: number | null) => invoices.find((i) => i.id === id)?.number ?? '';
  return (
    <Table
      caption={t('bill.invoices')}
      testId="bill-invoices"
      head={[
        t('bill.col.number'),
        t('bill.col.date'),
        t('bill.total'),
        t('bill.paid'),
        t('bill.outstanding'),
        t('bill.col.status'),
        t('bill.col.actions'),
      ]}
    >
      {invoices.map((i) => {
        const open = i.kind === 'invoice' && i.status === 'issued';
        const number = i.number ?? t('bill.draftNumber');
        return (
          <tr key={i.id} data-testid="bill-invoice-row" data-id={i.id} data-status={i.status} className={i.status === 'void' ? 'inactive' : undefined}>
            <td className="nowrap">
              <span dir="ltr">{number}</span>
              {i.kind === 'credit_note' ? (
                <span className="muted"> · {t('bill.creditNoteOf', { number: numberOf(i.credits_invoice_id) })}</span>
              ) : null}
            </td>
            <td className="nowrap">{formatDateTime(i.dated_at, lang)}</td>
            <td className="num">
              <Money paisa={i.kind === 'credit_note' ? -i.total_paisa : i.total_paisa} />
            </td>
            <td className="num">{open ? <Money paisa={i.paid_paisa} /> : null}</td>
            <td className="num">{open ? <Money paisa={i.outstanding_paisa} testId={`bill-outstanding-${i.id}`} /> : null}</td>
            <td data-testid={`bill-status-${i.id}`}>{t(statusKey(i))}</td>
            <td className="row-actions">
              {i.status === 'draft' ? (
                <Button variant="quiet" testId={`bill-discard-${i.id}`} onClick={() => onDiscard(i)}>
                  {t('bill.discard')}
                </Button>
              ) : null}
              {onPay && open && i.outstanding_paisa > 0 ? (
                <Button variant="primary" testId={`bill-pay-${i.id}`} aria-label={t('bill.payLabel', { number })} onClick={() => onPay(i)}>
                  {t('bill.pay')}
                </Button>
              ) : null}
              {onPrint && i.status !== 'draft' ? (
                <Button testId={`bill-print-invoice-${i.id}`} aria-label={t('print.invoiceLabel', { number })} onClick={() => onPrint(i)}>
                  {t('print.invoice')}
                </Button>
              ) : null}
              {onCorrect && open ? (
                <>
                  <Button testId={`bill-credit-${i.id}`} aria-label={t('bill.creditNoteLabel', { number })} onClick={() => onCorrect(i, 'credit')}>
                    {t('bill.creditNote')}
                  </Button>
                  <Button variant="danger" testId={`bill-void-${i.id}`} aria-label={t('bill.voidLabel', { number })} onClick={() => onCorrect(i, 'void')}>
                    {t('bill.void')}
                  </Button>
                </>
              ) : null}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
