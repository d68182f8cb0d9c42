import './pharmacy.css';
import '../chart/chart.css';
import { useCallback, useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { PartView } from '../chart/PartView';
import { usePart } from '../chart/usePart';
import { DispenseForm } from './DispenseForm';
import { ItemsPanel } from './ItemsPanel';
import { ReceiveStockForm } from './ReceiveStockForm';
import { StockTable } from './StockTable';

type Section = 'dispense' | 'stock' | 'items';

/** The pharmacist's counter: dispense against allergies, the stock with its expiries, deliveries, the item list. */
export function PharmacyScreen() {
  const { t } = useI18n();
  const { token } = useSession();
  const [section, setSection] = useState<Section>('dispense');
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  const loadStock = useCallback(
    () => api.listStock(token, null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, changes],
  );
  const stock = usePart(loadStock);
  const loadItems = useCallback(
    () => api.listPharmacyItems(token, true),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, changes],
  );
  const items = usePart(loadItems);

  return (
    <section className="stack" aria-labelledby="pharmacy-title" data-testid="pharmacy">
      <div className="title-row">
        <h1 id="pharmacy-title">{t('nav.pharmacy')}</h1>
        <div className="segmented" role="group" aria-label={t('nav.pharmacy')}>
          {(['dispense', 'stock', 'items'] as const).map((s) => (
            <button key={s} type="button" className="segment" data-testid={`pharmacy-${s}`} aria-pressed={s === section} onClick={() => setSection(s)}>
              {t(`pharmacy.${s}`)}
            </button>
          ))}
        </div>
        <Button variant="quiet" testId="pharmacy-refresh" onClick={changed}>
          {t('today.refresh')}
        </Button>
      </div>
      {section === 'dispense' ? (
        <PartView part={stock.part} onRetry={stock.reload}>
          {(list) => <DispenseForm stock={list.filter((s) => s.item.active)} onDispensed={changed} />}
        </PartView>
      ) : null}
      {section === 'stock' ? (
        <>
          <PartView part={stock.part} onRetry={stock.reload}>
            {(list) => <StockTable stock={list} />}
          </PartView>
          <PartView part={items.part} onRetry={items.reload}>
            {(list) => <ReceiveStockForm items={list} onReceived={changed} />}
          </PartView>
        </>
      ) : null}
      {section === 'items' ? (
        <PartView part={items.part} onRetry={items.reload}>
          {(list) => <ItemsPanel items={list} onSaved={changed} />}
        </PartView>
      ) : null}
    </section>
  );
}
