import { useState } from 'react';
import { api, errorField } from '../../api';
import type { Dispensing } from '../../bindings/Dispensing';
import type { ItemStock } from '../../bindings/ItemStock';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField, TextAreaField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { PatientPicker } from '../booking/PatientPicker';
import { itemName } from './stock';

/** As the back end counts it (`MIN_OVERRIDE_CHARS` in src-tauri/src/pharmacy/dispense.rs). */
export const OVERRIDE_REASON_MIN = 10;

type Chosen = { id: number; name: string; mrn: string };

type Props = {
  stock: ItemStock[];
  /** The patient, when dispensing from their chart; otherwise searched for here. */
  patient?: Chosen | null | undefined;
  onDispensed: (d: Dispensing) => void;
};

const FIELDS = ['patient_id', 'item_id', 'batch_id', 'quantity', 'instructions', 'allergy_override_reason', 'appointment_id'];

/**
 * Dispensing to a patient: item, batch (or the first to expire), quantity, the label.
 * An allergy the item may touch comes back as a warning, not an error: the pharmacist
 * checks, and may go ahead with a reason that the back end audits.
 */
export function DispenseForm({ stock, patient: fixed = null, onDispensed }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Chosen | null>(null);
  const [itemId, setItemId] = useState('');
  const [batchId, setBatchId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [instructions, setInstructions] = useState('');
  const [warning, setWarning] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const patient = fixed ?? picked;
  const item = stock.find((s) => String(s.item.id) === itemId);

  const clearWarning = () => {
    setWarning(null);
    setReason('');
  };

  const { busy, err, onSubmit } = useSubmit(
    FIELDS,
    async () => {
      if (!patient) return;
      const d = await api.dispense(token, {
        patient_id: patient.id,
        item_id: Number(itemId),
        batch_id: batchId === '' ? null : Number(batchId),
        quantity: Number(quantity.trim()),
        instructions,
        allergy_override_reason: warning ? reason : null,
        appointment_id: null,
      });
      setDone(
        t('dispense.done', {
          quantity: d.quantity,
          item: itemName({ name: d.item_name, strength: d.strength, form: d.form }),
          batch: d.batch_no,
          expires: d.expires_on,
          name: patient.name,
        }),
      );
      setQuantity('');
      setInstructions('');
      setBatchId('');
      clearWarning();
      onDispensed(d);
    },
    {
      validate: () => {
        setDone(null);
        const problems: Record<string, string> = {};
        if (!patient) problems.patient_id = t('dispense.pickPatient');
        if (itemId === '') problems.item_id = t('dispense.pickItem');
        if (quantity.trim() === '' || !Number.isFinite(Number(quantity.trim()))) problems.quantity = t('dispense.quantityNumber');
        if (warning && [...reason.trim()].length < OVERRIDE_REASON_MIN) {
          problems.allergy_override_reason = t('dispense.overrideShort', { min: OVERRIDE_REASON_MIN });
        }
        setLocal(problems);
        return Object.keys(problems).length === 0;
      },
      onError: (e) => {
        if (e.kind === 'conflict' && errorField(e) === 'allergy_override_reason') {
          setWarning(e.message);
          return 'handled';
        }
      },
    },
  );
  const errorOf = (field: string) => local[field] ?? err.fieldError(field);

  return (
    <form className="card dispense-form" onSubmit={onSubmit} noValidate data-testid="dispense-form" aria-labelledby="dispense-title">
      <h2 id="dispense-title">{t('dispense.title')}</h2>
      {done ? (
        <Banner tone="success" testId="dispense-notice">
          {done}
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="dispense-error">
          {err.banner}
        </Banner>
      ) : null}
      {patient ? (
        <p className="chosen" data-testid="dispense-chosen-patient" data-id={patient.id}>
          <strong>{t('book.patient')}:</strong> {patient.name} <span dir="ltr">{patient.mrn}</span>{' '}
          {fixed ? null : (
            <Button
              variant="quiet"
              testId="dispense-change-patient"
              onClick={() => {
                setPicked(null);
                clearWarning();
              }}
            >
              {t('dispense.changePatient')}
            </Button>
          )}
        </p>
      ) : (
        <>
          <PatientPicker
            idPrefix="dispense"
            query={query}
            onQuery={setQuery}
            onPick={(p: PatientSummary) => {
              setPicked({ id: p.id, name: p.full_name, mrn: p.mrn });
              clearWarning();
            }}
          />
          {local.patient_id ? (
            <p className="field-error" role="alert" data-testid="dispense-patient-error">
              {local.patient_id}
            </p>
          ) : null}
        </>
      )}
      <div className="form-grid">
        <SelectField
          id="dispense-item"
          label={t('dispense.item')}
          value={itemId}
          onChange={(e) => {
            setItemId(e.target.value);
            setBatchId('');
            clearWarning();
          }}
          error={errorOf('item_id')}
        >
          <option value="">{t('measure.choose')}</option>
          {stock.map((s) => (
            <option key={s.item.id} value={String(s.item.id)}>
              {t('dispense.itemOption', { item: itemName(s.item), generic: s.item.generic_name, count: s.item.in_stock })}
            </option>
          ))}
        </SelectField>
        <SelectField id="dispense-batch" label={t('dispense.batch')} value={batchId} onChange={(e) => setBatchId(e.target.value)} error={errorOf('batch_id')}>
          <option value="">{t('dispense.batchAuto')}</option>
          {(item?.batches ?? []).map((b) => (
            <option key={b.id} value={String(b.id)} disabled={b.expired}>
              {t(b.expired ? 'dispense.batchExpired' : 'dispense.batchOption', { batch: b.batch_no, expires: b.expires_on, count: b.quantity })}
            </option>
          ))}
        </SelectField>
        <Field
          id="dispense-quantity"
          label={t('dispense.quantity')}
          className="short"
          inputMode="numeric"
          dir="ltr"
          autoComplete="off"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          error={errorOf('quantity')}
        />
      </div>
      <TextAreaField
        id="dispense-instructions"
        label={t('dispense.instructions')}
        hint={t('dispense.instructionsHint')}
        rows={2}
        value={instructions}
        onChange={(e) => setInstructions(e.target.value)}
        error={errorOf('instructions')}
      />
      {warning ? (
        <div className="allergy-warning" data-testid="dispense-allergy-warning" role="alert">
          <p className="allergy-warning-text">
            <strong>{t('dispense.allergyTitle')}</strong> {warning}
          </p>
          <TextAreaField
            id="dispense-override-reason"
            label={t('dispense.overrideReason')}
            hint={t('dispense.overrideHint', { min: OVERRIDE_REASON_MIN })}
            rows={2}
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={errorOf('allergy_override_reason')}
          />
        </div>
      ) : null}
      <div className="actions">
        <Button type="submit" variant={warning ? 'danger' : 'primary'} busy={busy} testId="dispense-submit">
          {warning ? t('dispense.submitAnyway') : t('dispense.submit')}
        </Button>
        {warning ? (
          <Button testId="dispense-override-cancel" onClick={clearWarning}>
            {t('dispense.dontDispense')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
