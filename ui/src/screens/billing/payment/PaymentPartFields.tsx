import type { PaymentMethod } from '../../../bindings/PaymentMethod';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { useI18n } from '../../../i18n/context';
import { MoneyText } from '../Money';
import { METHODS, changeDue, tenderedShort, type PartDraft } from './parts';

type Props = {
  index: number;
  part: PartDraft;
  onChange: (p: PartDraft) => void;
  /** Null when this is the only part. */
  onRemove: (() => void) | null;
  fieldError: (field: string) => string | undefined;
  autoFocus?: boolean;
};

/** One method of a payment: how, how much, the cash handed over or the reference. */
export function PaymentPartFields({ index, part, onChange, onRemove, fieldError, autoFocus = false }: Props) {
  const { t } = useI18n();
  const f = (name: string) => `parts.${index}.${name}`;
  const id = (name: string) => `pay-${index}-${name}`;
  const change = changeDue(part);
  return (
    <fieldset className="pay-part" data-testid={`pay-part-${index}`}>
      <legend>{t('bill.part', { n: index + 1 })}</legend>
      <SelectField
        id={id('method')}
        label={t('bill.method')}
        value={part.method}
        onChange={(e) => onChange({ ...part, method: e.target.value as PaymentMethod })}
        error={fieldError(f('method'))}
      >
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`bill.method.${m}`)}
          </option>
        ))}
      </SelectField>
      <Field
        id={id('amount')}
        label={t('bill.amount')}
        hint={t('bill.amountHint')}
        inputMode="decimal"
        autoComplete="off"
        dir="ltr"
        autoFocus={autoFocus}
        value={part.amount}
        onChange={(e) => onChange({ ...part, amount: e.target.value })}
        error={fieldError(f('amount'))}
      />
      {part.method === 'cash' ? (
        <div>
          <Field
            id={id('tendered')}
            label={t('bill.tendered')}
            hint={t('bill.tenderedHint')}
            inputMode="decimal"
            autoComplete="off"
            dir="ltr"
            value={part.tendered}
            onChange={(e) => onChange({ ...part, tendered: e.target.value })}
            error={fieldError(f('tendered')) ?? (tenderedShort(part) ? t('bill.tenderedShort') : undefined)}
          />
          {change !== null ? (
            <p className="change-due" data-testid={id('change')} aria-live="polite">
              <MoneyText text={t('bill.changeDue')} paisa={change} />
            </p>
          ) : null}
        </div>
      ) : (
        <Field
          id={id('reference')}
          label={t('bill.reference')}
          hint={t(`bill.reference.${part.method}`)}
          autoComplete="off"
          dir="ltr"
          value={part.reference}
          onChange={(e) => onChange({ ...part, reference: e.target.value })}
          error={fieldError(f('reference'))}
        />
      )}
      {onRemove ? (
        <div className="actions">
          <Button variant="quiet" testId={id('remove')} onClick={onRemove}>
            {t('bill.removePart')}
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
