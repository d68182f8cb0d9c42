import type { Invoice } from '../../../bindings/Invoice';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { Money } from '../Money';
import { percentText } from '../money';

/** An invoice as the service computed it: its lines, discounts, tax and total. */
export function InvoiceView({ invoice }: { invoice: Invoice }) {
  const { t } = useI18n();
  return (
    <div className="stack" data-testid="invoice-view" data-id={invoice.id} data-status={invoice.status}>
      <Table
        caption={invoice.number ?? t('bill.draftNumber')}
        testId="invoice-lines"
        head={[t('bill.col.description'), t('bill.col.quantity'), t('bill.col.unit'), t('bill.col.discount'), t('bill.col.tax'), t('bill.col.total')]}
      >
        {invoice.lines.map((l) => (
          <tr key={l.id} data-testid="invoice-line">
            <td>
              {l.description}
              {l.discount_reason ? <span className="muted"> ({l.discount_reason})</span> : null}
            </td>
            <td className="num" dir="ltr">
              {l.quantity}
            </td>
            <td className="num">
              <Money paisa={l.unit_paisa} />
            </td>
            <td className="num">
              {l.line_discount_paisa + l.invoice_discount_paisa > 0 ? <Money paisa={-(l.line_discount_paisa + l.invoice_discount_paisa)} /> : null}
            </td>
            <td className="num">
              {l.tax_bp > 0 ? (
                <>
                  <Money paisa={l.tax_paisa} /> <span className="muted" dir="ltr">({percentText(l.tax_bp)} %)</span>
                </>
              ) : null}
            </td>
            <td className="num">
              <Money paisa={l.total_paisa} />
            </td>
          </tr>
        ))}
      </Table>
      <dl className="details invoice-totals">
        <div>
          <dt>{t('bill.subtotal')}</dt>
          <dd>
            <Money paisa={invoice.subtotal_paisa} />
          </dd>
        </div>
        {invoice.discount_paisa > 0 ? (
          <div>
            <dt>
              {t('bill.discount')}
              {invoice.discount_reason ? <span className="muted"> ({invoice.discount_reason})</span> : null}
            </dt>
            <dd>
              <Money paisa={-invoice.discount_paisa} testId="invoice-discount" />
            </dd>
          </div>
        ) : null}
        {invoice.tax_paisa > 0 ? (
          <div>
            <dt>{t('bill.tax')}</dt>
            <dd>
              <Money paisa={invoice.tax_paisa} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('bill.total')}</dt>
          <dd>
            <strong>
              <Money paisa={invoice.total_paisa} testId="invoice-total" />
            </strong>
          </dd>
        </div>
        {invoice.status === 'issued' && invoice.paid_paisa > 0 ? (
          <div>
            <dt>{t('bill.paid')}</dt>
            <dd>
              <Money paisa={invoice.paid_paisa} />
            </dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
