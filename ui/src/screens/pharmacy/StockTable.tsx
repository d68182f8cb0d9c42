import type { ItemStock } from '../../bindings/ItemStock';
import { Table } from '../../components/Table';
import { useI18n } from '../../i18n/context';
import { clinicToday } from '../../time';
import { expiresSoon, isLow, itemName } from './stock';

/** What is on the shelf: every batch with units, the soonest to expire first; expired and low stock marked. */
export function StockTable({ stock }: { stock: ItemStock[] }) {
  const { t } = useI18n();
  const today = clinicToday();
  if (stock.length === 0) {
    return (
      <p className="muted" data-testid="stock-empty">
        {t('stock.none')}
      </p>
    );
  }
  return (
    <Table caption={t('stock.title')} testId="stock-table" head={[t('stock.col.item'), t('stock.col.inStock'), t('stock.col.batches'), t('stock.col.expired')]}>
      {stock.map((s) => {
        const low = isLow(s.item);
        return (
          <tr key={s.item.id} data-testid="stock-row" data-id={s.item.id} data-low={low} data-expired={s.expired_quantity > 0} className={low ? 'row-low' : undefined}>
            <td>
              <strong>{itemName(s.item)}</strong>
              <br />
              <span className="muted">{s.item.generic_name}</span>
            </td>
            <td className="num">
              {s.item.in_stock}{' '}
              {low ? (
                <span className="tag tag-warn" data-testid="stock-low">
                  {t('stock.low')}
                </span>
              ) : null}
            </td>
            <td>
              {s.batches.length === 0 ? (
                t('common.none')
              ) : (
                <ul className="batch-list">
                  {s.batches.map((b) => (
                    <li key={b.id} data-testid="stock-batch" data-id={b.id} data-expired={b.expired} className={b.expired ? 'batch-expired' : undefined}>
                      <span dir="ltr">{b.batch_no}</span> · {t('stock.expires', { date: b.expires_on })} · {t('stock.units', { count: b.quantity })}{' '}
                      {b.expired ? (
                        <span className="tag tag-amended">{t('stock.expired')}</span>
                      ) : expiresSoon(b, today) ? (
                        <span className="tag tag-warn">{t('stock.expiresSoon')}</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td className="num">{s.expired_quantity > 0 ? <strong className="danger-text">{t('stock.units', { count: s.expired_quantity })}</strong> : t('common.none')}</td>
          </tr>
        );
      })}
    </Table>
  );
}
