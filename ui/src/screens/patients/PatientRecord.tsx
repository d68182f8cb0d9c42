import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../../api';
import type { Consent } from '../../bindings/Consent';
import type { ConsentMethod } from '../../bindings/ConsentMethod';
import type { ConsentPurpose } from '../../bindings/ConsentPurpose';
import type { Patient } from '../../bindings/Patient';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, SelectField } from '../../components/Field';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { isMessageKey } from '../../i18n/translate';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';
import { isClinician } from '../chart/clinician';
import { BillingSection } from '../billing/record/BillingSection';
import { ObjectionsPanel } from './ObjectionsPanel';
import { CONSENT_METHODS, CONSENT_PURPOSES } from './patientForm';


type Props = {
  id: number;
  /** The record as the server just returned it (after saving); otherwise it is opened with get_patient. */
  initial: Patient | null;
  onBack: () => void;
  onEdit: (p: Patient) => void;
  /** Opens the clinical chart; offered to clinicians only. */
  onOpenChart?: ((p: Patient) => void) | undefined;
  /** A notice to show on opening, e.g. "registered". */
  notice?: string | null;
};

/** One patient's record: details, related people and consents. */
export function PatientRecord({ id, initial, onBack, onEdit, onOpenChart, notice: firstNotice = null }: Props) {
  const { t, lang } = useI18n();
  const { token, can, me } = useSession();
  const [patient, setPatient] = useState<Patient | null>(initial);
  const [notice, setNotice] = useState<string | null>(firstNotice);
  const [asking, setAsking] = useState<Consent | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const err = useCommandError([]);
  const { setError } = err;

  const load = useCallback(async () => {
    try {
      setPatient(await api.getPatient(token, id));
    } catch (e) {
      setError(e);
    }
  }, [token, id, setError]);

  const loaded = patient !== null;
  const titleRef = useRef<HTMLHeadingElement>(null);
  // The record takes the focus when it opens, so a keyboard or screen reader starts at its name.
  useEffect(() => {
    if (loaded) titleRef.current?.focus();
  }, [loaded]);
  useEffect(() => {
    if (loaded) return;
    // Only on opening: a loaded record is not fetched (and audited) again.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opening the record is the effect
    void load();
  }, [load, loaded]);

  const setConsents = (consents: Consent[]) => setPatient((p) => (p ? { ...p, consents } : p));

  const withdraw = async (c: Consent) => {
    setWithdrawing(true);
    err.clear();
    setNotice(null);
    try {
      setConsents(await api.withdrawConsent(token, c.id));
      setNotice(t('consent.withdrawn', { purpose: purposeLabel(c.purpose) }));
    } catch (e) {
      err.setError(e);
    } finally {
      setWithdrawing(false);
      setAsking(null);
    }
  };

  const purposeLabel = (p: string) => {
    const key = `consent.purpose.${p}`;
    return isMessageKey(key) ? t(key) : p;
  };
  const methodLabel = (m: string) => {
    const key = `consent.method.${m}`;
    return isMessageKey(key) ? t(key) : m;
  };
  const kindLabel = (k: string) => {
    const key = `patients.related.${k}`;
    return isMessageKey(key) ? t(key) : k;
  };

  if (!patient) {
    return (
      <section className="stack" data-testid="patient-record" aria-busy={err.banner ? undefined : true}>
        <div>
          <Button variant="quiet" testId="patient-back" onClick={onBack}>
            {t('patients.back')}
          </Button>
        </div>
        {err.banner ? <Banner tone="error">{err.banner}</Banner> : <p>{t('common.loading')}</p>}
      </section>
    );
  }

  const none = t('common.none');
  const ltr = (v: string | null) => (v ? <span dir="ltr">{v}</span> : none);
  const details: [string, ReactNode, string?][] = [
    [t('patients.field.relativeName'), patient.relative_name ?? none],
    [
      t('patients.col.age'),
      <>
        {t('patients.ageYears', { age: patient.age })}
        {patient.birth_date_estimated ? (
          <>
            {' '}
            <span className="tag" data-testid="patient-age-estimated">
              {t('patients.estimated')}
            </span>
          </>
        ) : (
          <>
            {' '}
            <span className="muted" dir="ltr">
              ({patient.birth_date})
            </span>
          </>
        )}
      </>,
      'record-age',
    ],
    [t('patients.field.sex'), t(`sex.${patient.sex}`), 'record-sex'],
    [t('patients.field.cnic'), ltr(patient.cnic), 'record-cnic'],
    [t('patients.field.phone'), ltr(patient.phone), 'record-phone'],
    [t('patients.field.phoneAlt'), ltr(patient.phone_alt)],
    [t('patients.field.email'), ltr(patient.email)],
    [t('patients.field.address'), [patient.address, patient.city].filter(Boolean).join(lang === 'ur' ? '، ' : ', ') || none],
    [t('patients.field.language'), t(`lang.${patient.preferred_language}`)],
    [
      t('patients.form.insurance'),
      patient.insurance_payer || patient.insurance_policy ? (
        <>
          {patient.insurance_payer ?? none} {patient.insurance_policy ? <span dir="ltr">({patient.insurance_policy})</span> : null}
        </>
      ) : (
        none
      ),
    ],
  ];

  return (
    <section aria-labelledby="patient-record-title" className="stack" data-testid="patient-record" data-id={patient.id}>
      <div className="title-row">
        <div>
          <Button variant="quiet" testId="patient-back" onClick={onBack}>
            {t('patients.back')}
          </Button>
        </div>
        <div className="actions">
          {onOpenChart && isClinician(me) ? (
            <Button variant="primary" testId="chart-open" onClick={() => onOpenChart(patient)}>
              {t('chart.open')}
            </Button>
          ) : null}
          {can('register_patients') ? (
            <Button testId="patient-edit" onClick={() => onEdit(patient)}>
              {t('patients.edit')}
            </Button>
          ) : null}
        </div>
      </div>
      {notice ? (
        <Banner tone="success" testId="patient-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}

      <div className="card patient-header">
        <p className="mrn" data-testid="patient-mrn" dir="ltr">
          {patient.mrn}
        </p>
        <h1 id="patient-record-title" className="patient-names" tabIndex={-1} ref={titleRef}>
          <span data-testid="patient-name">{patient.full_name}</span>
          {patient.name_ur ? (
            <span className="urdu" dir="rtl" lang="ur" data-testid="patient-name-ur">
              {patient.name_ur}
            </span>
          ) : null}
        </h1>
        <dl className="details">
          {details.map(([label, value, testId]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd data-testid={testId}>{value}</dd>
            </div>
          ))}
        </dl>
        {patient.reception_note ? (
          <div className="note" data-testid="record-reception-note">
            <h2>{t('patients.field.receptionNote')}</h2>
            <p>{patient.reception_note}</p>
          </div>
        ) : null}
      </div>

      <section className="card" aria-labelledby="related-title">
        <h2 id="related-title">{t('patients.related.title')}</h2>
        {patient.related.length === 0 ? (
          <p className="muted">{t('patients.related.none')}</p>
        ) : (
          <ul className="related-list">
            {patient.related.map((r) => (
              <li key={r.id} data-testid="related-person" data-kind={r.kind}>
                <strong>{kindLabel(r.kind)}:</strong> {r.name} ({r.relationship}){r.phone ? <> · <span dir="ltr">{r.phone}</span></> : null}
                {r.cnic ? (
                  <>
                    {' '}
                    · {t('patients.field.cnic')} <span dir="ltr">{r.cnic}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="stack" aria-labelledby="consents-title">
        <h2 id="consents-title">{t('consent.title')}</h2>
        {patient.consents.length === 0 ? (
          <p className="muted" data-testid="consents-empty">
            {t('consent.none')}
          </p>
        ) : (
          <Table
            caption={t('consent.title')}
            testId="consent-table"
            head={[t('consent.purpose'), t('consent.givenBy'), t('consent.method'), t('consent.date'), t('consent.status')]}
          >
            {patient.consents.map((c) => (
              <tr key={c.id} data-testid="consent-row" data-id={c.id} data-purpose={c.purpose} className={c.withdrawn_at ? 'inactive' : undefined}>
                <td>{purposeLabel(c.purpose)}</td>
                <td>{c.given_by}</td>
                <td>{methodLabel(c.method)}</td>
                <td className="nowrap">{formatDateTime(c.given_at, lang)}</td>
                <td>
                  {c.withdrawn_at ? (
                    t('consent.withdrawnOn', { date: formatDateTime(c.withdrawn_at, lang) })
                  ) : can('record_consents') ? (
                    <Button
                      variant="danger"
                      testId={`consent-withdraw-${c.id}`}
                      aria-label={t('consent.withdrawLabel', { purpose: purposeLabel(c.purpose) })}
                      busy={withdrawing && asking?.id === c.id}
                      onClick={() => setAsking(c)}
                    >
                      {t('consent.withdraw')}
                    </Button>
                  ) : (
                    t('consent.given')
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
        {asking ? (
          <ConfirmDialog
            testId="withdraw-confirm"
            danger
            message={t('consent.confirmWithdraw', { purpose: purposeLabel(asking.purpose) })}
            confirmLabel={t('consent.withdraw')}
            busy={withdrawing}
            onConfirm={() => void withdraw(asking)}
            onCancel={() => setAsking(null)}
          />
        ) : null}
        {can('record_consents') ? (
          <AddConsentForm
            patientId={patient.id}
            onAdded={(all, purpose) => {
              setConsents(all);
              setNotice(t('consent.added', { purpose: purposeLabel(purpose) }));
            }}
          />
        ) : null}
      </section>
      <ObjectionsPanel patientId={patient.id} />
      {can('bill') ? <BillingSection patientId={patient.id} /> : null}
    </section>
  );
}

function AddConsentForm({ patientId, onAdded }: { patientId: number; onAdded: (all: Consent[], purpose: ConsentPurpose) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [purpose, setPurpose] = useState<ConsentPurpose>('treatment');
  const [givenBy, setGivenBy] = useState('');
  const [method, setMethod] = useState<ConsentMethod>('in_person');
  const { busy, err, onSubmit } = useSubmit(['given_by', 'purpose', 'method'], async () => {
    const all = await api.recordConsent(token, patientId, { purpose, given_by: givenBy.trim(), method });
    setGivenBy('');
    onAdded(all, purpose);
  });
  return (
    <form className="card filters" onSubmit={onSubmit} noValidate aria-labelledby="consent-add-title" data-testid="consent-form">
      <h3 id="consent-add-title" className="full-row">
        {t('consent.addTitle')}
      </h3>
      {err.banner ? (
        <div className="full-row">
          <Banner tone="error">{err.banner}</Banner>
        </div>
      ) : null}
      <SelectField
        id="consent-purpose"
        label={t('consent.purpose')}
        value={purpose}
        onChange={(e) => setPurpose(e.target.value as ConsentPurpose)}
        error={err.fieldError('purpose')}
      >
        {CONSENT_PURPOSES.map((p) => (
          <option key={p} value={p}>
            {t(`consent.purpose.${p}`)}
          </option>
        ))}
      </SelectField>
      <Field
        id="consent-given-by"
        label={t('consent.givenBy')}
        hint={t('consent.givenByHint')}
        autoComplete="off"
        required
        value={givenBy}
        onChange={(e) => setGivenBy(e.target.value)}
        error={err.fieldError('given_by')}
      />
      <SelectField
        id="consent-method"
        label={t('consent.method')}
        value={method}
        onChange={(e) => setMethod(e.target.value as ConsentMethod)}
        error={err.fieldError('method')}
      >
        {CONSENT_METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`consent.method.${m}`)}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="consent-add">
          {t('consent.add')}
        </Button>
      </div>
    </form>
  );
}
