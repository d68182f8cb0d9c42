import type { Payment } from '../../../bindings/Payment';
import { Button } from '../../../components/Button';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { isMessageKey } from '../../../i18n/translate';
import { formatDateTime } from '../../../time';
import { Money } from '../Money';

type Props = {
  payments: Payment[];
  /** Given to those who bill: a payment's receipt, or a refund's slip. */
  onPrint: ((p: Payment) => void) | null;
  /** Given to those who take payments: money given back against a payment. */
  onRefund: ((p: Payment) => void) | null;
};

/** The patient's payments and refunds, newest first. */
export function PaymentTable({ payments, onPrint, onRefund }: Props) {
  const { t, lang } = useI18n();
  const word = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  return (
    <Table
      caption={t('bill.payments')}
      testId="bill-payments"
      head={[t('bill.col.date'), t('bill.col.kind'), t('bill.method'), t('bill.amount'), t('bill.col.reference'), t('bill.col.actions')]}
    >
      {payments.map((p) => (
        <tr key={p.id} data-testid="bill-payment-row" data-kind={p.kind} data-method={p.method}>
          <td className="nowrap">{formatDateTime(p.taken_at, lang)}</td>
          <td>
            {word(`bill.kind.${p.kind}`, p.kind)}
            {p.reason ? <span className="muted"> ({p.reason})</span> : null}
          </td>
          <td>{word(`bill.method.${p.method}`, p.method)}</td>
          <td className="num">
            <Money paisa={p.kind === 'refund' ? -p.amount_paisa : p.amount_paisa} />
          </td>
          <td dir="ltr">{p.reference ?? ''}</td>
          <td className="row-actions">
            {onPrint ? (
              <Button testId={`bill-print-receipt-${p.id}`} onClick={() => onPrint(p)}>
                {t('print.receipt')}
              </Button>
            ) : null}
            {onRefund && p.kind === 'payment' ? (
              <Button variant="danger" testId={`bill-refund-${p.id}`} onClick={() => onRefund(p)}>
                {t('refund.button')}
              </Button>
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}
