import { useEffect, useRef, useState } from 'react';
import { api, errorField, toAppError } from '../../api';
import type { Patient } from '../../bindings/Patient';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField, TextAreaField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { PatientSummaryTable } from './PatientSummaryTable';
import {
  CONSENT_METHODS,
  FORM_FIELDS,
  SEXES,
  inputIdOf,
  formAge,
  isChild,
  toPatientInput,
  type PatientForm as FormState,
  type PersonForm,
} from './patientForm';

type Props = {
  initial: FormState;
  /** The patient being corrected; absent when registering. */
  editing: Patient | null;
  onSaved: (p: Patient) => void;
  onCancel: () => void;
  /** Opens another patient's record (a possible duplicate). */
  onOpen: (id: number) => void;
};

/** Registers a patient (with the duplicate check and the under-13 rule) or corrects one. */
export function PatientForm({ initial, editing, onSaved, onCancel, onOpen }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [form, setForm] = useState<FormState>(initial);
  const [duplicates, setDuplicates] = useState<PatientSummary[] | null>(null);
  // Set by "register anyway" just before the form submits; read (and reset) by the submit.
  const acknowledged = useRef<number[] | null>(null);
  const duplicatesRef = useRef<HTMLHeadingElement>(null);
  const child = editing === null && isChild(form);
  const age = formAge(form);

  const submit = useSubmit(
    FORM_FIELDS,
    async () => {
      const ack = acknowledged.current;
      acknowledged.current = null;
      if (editing) {
        onSaved(await api.updatePatient(token, editing.id, toPatientInput(form, { withRelated: false, child: false })));
        return;
      }
      const req = toPatientInput(form, { withRelated: true, child });
      if (ack === null) {
        const found = await api.findDuplicatePatients(token, req);
        if (found.length > 0) {
          setDuplicates(found);
          return;
        }
      }
      try {
        onSaved(await api.registerPatient(token, { ...req, acknowledged_duplicates: ack ?? [] }));
      } catch (e) {
        const ae = toAppError(e);
        // Someone similar was registered meanwhile: show the list again.
        if (errorField(ae) === 'duplicates') {
          const found = await api.findDuplicatePatients(token, req);
          if (found.length > 0) {
            setDuplicates(found);
            return;
          }
        }
        throw ae;
      }
    },
    {
      validate: () => {
        if (form.sex === '') {
          submit.err.setError({ kind: 'validation', field: 'sex', message: t('patients.form.sexRequired') });
          return false;
        }
        return true;
      },
    },
  );
  const { busy, err, onSubmit } = submit;
  const fe = (field: string) => err.fieldError(field);

  // A field error moves the focus to its input, so it is seen and heard.
  const failedField = errorField(err.error);
  useEffect(() => {
    const id = failedField ? inputIdOf(failedField) : undefined;
    if (id) document.getElementById(id)?.focus();
  }, [err.error, failedField]);

  useEffect(() => {
    if (duplicates) duplicatesRef.current?.focus();
  }, [duplicates]);

  const set =
    (k: keyof FormState) =>
    (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [k]: e.target.value }));
  const setPerson =
    (who: 'guardian' | 'emergency', k: keyof PersonForm) =>
    (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [who]: { ...f[who], [k]: e.target.value } }));

  const personFields = (who: 'guardian' | 'emergency', server: string) => (
    <div className="form-grid">
      <Field
        id={`${who}-name`}
        label={t('patients.person.name')}
        autoComplete="off"
        required
        value={form[who].name}
        onChange={setPerson(who, 'name')}
        error={fe(`${server}.name`)}
      />
      <Field
        id={`${who}-relationship`}
        label={t('patients.person.relationship')}
        hint={t('patients.person.relationshipHint')}
        autoComplete="off"
        required
        value={form[who].relationship}
        onChange={setPerson(who, 'relationship')}
        error={fe(`${server}.relationship`)}
      />
      <Field
        id={`${who}-phone`}
        label={t('patients.field.phone')}
        type="tel"
        dir="ltr"
        autoComplete="off"
        required
        value={form[who].phone}
        onChange={setPerson(who, 'phone')}
        error={fe(`${server}.phone`)}
      />
      <Field
        id={`${who}-cnic`}
        label={t('patients.field.cnic')}
        hint={t('patients.field.cnicHint')}
        inputMode="numeric"
        dir="ltr"
        autoComplete="off"
        required={who === 'guardian'}
        value={form[who].cnic}
        onChange={setPerson(who, 'cnic')}
        error={fe(`${server}.cnic`)}
      />
    </div>
  );

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="patient-form-title" data-testid="patient-form">
      <h1 id="patient-form-title">
        {editing ? t('patients.form.editTitle', { name: editing.full_name }) : t('patients.form.newTitle')}
      </h1>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}

      <fieldset>
        <legend>{t('patients.form.identity')}</legend>
        <div className="form-grid">
          <Field
            id="patient-full-name"
            label={t('patients.field.fullName')}
            hint={t('patients.field.fullNameHint')}
            autoComplete="off"
            required
            autoFocus
            value={form.fullName}
            onChange={set('fullName')}
            error={fe('full_name')}
          />
          <Field
            id="patient-name-ur"
            label={t('patients.field.nameUr')}
            dir="rtl"
            lang="ur"
            className="urdu"
            autoComplete="off"
            value={form.nameUr}
            onChange={set('nameUr')}
            error={fe('name_ur')}
          />
          <Field
            id="patient-relative-name"
            label={t('patients.field.relativeName')}
            autoComplete="off"
            value={form.relativeName}
            onChange={set('relativeName')}
            error={fe('relative_name')}
          />
          <SelectField id="patient-sex" label={t('patients.field.sex')} required value={form.sex} onChange={set('sex')} error={fe('sex')}>
            <option value="">{t('patients.form.choose')}</option>
            {SEXES.map((s) => (
              <option key={s} value={s}>
                {t(`sex.${s}`)}
              </option>
            ))}
          </SelectField>
          <Field
            id="patient-birth-date"
            label={t('patients.field.birthDate')}
            hint={t('patients.field.birthDateHint')}
            placeholder="YYYY-MM-DD"
            inputMode="numeric"
            dir="ltr"
            autoComplete="off"
            value={form.birthDate}
            onChange={set('birthDate')}
            error={fe('birth_date')}
          />
          <Field
            id="patient-estimated-age"
            label={t('patients.field.estimatedAge')}
            hint={t('patients.field.estimatedAgeHint')}
            type="number"
            min={0}
            max={120}
            inputMode="numeric"
            className="short"
            value={form.estimatedAge}
            onChange={set('estimatedAge')}
            error={fe('estimated_age')}
          />
        </div>
        <p className="muted" aria-live="polite" data-testid="patient-age-preview">
          {age !== null ? t('patients.form.ageIs', { age }) : null}
        </p>
      </fieldset>

      {child ? (
        <>
          <Banner tone="info" testId="patient-child-notice">
            {t('patients.form.childNotice')}
          </Banner>
          <fieldset data-testid="guardian-section">
            <legend>{t('patients.form.guardian')}</legend>
            {personFields('guardian', 'guardian')}
          </fieldset>
          <fieldset data-testid="parental-consent-section">
            <legend>{t('patients.form.parentalConsent')}</legend>
            <div className="form-grid">
              <Field
                id="consent-given-by"
                label={t('consent.givenBy')}
                hint={t('patients.form.parentalGivenByHint')}
                autoComplete="off"
                required
                value={form.consentGivenBy}
                onChange={set('consentGivenBy')}
                error={fe('parental_consent.given_by') ?? fe('given_by')}
              />
              <SelectField id="consent-method" label={t('consent.method')} value={form.consentMethod} onChange={set('consentMethod')}>
                {CONSENT_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {t(`consent.method.${m}`)}
                  </option>
                ))}
              </SelectField>
            </div>
          </fieldset>
        </>
      ) : null}

      <fieldset>
        <legend>{t('patients.form.contact')}</legend>
        <div className="form-grid">
          <Field
            id="patient-cnic"
            label={t('patients.field.cnic')}
            hint={t('patients.field.cnicHint')}
            inputMode="numeric"
            dir="ltr"
            autoComplete="off"
            value={form.cnic}
            onChange={set('cnic')}
            error={fe('cnic')}
          />
          <Field
            id="patient-phone"
            label={t('patients.field.phone')}
            type="tel"
            dir="ltr"
            autoComplete="off"
            value={form.phone}
            onChange={set('phone')}
            error={fe('phone')}
          />
          <Field
            id="patient-phone-alt"
            label={t('patients.field.phoneAlt')}
            type="tel"
            dir="ltr"
            autoComplete="off"
            value={form.phoneAlt}
            onChange={set('phoneAlt')}
            error={fe('phone_alt')}
          />
          <Field
            id="patient-email"
            label={t('patients.field.email')}
            type="email"
            dir="ltr"
            autoComplete="off"
            value={form.email}
            onChange={set('email')}
            error={fe('email')}
          />
          <TextAreaField
            id="patient-address"
            label={t('patients.field.address')}
            rows={2}
            value={form.address}
            onChange={set('address')}
            error={fe('address')}
          />
          <Field id="patient-city" label={t('patients.field.city')} autoComplete="off" value={form.city} onChange={set('city')} error={fe('city')} />
          <SelectField
            id="patient-language"
            label={t('patients.field.language')}
            value={form.language}
            onChange={set('language')}
            error={fe('preferred_language')}
          >
            <option value="ur">{t('lang.ur')}</option>
            <option value="en">{t('lang.en')}</option>
          </SelectField>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('patients.form.insurance')}</legend>
        <div className="form-grid">
          <Field
            id="patient-insurance-payer"
            label={t('patients.field.insurancePayer')}
            autoComplete="off"
            value={form.insurancePayer}
            onChange={set('insurancePayer')}
            error={fe('insurance_payer')}
          />
          <Field
            id="patient-insurance-policy"
            label={t('patients.field.insurancePolicy')}
            dir="ltr"
            autoComplete="off"
            value={form.insurancePolicy}
            onChange={set('insurancePolicy')}
            error={fe('insurance_policy')}
          />
        </div>
      </fieldset>

      {editing ? null : (
        <fieldset data-testid="emergency-section">
          <legend>{t('patients.form.emergency')}</legend>
          <p className="field-hint">{t('patients.form.emergencyHint')}</p>
          {personFields('emergency', 'emergency_contact')}
        </fieldset>
      )}

      <TextAreaField
        id="patient-reception-note"
        label={t('patients.field.receptionNote')}
        hint={t('patients.field.receptionNoteHint')}
        rows={3}
        value={form.receptionNote}
        onChange={set('receptionNote')}
        error={fe('reception_note')}
      />

      <div className="actions">
        <Button
          type="submit"
          variant="primary"
          busy={busy}
          testId="patient-save"
          onClick={() => {
            acknowledged.current = null;
          }}
        >
          {editing ? t('common.save') : t('patients.form.register')}
        </Button>
        <Button onClick={onCancel} testId="patient-cancel">
          {t('common.cancel')}
        </Button>
      </div>

      {duplicates && !editing ? (
        <section className="confirm" aria-labelledby="duplicates-title" data-testid="duplicates">
          <h2 id="duplicates-title" tabIndex={-1} ref={duplicatesRef}>
            {t('patients.duplicates.title')}
          </h2>
          <p>{t('patients.duplicates.explain')}</p>
          <PatientSummaryTable
            caption={t('patients.duplicates.title')}
            rows={duplicates}
            rowTestId="duplicate-candidate"
            action={(p) => (
              <Button
                variant="quiet"
                testId={`duplicate-open-${p.id}`}
                aria-label={t('patients.openLabel', { name: p.full_name })}
                onClick={() => onOpen(p.id)}
              >
                {t('patients.open')}
              </Button>
            )}
          />
          <div className="actions">
            <Button
              type="submit"
              variant="primary"
              busy={busy}
              testId="duplicates-confirm"
              onClick={() => {
                acknowledged.current = duplicates.map((d) => d.id);
              }}
            >
              {t('patients.duplicates.confirm')}
            </Button>
          </div>
        </section>
      ) : null}
    </form>
  );
}
