import { useState } from 'react';
import { api } from '../../api';
import type { PharmacyItem } from '../../bindings/PharmacyItem';
import type { StockBatch } from '../../bindings/StockBatch';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { itemName } from './stock';

/** A delivery: item, batch number, expiry as printed (a month means its last day), units. */
export function ReceiveStockForm({ items, onReceived }: { items: PharmacyItem[]; onReceived: (b: StockBatch) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [itemId, setItemId] = useState('');
  const [batchNo, setBatchNo] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [quantity, setQuantity] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [noItem, setNoItem] = useState(false);
  const { busy, err, onSubmit } = useSubmit(
    ['item_id', 'batch_no', 'expires_on', 'quantity'],
    async () => {
      const b = await api.receiveStock(token, { item_id: Number(itemId), batch_no: batchNo, expires_on: expiresOn.trim(), quantity: Number(quantity.trim()) });
      setDone(t('stock.received', { count: b.quantity, batch: b.batch_no, expires: b.expires_on }));
      setBatchNo('');
      setExpiresOn('');
      setQuantity('');
      onReceived(b);
    },
    {
      validate: () => {
        setDone(null);
        setNoItem(itemId === '');
        return itemId !== '';
      },
    },
  );
  return (
    <form className="card" onSubmit={onSubmit} noValidate data-testid="stock-receive-form" aria-labelledby="stock-receive-title">
      <h2 id="stock-receive-title">{t('stock.receiveTitle')}</h2>
      {done ? (
        <Banner tone="success" testId="stock-notice">
          {done}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="form-grid">
        <SelectField id="stock-item" label={t('dispense.item')} value={itemId} onChange={(e) => setItemId(e.target.value)} error={noItem ? t('dispense.pickItem') : err.fieldError('item_id')}>
          <option value="">{t('measure.choose')}</option>
          {items
            .filter((i) => i.active)
            .map((i) => (
              <option key={i.id} value={String(i.id)}>
                {itemName(i)}
              </option>
            ))}
        </SelectField>
        <Field id="stock-batch-no" label={t('stock.batchNo')} dir="ltr" autoComplete="off" value={batchNo} onChange={(e) => setBatchNo(e.target.value)} error={err.fieldError('batch_no')} />
        <Field
          id="stock-expires-on"
          label={t('stock.expiresOn')}
          hint={t('stock.expiresHint')}
          dir="ltr"
          autoComplete="off"
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.target.value)}
          error={err.fieldError('expires_on')}
        />
        <Field id="stock-quantity" label={t('dispense.quantity')} inputMode="numeric" dir="ltr" autoComplete="off" value={quantity} onChange={(e) => setQuantity(e.target.value)} error={err.fieldError('quantity')} />
      </div>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="stock-receive">
          {t('stock.receive')}
        </Button>
      </div>
    </form>
  );
}
