import type { PriceEntry } from '../../../bindings/PriceEntry';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { useI18n } from '../../../i18n/context';
import { formatPkr } from '../money';
import { DiscountFields } from './DiscountFields';
import { newDiscount, pickOf, type LineDraft } from './draft';

type Props = {
  index: number;
  line: LineDraft;
  prices: PriceEntry[];
  onChange: (l: LineDraft) => void;
  onRemove: () => void;
  fieldError: (field: string) => string | undefined;
};

/** An extra line: a service or a pharmacy item from the price list, how many, and a discount if any. */
export function LineFields({ index, line, prices, onChange, onRemove, fieldError }: Props) {
  const { t } = useI18n();
  const f = (name: string) => `lines.${index}.${name}`;
  const id = `line-${index}`;
  const services = prices.filter((p) => p.thing === 'service');
  const items = prices.filter((p) => p.thing === 'item');
  const label = (p: PriceEntry) => `${p.name} — ${p.price_paisa === null ? t('bill.noPrice') : formatPkr(p.price_paisa)}`;
  return (
    <fieldset className="bill-line" data-testid={id}>
      <legend>{t('bill.line', { n: index + 1 })}</legend>
      <SelectField
        id={`${id}-what`}
        label={t('bill.lineWhat')}
        autoFocus
        value={line.pick}
        onChange={(e) => onChange({ ...line, pick: e.target.value })}
        error={fieldError(f('service_id')) ?? fieldError(f('item_id'))}
      >
        <option value="">{t('bill.choose')}</option>
        <optgroup label={t('bill.services')}>
          {services.map((p) => (
            <option key={pickOf(p)} value={pickOf(p)}>
              {label(p)}
            </option>
          ))}
        </optgroup>
        {items.length > 0 ? (
          <optgroup label={t('bill.items')}>
            {items.map((p) => (
              <option key={pickOf(p)} value={pickOf(p)}>
                {label(p)}
              </option>
            ))}
          </optgroup>
        ) : null}
      </SelectField>
      <Field
        id={`${id}-quantity`}
        label={t('bill.quantity')}
        inputMode="numeric"
        autoComplete="off"
        dir="ltr"
        className="short"
        value={line.quantity}
        onChange={(e) => onChange({ ...line, quantity: e.target.value })}
        error={fieldError(f('quantity'))}
      />
      {line.discount ? (
        <DiscountFields
          field={f('discount')}
          id={`${id}-discount`}
          legend={t('bill.lineDiscount', { n: index + 1 })}
          value={line.discount}
          onChange={(d) => onChange({ ...line, discount: d })}
          onRemove={() => onChange({ ...line, discount: null })}
          fieldError={fieldError}
        />
      ) : null}
      <div className="actions">
        {line.discount ? null : (
          <Button testId={`${id}-add-discount`} onClick={() => onChange({ ...line, discount: newDiscount() })}>
            {t('bill.addDiscount')}
          </Button>
        )}
        <Button variant="quiet" testId={`${id}-remove`} onClick={onRemove}>
          {t('bill.removeLine', { n: index + 1 })}
        </Button>
      </div>
    </fieldset>
  );
}
