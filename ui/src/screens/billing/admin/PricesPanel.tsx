import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../api';
import type { PriceEntry } from '../../../bindings/PriceEntry';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Table } from '../../../components/Table';
import { useCommandError } from '../../../components/useCommandError';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDay } from '../../../time';
import { Money } from '../Money';
import { formatPkr, percentText } from '../money';
import { PriceForm } from './PriceForm';
import { PriceHistory } from './PriceHistory';

const key = (e: PriceEntry) => `${e.thing}:${e.id}`;

/** The administrator's prices: today's price of every service and item, each with its history and a new price. */
export function PricesPanel() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [list, setList] = useState<PriceEntry[] | null>(null);
  const [open, setOpen] = useState<{ entry: PriceEntry; editing: boolean } | null>(null);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const load = useCallback(async () => {
    try {
      setList(await api.priceList(token));
    } catch (e) {
      setError(e);
    }
  }, [token, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the list is the effect
    void load();
  }, [load]);

  return (
    <section className="card stack" aria-labelledby="prices-title" data-testid="prices-panel">
      <h2 id="prices-title">{t('prices.title')}</h2>
      <p className="muted">{t('prices.intro')}</p>
      {notice ? (
        <Banner tone="success" testId="prices-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {open ? (
        <>
          {open.editing ? (
            <PriceForm
              entry={open.entry}
              onCancel={() => setOpen({ ...open, editing: false })}
              onSaved={(e) => {
                setNotice(t('prices.saved', { name: e.name, price: formatPkr(e.price_paisa ?? 0), date: formatDay(e.effective_from ?? '', lang) }));
                setOpen({ entry: e, editing: false });
                setVersion((v) => v + 1);
                void load();
              }}
            />
          ) : null}
          <PriceHistory entry={open.entry} version={version} />
        </>
      ) : null}
      {list ? (
        <Table
          caption={t('prices.title')}
          testId="prices-table"
          head={[t('prices.col.name'), t('prices.col.kind'), t('prices.col.price'), t('prices.col.tax'), t('prices.col.from'), t('bill.col.actions')]}
        >
          {list.map((e) => (
            <tr key={key(e)} data-testid="price-row" data-key={key(e)}>
              <td>{e.name}</td>
              <td>{t(`prices.kind.${e.thing}`)}</td>
              <td className="num">{e.price_paisa === null ? <span className="muted">{t('prices.none')}</span> : <Money paisa={e.price_paisa} />}</td>
              <td className="num" dir="ltr">
                {percentText(e.tax_bp)} %
              </td>
              <td className="nowrap">{e.effective_from ? formatDay(e.effective_from, lang) : <span className="muted">{e.thing === 'service' ? t('prices.catalogue') : ''}</span>}</td>
              <td className="row-actions">
                <Button testId={`price-history-${key(e)}`} onClick={() => setOpen({ entry: e, editing: false })}>
                  {t('prices.history')}
                </Button>
                <Button
                  variant="primary"
                  testId={`price-new-${key(e)}`}
                  onClick={() => {
                    setNotice(null);
                    setOpen({ entry: e, editing: true });
                  }}
                >
                  {t('prices.newPrice')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      ) : err.banner ? null : (
        <p>{t('common.loading')}</p>
      )}
    </section>
  );
}
