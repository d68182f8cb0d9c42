import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { AmendedEntity } from '../../bindings/AmendedEntity';
import type { Disclosure } from '../../bindings/Disclosure';
import type { DisputedRecord } from '../../bindings/DisputedRecord';
import type { IdentityMethod } from '../../bindings/IdentityMethod';
import type { Language } from '../../bindings/Language';
import type { ObjectionPurpose } from '../../bindings/ObjectionPurpose';
import type { RightsRequest } from '../../bindings/RightsRequest';
import type { RightsRequestDetail } from '../../bindings/RightsRequestDetail';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField, TextAreaField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDay, formatWhen } from '../../time';
import { FulfilWork } from './FulfilWork';
import { IDENTITY_METHODS, OBJECTION_PURPOSES, WORK_KINDS, isClosed } from './words';

const isWork = (kind: string) => WORK_KINDS.includes(kind);

type Props = {
  id: number;
  onBack: () => void;
};

/** One request: what was asked, its history of steps, the next step, and the letter once answered. */
export function RequestDetail({ id, onBack }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [detail, setDetail] = useState<RightsRequestDetail | null>(null);
  const [toTell, setToTell] = useState<Disclosure[] | null>(null);
  // What was done, and the file it saved (shown apart, so it can be copied or opened).
  const [notice, setNotice] = useState<{ text: string; paths?: string[] } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const err = useCommandError([]);
  const { setError, clear } = err;

  const load = useCallback(async () => {
    try {
      setDetail(await api.getRightsRequest(token, id));
    } catch (e) {
      setError(e);
    }
  }, [token, id, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the request is the effect
    void load();
  }, [load]);

  // After each step the history is read again, so it shows who did it and when.
  const stepped = async (r: RightsRequest) => {
    setNotice({ text: t('rights.stepDone', { state: t(`rights.state.${r.state}`) }) });
    await load();
  };

  const letter = async (language: Language) => {
    clear();
    setNotice(null);
    setBusy(`letter-${language}`);
    try {
      setNotice({ text: t('rights.letterSaved'), paths: [await api.exportRightsLetter(token, id, language)] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };


  if (!detail) {
    return (
      <section className="stack">
        <Button testId="rights-back" onClick={onBack}>
          {t('common.back')}
        </Button>
        {err.banner ? (
          <Banner tone="error" testId="rights-detail-error">
            {err.banner}
          </Banner>
        ) : (
          <p>{t('common.loading')}</p>
        )}
      </section>
    );
  }

  const r = detail.request;
  return (
    <section aria-labelledby="rights-detail-title" className="stack" data-testid="rights-detail" data-id={r.id} data-state={r.state}>
      <div className="title-row">
        <h1 id="rights-detail-title">
          {t('rights.detailTitle', { kind: t(`rights.kind.${r.kind}`), name: r.patient_name })}
        </h1>
        <Button testId="rights-back" onClick={onBack}>
          {t('common.back')}
        </Button>
      </div>
      <dl className="facts card">
        <dt>{t('rights.col.state')}</dt>
        <dd data-testid="rights-state">{t(`rights.state.${r.state}`)}</dd>
        <dt>{t('rights.col.mrn')}</dt>
        <dd dir="ltr">{r.mrn}</dd>
        <dt>{t('rights.col.requester')}</dt>
        <dd>
          {r.requester_name} ({t(`rights.by.${r.requested_by}`)})
        </dd>
        <dt>{t('rights.field.receivedOn')}</dt>
        <dd dir="ltr">{formatDay(r.received_on, lang)}</dd>
        <dt>{t('rights.field.dueOn')}</dt>
        <dd dir="ltr">{formatDay(r.due_on, lang)}</dd>
        <dt>{t('rights.field.details')}</dt>
        <dd className="pre">{r.details ?? t('common.none')}</dd>
        {r.identity_method ? (
          <>
            <dt>{t('rights.field.method')}</dt>
            <dd>
              {t(`rights.method.${r.identity_method}`)}
              {r.identity_notes ? ` — ${r.identity_notes}` : ''}
            </dd>
          </>
        ) : null}
        {r.outcome_details ? (
          <>
            <dt>{t('rights.field.outcome')}</dt>
            <dd className="pre" data-testid="rights-outcome">
              {r.outcome_details}
            </dd>
          </>
        ) : null}
        {r.refusal_reason ? (
          <>
            <dt>{t('rights.field.reason')}</dt>
            <dd className="pre" data-testid="rights-refusal">
              {r.refusal_reason}
            </dd>
          </>
        ) : null}
      </dl>

      {notice ? (
        <Banner tone="success" testId="rights-notice">
          {notice.text}
          {notice.paths?.map((path) => (
            <code key={path} className="saved-path" dir="ltr" data-testid="rights-saved-path">
              {path}
            </code>
          ))}
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="rights-detail-error">
          {err.banner}
        </Banner>
      ) : null}

      {toTell && toTell.length > 0 ? (
        <Banner tone="warning" testId="rights-recipients">
          <p>{t('rights.tellRecipients')}</p>
          <ul>
            {toTell.map((d) => (
              <li key={d.id}>{`${d.recipient} — ${d.disclosed_on}`}</li>
            ))}
          </ul>
        </Banner>
      ) : null}

      {isClosed(r.state) ? (
        <div className="card stack" data-testid="rights-letters">
          <h2>{t('rights.letter')}</h2>
          <p className="muted">{t('rights.letterIntro')}</p>
          <div className="actions">
            <Button variant="primary" testId="rights-letter-en" busy={busy === 'letter-en'} onClick={() => void letter('en')}>
              {t('rights.letterEn')}
            </Button>
            <Button variant="primary" testId="rights-letter-ur" busy={busy === 'letter-ur'} onClick={() => void letter('ur')}>
              {t('rights.letterUr')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="stack" data-testid="rights-steps">
          {r.state === 'received' ? <VerifyForm id={r.id} onDone={stepped} /> : null}
          {r.state === 'identity_verified' ? <StartForm id={r.id} onDone={stepped} /> : null}
          {r.state === 'in_progress' && isWork(r.kind) ? (
            <FulfilWork
              request={r}
              onDone={async (paths, req) => {
                await stepped(req);
                if (paths.length > 0) setNotice({ text: t('rights.work.saved'), paths });
              }}
            />
          ) : null}
          {r.state === 'in_progress' && !isWork(r.kind) ? (
            <FulfilForm
              request={r}
              onDone={async (recipients, req) => {
                setToTell(recipients);
                await stepped(req);
              }}
            />
          ) : null}
          <RefuseForm request={r} onDone={stepped} />
        </div>
      )}

      <h2>{t('rights.history')}</h2>
      <ol className="rights-history" data-testid="rights-history">
        {detail.events.map((e, i) => (
          <li key={i} data-testid="rights-event" data-to={e.to_state}>
            <strong>{isKnownState(e.to_state) ? t(`rights.state.${e.to_state}`) : e.to_state}</strong>{' '}
            <span className="muted">{t('rights.eventBy', { name: e.staff_name, when: formatWhen(e.at, lang) })}</span>
            {e.note ? <p className="pre">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

const STATES = ['received', 'identity_verified', 'in_progress', 'fulfilled', 'refused'] as const;
function isKnownState(s: string): s is (typeof STATES)[number] {
  return (STATES as readonly string[]).includes(s);
}

type StepProps = { id: number; onDone: (r: RightsRequest) => Promise<void> };

function VerifyForm({ id, onDone }: StepProps) {
  const { t } = useI18n();
  const { token } = useSession();
  const [method, setMethod] = useState<IdentityMethod>('cnic_seen');
  const [notes, setNotes] = useState('');
  const submit = useSubmit(['method', 'notes'], async () => {
    await onDone(await api.verifyRightsIdentity(token, id, { method, notes: notes.trim() }));
  });
  return (
    <form className="card stack" data-testid="rights-verify-form" onSubmit={(e) => void submit.onSubmit(e)} noValidate>
      <h2>{t('rights.verifyTitle')}</h2>
      <SelectField
        id="rights-verify-method"
        label={t('rights.field.method')}
        value={method}
        onChange={(e) => setMethod(e.target.value as IdentityMethod)}
        error={submit.err.fieldError('method')}
      >
        {IDENTITY_METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`rights.method.${m}`)}
          </option>
        ))}
      </SelectField>
      <Field
        id="rights-verify-notes"
        label={t('rights.field.verifyNotes')}
        hint={t('rights.verifyHint')}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        error={submit.err.fieldError('notes')}
      />
      {submit.err.banner ? <Banner tone="error">{submit.err.banner}</Banner> : null}
      <div className="actions">
        <Button type="submit" variant="primary" testId="rights-verify" busy={submit.busy}>
          {t('rights.verify')}
        </Button>
      </div>
    </form>
  );
}

function StartForm({ id, onDone }: StepProps) {
  const { t } = useI18n();
  const { token } = useSession();
  const [note, setNote] = useState('');
  const submit = useSubmit(['note'], async () => {
    await onDone(await api.startRightsWork(token, id, note.trim()));
  });
  return (
    <form className="card stack" data-testid="rights-start-form" onSubmit={(e) => void submit.onSubmit(e)} noValidate>
      <h2>{t('rights.startTitle')}</h2>
      <Field
        id="rights-start-note"
        label={t('rights.field.startNote')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={submit.err.fieldError('note')}
      />
      {submit.err.banner ? <Banner tone="error">{submit.err.banner}</Banner> : null}
      <div className="actions">
        <Button type="submit" variant="primary" testId="rights-start" busy={submit.busy}>
          {t('rights.start')}
        </Button>
      </div>
    </form>
  );
}

type FulfilProps = {
  request: RightsRequest;
  onDone: (recipients: Disclosure[], r: RightsRequest) => Promise<void>;
};

const AMENDED: readonly AmendedEntity[] = ['patient_details', 'note'];
const DISPUTED: readonly DisputedRecord[] = [
  'patient_details',
  'physiotherapy',
  'psychology',
  'pharmacy',
  'conditions',
  'allergies',
  'medications',
];

function FulfilForm({ request, onDone }: FulfilProps) {
  const { t } = useI18n();
  const { token } = useSession();
  const [outcome, setOutcome] = useState('');
  const [purposes, setPurposes] = useState<ObjectionPurpose[]>([]);
  const [change, setChange] = useState('');
  const [entity, setEntity] = useState<AmendedEntity>('patient_details');
  const [amendedId, setAmendedId] = useState('');
  const objection = request.kind === 'objection';
  const correction = request.kind === 'correction';
  const submit = useSubmit(['outcome_details', 'objection_purposes', 'correction.change', 'correction.amended'], async () => {
    const done = await api.fulfilRightsRequest(token, request.id, {
      outcome_details: outcome.trim(),
      objection_purposes: objection ? purposes : [],
      ...(correction
        ? {
            correction: {
              change: change.trim(),
              amended: { entity, id: entity === 'patient_details' ? request.patient_id : Number(amendedId) || 0 },
            },
          }
        : {}),
    });
    await onDone(done.recipients_to_tell, done.request);
  });
  const fe = submit.err.fieldError;
  const toggle = (p: ObjectionPurpose) =>
    setPurposes((old) => (old.includes(p) ? old.filter((x) => x !== p) : [...old, p]));

  return (
    <form className="card stack" data-testid="rights-fulfil-form" onSubmit={(e) => void submit.onSubmit(e)} noValidate>
      <h2>{t('rights.fulfilTitle')}</h2>
      {objection ? (
        <fieldset className={fe('objection_purposes') ? 'field field-invalid' : 'field'}>
          <legend>{t('rights.field.purposes')}</legend>
          {OBJECTION_PURPOSES.map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                data-testid={`rights-purpose-${p}`}
                checked={purposes.includes(p)}
                onChange={() => toggle(p)}
              />{' '}
              {t(`objection.purpose.${p}`)}
            </label>
          ))}
          {fe('objection_purposes') ? (
            <p className="field-error" role="alert" data-testid="rights-purposes-error">
              {fe('objection_purposes')}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {correction ? (
        <>
          <TextAreaField
            id="rights-correction-change"
            label={t('rights.field.change')}
            rows={3}
            value={change}
            onChange={(e) => setChange(e.target.value)}
            error={fe('correction.change')}
          />
          <SelectField
            id="rights-correction-entity"
            label={t('rights.field.amended')}
            value={entity}
            onChange={(e) => setEntity(e.target.value as AmendedEntity)}
            error={fe('correction.amended')}
          >
            {AMENDED.map((a) => (
              <option key={a} value={a}>
                {t(`rights.amended.${a}`)}
              </option>
            ))}
          </SelectField>
          {entity === 'note' ? (
            <Field
              id="rights-correction-note-id"
              label={t('rights.field.noteId')}
              inputMode="numeric"
              dir="ltr"
              value={amendedId}
              onChange={(e) => setAmendedId(e.target.value)}
            />
          ) : null}
        </>
      ) : null}
      <TextAreaField
        id="rights-outcome"
        label={t('rights.field.outcome')}
        hint={t('rights.outcomeHint')}
        rows={3}
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        error={fe('outcome_details')}
      />
      {submit.err.banner ? <Banner tone="error">{submit.err.banner}</Banner> : null}
      <div className="actions">
        <Button type="submit" variant="primary" testId="rights-fulfil" busy={submit.busy}>
          {t('rights.fulfil')}
        </Button>
      </div>
    </form>
  );
}

function RefuseForm({ request, onDone }: { request: RightsRequest; onDone: (r: RightsRequest) => Promise<void> }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [statement, setStatement] = useState('');
  const [disputes, setDisputes] = useState<DisputedRecord | ''>('');
  const correction = request.kind === 'correction';
  const submit = useSubmit(['reason', 'statement', 'disputes'], async () => {
    await onDone(
      await api.refuseRightsRequest(token, request.id, {
        reason: reason.trim(),
        ...(correction && statement.trim() !== ''
          ? { statement: statement.trim(), ...(disputes === '' ? {} : { disputes }) }
          : {}),
      }),
    );
  });
  if (!open) {
    return (
      <div className="actions">
        <Button variant="danger" testId="rights-refuse-open" onClick={() => setOpen(true)}>
          {t('rights.refuseOpen')}
        </Button>
      </div>
    );
  }
  return (
    <form className="card stack" data-testid="rights-refuse-form" onSubmit={(e) => void submit.onSubmit(e)} noValidate>
      <h2>{t('rights.refuseTitle')}</h2>
      <TextAreaField
        id="rights-refuse-reason"
        label={t('rights.field.reason')}
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={submit.err.fieldError('reason')}
      />
      {correction ? (
        <TextAreaField
          id="rights-refuse-statement"
          label={t('rights.field.statement')}
          hint={t('rights.statementHint')}
          rows={3}
          value={statement}
          onChange={(e) => setStatement(e.target.value)}
          error={submit.err.fieldError('statement')}
        />
      ) : null}
      {correction && statement.trim() !== '' ? (
        <SelectField
          id="rights-refuse-disputes"
          label={t('rights.field.disputes')}
          hint={t('rights.disputesHint')}
          value={disputes}
          onChange={(e) => setDisputes(e.target.value as DisputedRecord | '')}
          error={submit.err.fieldError('disputes')}
        >
          <option value="">{t('rights.disputes.choose')}</option>
          {DISPUTED.map((d) => (
            <option key={d} value={d}>
              {t(`rights.disputes.${d}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
      {submit.err.banner ? <Banner tone="error">{submit.err.banner}</Banner> : null}
      <div className="actions">
        <Button type="submit" variant="danger" testId="rights-refuse" busy={submit.busy}>
          {t('rights.refuse')}
        </Button>
        <Button testId="rights-refuse-cancel" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
