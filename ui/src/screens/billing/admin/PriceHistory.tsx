import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { PriceChange } from '../../../bindings/PriceChange';
import type { PriceEntry } from '../../../bindings/PriceEntry';
import { Banner } from '../../../components/Banner';
import { Table } from '../../../components/Table';
import { useCommandError } from '../../../components/useCommandError';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDateTime, formatDay } from '../../../time';
import { Money } from '../Money';
import { percentText } from '../money';

/** Every price set for one service or item, newest first. `version` changes after a new price. */
export function PriceHistory({ entry, version }: { entry: PriceEntry; version: number }) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [rows, setRows] = useState<PriceChange[] | null>(null);
  const err = useCommandError([]);
  const { setError } = err;
  useEffect(() => {
    api.priceHistory(token, entry.thing, entry.id).then(setRows, setError);
  }, [token, entry.thing, entry.id, version, setError]);
  const title = t('prices.historyOf', { name: entry.name });
  return (
    <section className="card stack" aria-label={title} data-testid="price-history">
      <h3>{title}</h3>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {rows === null ? null : rows.length === 0 ? (
        <p className="muted">{t('prices.noHistory')}</p>
      ) : (
        <Table caption={title} head={[t('prices.col.from'), t('prices.price'), t('prices.col.tax'), t('prices.setBy'), t('prices.setAt')]}>
          {rows.map((r) => (
            <tr key={r.id} data-testid="price-history-row">
              <td className="nowrap">{formatDay(r.effective_from, lang)}</td>
              <td className="num">
                <Money paisa={r.price_paisa} />
              </td>
              <td className="num" dir="ltr">
                {percentText(r.tax_bp)} %
              </td>
              <td>{r.set_by ?? ''}</td>
              <td className="nowrap">{formatDateTime(r.set_at, lang)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
