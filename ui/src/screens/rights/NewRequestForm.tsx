import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { Patient } from '../../bindings/Patient';
import type { PatientSummary } from '../../bindings/PatientSummary';
import type { RequestKind } from '../../bindings/RequestKind';
import type { RequestedBy } from '../../bindings/RequestedBy';
import type { RightsRequest } from '../../bindings/RightsRequest';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField, TextAreaField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { addDays, clinicToday, isDay } from '../../time';
import { PatientPicker } from '../booking/PatientPicker';
import { CHILD_UNDER, REQUEST_KINDS } from './words';

const FIELDS = ['kind', 'patient_id', 'requested_by', 'guardian_id', 'received_on', 'due_on', 'details'] as const;

type Props = {
  onDone: (r: RightsRequest) => void;
  onCancel: () => void;
};

/** Records a request as received: who it is about, who asked, when, and by when it is answered. */
export function NewRequestForm({ onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<PatientSummary | null>(null);
  const [record, setRecord] = useState<Patient | null>(null);
  const [kind, setKind] = useState<RequestKind>('access');
  const [requestedBy, setRequestedBy] = useState<RequestedBy>('patient');
  const [guardianId, setGuardianId] = useState('');
  const [received, setReceived] = useState(() => clinicToday());
  const [dueDays, setDueDays] = useState<number | null>(null);
  // Until the person types a due date of their own, it follows the date received.
  const [dueTyped, setDueTyped] = useState<string | null>(null);
  const [details, setDetails] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.rightsDueDays(token).then(
      (d) => {
        if (live) setDueDays(d);
      },
      () => {
        // Without the setting the due date is left empty: the back end then uses its default.
      },
    );
    return () => {
      live = false;
    };
  }, [token]);

  const due = dueTyped ?? (dueDays !== null && isDay(received) ? addDays(received, dueDays) : '');
  const guardians = record?.related.filter((p) => p.kind === 'guardian') ?? [];
  const child = picked !== null && picked.age < CHILD_UNDER;
  const by: RequestedBy = child ? 'guardian' : requestedBy;

  const pick = async (p: PatientSummary) => {
    setPicked(p);
    setRecord(null);
    setGuardianId('');
    setLoadError(null);
    if (p.age < CHILD_UNDER) setRequestedBy('guardian');
    try {
      const full = await api.getPatient(token, p.id);
      setRecord(full);
      const gs = full.related.filter((r) => r.kind === 'guardian');
      if (gs.length === 1 && gs[0]) setGuardianId(String(gs[0].id));
    } catch (e) {
      const m = (e as { message?: string }).message;
      setLoadError(m || t('common.errorUnknown'));
    }
  };

  const submit = useSubmit(FIELDS, async () => {
    if (!picked) return;
    const r = await api.recordRightsRequest(token, {
      kind,
      patient_id: picked.id,
      requested_by: by,
      ...(by === 'guardian' && guardianId !== '' ? { guardian_id: Number(guardianId) } : {}),
      details: details.trim(),
      received_on: received.trim(),
      due_on: due.trim(),
    });
    onDone(r);
  });
  const fe = submit.err.fieldError;

  return (
    <section aria-labelledby="rights-new-title" className="stack">
      <div className="title-row">
        <h1 id="rights-new-title">{t('rights.newTitle')}</h1>
        <Button testId="rights-new-cancel" onClick={onCancel}>
          {t('common.back')}
        </Button>
      </div>
      <form className="card stack" data-testid="rights-form" onSubmit={(e) => void submit.onSubmit(e)} noValidate>
        {picked ? (
          <div className="chosen" data-testid="rights-chosen-patient" data-id={picked.id}>
            <strong>{picked.full_name}</strong>{' '}
            <span className="mono" dir="ltr">
              {picked.mrn}
            </span>{' '}
            <span className="muted">{t('patients.ageYears', { age: picked.age })}</span>{' '}
            <Button
              variant="quiet"
              testId="rights-change-patient"
              onClick={() => {
                setPicked(null);
                setRecord(null);
                setGuardianId('');
              }}
            >
              {t('rights.changePatient')}
            </Button>
            {fe('patient_id') ? (
              <p className="field-error" role="alert" data-testid="rights-patient-error">
                {fe('patient_id')}
              </p>
            ) : null}
          </div>
        ) : (
          <PatientPicker idPrefix="rights" query={query} onQuery={setQuery} onPick={(p) => void pick(p)} />
        )}
        {loadError ? <Banner tone="error">{loadError}</Banner> : null}

        <SelectField
          id="rights-kind"
          label={t('rights.field.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as RequestKind)}
          error={fe('kind')}
        >
          {REQUEST_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`rights.kind.${k}`)}
            </option>
          ))}
        </SelectField>

        <fieldset
          className={fe('requested_by') ? 'field field-invalid' : 'field'}
          aria-describedby={[child ? 'rights-requested-by-hint' : null, fe('requested_by') ? 'rights-requested-by-error' : null].filter(Boolean).join(' ') || undefined}
        >
          <legend>{t('rights.field.requestedBy')}</legend>
          {child ? (
            <p id="rights-requested-by-hint" className="field-hint" data-testid="rights-child-hint">
              {t('rights.childHint', { age: CHILD_UNDER })}
            </p>
          ) : null}
          <div className="radio-row">
            <label>
              <input
                type="radio"
                name="rights-requested-by"
                value="patient"
                data-testid="rights-by-patient"
                checked={by === 'patient'}
                disabled={child}
                onChange={() => setRequestedBy('patient')}
              />{' '}
              {t('rights.by.patient')}
            </label>
            <label>
              <input
                type="radio"
                name="rights-requested-by"
                value="guardian"
                data-testid="rights-by-guardian"
                checked={by === 'guardian'}
                onChange={() => setRequestedBy('guardian')}
              />{' '}
              {t('rights.by.guardian')}
            </label>
          </div>
          {fe('requested_by') ? (
            <p id="rights-requested-by-error" className="field-error" role="alert" data-testid="rights-requested-by-error">
              {fe('requested_by')}
            </p>
          ) : null}
        </fieldset>

        {by === 'guardian' ? (
          picked && record && guardians.length === 0 ? (
            <p className="field-error" role="alert" data-testid="rights-no-guardian">
              {t('rights.noGuardian')}
            </p>
          ) : (
            <SelectField
              id="rights-guardian"
              label={t('rights.field.guardian')}
              value={guardianId}
              onChange={(e) => setGuardianId(e.target.value)}
              error={fe('guardian_id')}
            >
              <option value="">{t('rights.chooseGuardian')}</option>
              {guardians.map((g) => (
                <option key={g.id} value={g.id}>
                  {`${g.name} (${g.relationship})`}
                </option>
              ))}
            </SelectField>
          )
        ) : null}

        <div className="form-row">
          <Field
            id="rights-received-on"
            label={t('rights.field.receivedOn')}
            hint={t('common.dayHint')}
            dir="ltr"
            value={received}
            onChange={(e) => setReceived(e.target.value)}
            error={fe('received_on')}
          />
          <Field
            id="rights-due-on"
            label={t('rights.field.dueOn')}
            hint={dueDays !== null ? t('rights.dueHint', { days: dueDays }) : t('common.dayHint')}
            dir="ltr"
            value={due}
            onChange={(e) => setDueTyped(e.target.value)}
            error={fe('due_on')}
          />
        </div>

        <TextAreaField
          id="rights-details"
          label={t('rights.field.details')}
          hint={t('rights.detailsHint')}
          rows={4}
          value={details}
          onChange={(e) => setDetails(e.target.value)}
          error={fe('details')}
        />

        {submit.err.banner ? (
          <Banner tone="error" testId="rights-form-error">
            {submit.err.banner}
          </Banner>
        ) : null}
        <div className="actions">
          <Button type="submit" variant="primary" testId="rights-save" busy={submit.busy} disabled={!picked}>
            {t('rights.save')}
          </Button>
        </div>
      </form>
    </section>
  );
}
