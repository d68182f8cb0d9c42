import { useState } from 'react';
import { api } from '../../../api';
import type { PriceEntry } from '../../../bindings/PriceEntry';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { clinicToday } from '../../../time';
import { percentText, typedRupees } from '../money';

type Props = { entry: PriceEntry; onSaved: (e: PriceEntry) => void; onCancel: () => void };

/** A new price (and tax rate) for a service or item from a day on; the old ones stay in the history. */
export function PriceForm({ entry, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [price, setPrice] = useState(entry.price_paisa === null ? '' : typedRupees(entry.price_paisa));
  const [tax, setTax] = useState(percentText(entry.tax_bp));
  const [from, setFrom] = useState(clinicToday());
  const { busy, err, onSubmit } = useSubmit(['price', 'tax_percent', 'effective_from', 'service_id', 'item_id'], async () => {
    const req = { price: price.trim(), tax_percent: tax.trim(), effective_from: from.trim() };
    onSaved(entry.thing === 'service' ? await api.setServicePrice(token, entry.id, req) : await api.setItemPrice(token, entry.id, req));
  });
  return (
    <form className="card filters" onSubmit={onSubmit} noValidate aria-labelledby="price-form-title" data-testid="price-form">
      <h3 id="price-form-title" className="full-row">
        {t('prices.newPriceOf', { name: entry.name })}
      </h3>
      {err.banner ? (
        <div className="full-row">
          <Banner tone="error">{err.banner}</Banner>
        </div>
      ) : null}
      <Field
        id="price-amount"
        label={t('prices.price')}
        hint={t('bill.amountHint')}
        inputMode="decimal"
        autoComplete="off"
        dir="ltr"
        autoFocus
        value={price}
        onChange={(e) => setPrice(e.target.value)}
        error={err.fieldError('price')}
      />
      <Field
        id="price-tax"
        label={t('prices.taxPercent')}
        hint={t('prices.taxHint')}
        inputMode="decimal"
        autoComplete="off"
        dir="ltr"
        className="short"
        value={tax}
        onChange={(e) => setTax(e.target.value)}
        error={err.fieldError('tax_percent')}
      />
      <Field
        id="price-from"
        label={t('prices.from')}
        autoComplete="off"
        dir="ltr"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        error={err.fieldError('effective_from')}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="price-save">
          {t('prices.save')}
        </Button>
        <Button testId="price-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
