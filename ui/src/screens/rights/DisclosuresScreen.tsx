import './rights.css';
import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { Disclosure } from '../../bindings/Disclosure';
import type { DisclosurePurpose } from '../../bindings/DisclosurePurpose';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField, TextAreaField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { clinicToday, formatDay } from '../../time';
import { PatientPicker } from '../booking/PatientPicker';

const PURPOSES: readonly DisclosurePurpose[] = ['care_team', 'legal', 'other'];

/** The disclosures register, per patient: who was given what, why and when (policy 4). */
export function DisclosuresScreen() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [query, setQuery] = useState('');
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [list, setList] = useState<Disclosure[] | null>(null);
  const [recipient, setRecipient] = useState('');
  const [purpose, setPurpose] = useState<DisclosurePurpose>('care_team');
  const [reason, setReason] = useState('');
  const [what, setWhat] = useState('');
  const [on, setOn] = useState(() => clinicToday());
  const [notice, setNotice] = useState<string | null>(null);
  const loadErr = useCommandError([]);
  const { setError } = loadErr;

  useEffect(() => {
    if (!patient) return;
    let live = true;
    api.listDisclosures(token, patient.id).then(
      (l) => {
        if (live) setList(l);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [patient, token, setError]);

  const submit = useSubmit(['recipient', 'purpose', 'reason', 'what', 'disclosed_on'], async () => {
    if (!patient) return;
    setNotice(null);
    setList(
      await api.recordDisclosure(token, {
        patient_id: patient.id,
        recipient: recipient.trim(),
        purpose,
        reason: reason.trim(),
        what: what.trim(),
        disclosed_on: on.trim(),
      }),
    );
    setRecipient('');
    setReason('');
    setWhat('');
    setNotice(t('disclosures.saved'));
  });
  const fe = submit.err.fieldError;

  return (
    <section aria-labelledby="disclosures-title" className="stack">
      <h1 id="disclosures-title">{t('disclosures.title')}</h1>
      <p className="muted">{t('disclosures.intro')}</p>
      {patient ? (
        <div className="chosen" data-testid="disclosures-patient" data-id={patient.id}>
          <strong>{patient.full_name}</strong>{' '}
          <span className="mono" dir="ltr">
            {patient.mrn}
          </span>{' '}
          <Button
            variant="quiet"
            testId="disclosures-change-patient"
            onClick={() => {
              setPatient(null);
              setList(null);
            }}
          >
            {t('rights.changePatient')}
          </Button>
        </div>
      ) : (
        <PatientPicker idPrefix="disclosures" query={query} onQuery={setQuery} onPick={setPatient} />
      )}
      {loadErr.banner ? <Banner tone="error">{loadErr.banner}</Banner> : null}
      {patient ? (
        <>
          {list === null ? (
            <p>{t('common.loading')}</p>
          ) : list.length === 0 ? (
            <p data-testid="disclosures-empty">{t('disclosures.none')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="disclosures-list">
                <caption className="visually-hidden">{t('disclosures.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('disclosures.field.on')}</th>
                    <th scope="col">{t('disclosures.field.recipient')}</th>
                    <th scope="col">{t('disclosures.field.purpose')}</th>
                    <th scope="col">{t('disclosures.field.reason')}</th>
                    <th scope="col">{t('disclosures.field.what')}</th>
                    <th scope="col">{t('disclosures.col.by')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((d) => (
                    <tr key={d.id} data-testid="disclosure-row" data-id={d.id} data-purpose={d.purpose}>
                      <td className="nowrap" dir="ltr">
                        {formatDay(d.disclosed_on, lang)}
                      </td>
                      <td>{d.recipient}</td>
                      <td>{(PURPOSES as readonly string[]).includes(d.purpose) ? t(`disclosures.purpose.${d.purpose as DisclosurePurpose}`) : d.purpose}</td>
                      <td>{d.reason}</td>
                      <td>{d.what}</td>
                      <td>{d.recorded_by_name}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <form className="card stack" data-testid="disclosure-form" onSubmit={(e) => void submit.onSubmit(e)} noValidate>
            <h2>{t('disclosures.add')}</h2>
            <Field
              id="disclosure-recipient"
              label={t('disclosures.field.recipient')}
              hint={t('disclosures.recipientHint')}
              value={recipient}
              onChange={(e) => setRecipient(e.target.value)}
              error={fe('recipient')}
            />
            <SelectField
              id="disclosure-purpose"
              label={t('disclosures.field.purpose')}
              value={purpose}
              onChange={(e) => setPurpose(e.target.value as DisclosurePurpose)}
              error={fe('purpose')}
            >
              {PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {t(`disclosures.purpose.${p}`)}
                </option>
              ))}
            </SelectField>
            <TextAreaField id="disclosure-reason" label={t('disclosures.field.reason')} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={fe('reason')} />
            <TextAreaField id="disclosure-what" label={t('disclosures.field.what')} rows={2} value={what} onChange={(e) => setWhat(e.target.value)} error={fe('what')} />
            <Field id="disclosure-on" label={t('disclosures.field.on')} hint={t('common.dayHint')} dir="ltr" value={on} onChange={(e) => setOn(e.target.value)} error={fe('disclosed_on')} />
            {notice ? (
              <Banner tone="success" testId="disclosure-notice">
                {notice}
              </Banner>
            ) : null}
            {submit.err.banner ? (
              <Banner tone="error" testId="disclosure-error">
                {submit.err.banner}
              </Banner>
            ) : null}
            <div className="actions">
              <Button type="submit" variant="primary" testId="disclosure-save" busy={submit.busy}>
                {t('disclosures.save')}
              </Button>
            </div>
          </form>
        </>
      ) : null}
    </section>
  );
}
