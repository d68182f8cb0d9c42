import type { DiscountKind } from '../../../bindings/DiscountKind';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { useI18n } from '../../../i18n/context';
import type { DiscountDraft } from './draft';

type Props = {
  /** The service's name for where it sits: "discount" or "lines.2.discount". */
  field: string;
  /** The DOM id prefix. */
  id: string;
  legend: string;
  value: DiscountDraft;
  onChange: (d: DiscountDraft) => void;
  onRemove: () => void;
  fieldError: (field: string) => string | undefined;
};

/**
 * A discount: an amount or a percentage, and always a reason. A refusal of the whole
 * discount (above the desk's limit) is shown under it, in the service's words.
 */
export function DiscountFields({ field, id, legend, value, onChange, onRemove, fieldError }: Props) {
  const { t } = useI18n();
  const whole = fieldError(field);
  return (
    <fieldset className="discount" data-testid={id}>
      <legend>{legend}</legend>
      <SelectField
        id={`${id}-kind`}
        label={t('bill.discountKind')}
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.target.value as DiscountKind })}
      >
        <option value="amount">{t('bill.discountAmount')}</option>
        <option value="percent">{t('bill.discountPercent')}</option>
      </SelectField>
      <Field
        id={`${id}-value`}
        label={t('bill.discountValue')}
        hint={value.kind === 'amount' ? t('bill.discountValueHintAmount') : t('bill.discountValueHintPercent')}
        inputMode="decimal"
        autoComplete="off"
        dir="ltr"
        autoFocus
        value={value.value}
        onChange={(e) => onChange({ ...value, value: e.target.value })}
        error={fieldError(`${field}.value`)}
      />
      <Field
        id={`${id}-reason`}
        label={t('bill.discountReason')}
        hint={t('bill.discountReasonHint')}
        autoComplete="off"
        value={value.reason}
        onChange={(e) => onChange({ ...value, reason: e.target.value })}
        error={fieldError(`${field}.reason`)}
      />
      {whole ? (
        <p className="field-error" role="alert" data-testid={`${id}-error`}>
          {whole}
        </p>
      ) : null}
      <div className="actions">
        <Button variant="quiet" testId={`${id}-remove`} onClick={onRemove}>
          {t('bill.removeDiscount')}
        </Button>
      </div>
    </fieldset>
  );
}
