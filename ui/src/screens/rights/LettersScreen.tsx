import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { Language } from '../../bindings/Language';
import type { LetterTemplate } from '../../bindings/LetterTemplate';
import type { Outcome } from '../../bindings/Outcome';
import type { RequestKind } from '../../bindings/RequestKind';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, TextAreaField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatWhen } from '../../time';
import { REQUEST_KINDS } from './words';

/** The placeholders a letter may use, in the order the back end lists them (rights/letters.rs). */
const LETTER_PLACEHOLDERS = [
  'patient_name',
  'requester_name',
  'request_type',
  'received_on',
  'due_on',
  'decided_on',
  'outcome_details',
  'reason',
  'clinic_name',
  'clinic_phone',
  'reference',
] as const;

const OUTCOMES: readonly Outcome[] = ['fulfilled', 'refused'];
const LANGUAGES: readonly Language[] = ['en', 'ur'];

type Draft = { subject: string; body: string };
const keyOf = (t: { kind: string; outcome: string; language: string }) => `${t.kind}-${t.outcome}-${t.language}`;
const rank = (t: LetterTemplate) =>
  REQUEST_KINDS.indexOf(t.kind as RequestKind) * 4 + OUTCOMES.indexOf(t.outcome as Outcome) * 2 + LANGUAGES.indexOf(t.language as Language);

type Props = { onBack: () => void };

/** The privacy officer's letters and settings: the letter templates and the days given to answer a request. */
export function LettersScreen({ onBack }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [templates, setTemplates] = useState<LetterTemplate[] | null>(null);
  const [dueDays, setDueDays] = useState<number | null>(null);
  // What was typed into each letter, kept when another letter is opened, until it is saved.
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const load = useCallback(async () => {
    try {
      const [all, days] = await Promise.all([api.rightsLetterTemplates(token), api.rightsDueDays(token)]);
      setTemplates(all);
      setDueDays(days);
    } catch (e) {
      setError(e);
    }
  }, [token, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the letters is the effect
    void load();
  }, [load]);

  const nameOf = (l: { kind: string; outcome: string; language: string }) =>
    t('letters.name', {
      kind: t(`rights.kind.${l.kind as RequestKind}`),
      outcome: t(`letters.outcome.${l.outcome as Outcome}`),
      language: t(`lang.${l.language as Language}`),
    });

  const sorted = templates ? [...templates].sort((a, b) => rank(a) - rank(b)) : [];
  const current = sorted.find((l) => keyOf(l) === open) ?? null;

  return (
    <section aria-labelledby="letters-title" className="stack">
      <div className="title-row">
        <h1 id="letters-title">{t('letters.title')}</h1>
        <div className="actions">
          <Button testId="letters-back" onClick={onBack}>
            {t('letters.back')}
          </Button>
        </div>
      </div>
      <p className="muted">{t('letters.intro')}</p>
      {err.banner ? (
        <Banner tone="error" testId="letters-error">
          {err.banner}
        </Banner>
      ) : null}
      {dueDays !== null ? <DueDaysForm days={dueDays} onSaved={setDueDays} /> : null}
      <h2>{t('letters.templates')}</h2>
      {notice ? (
        <Banner tone="success" testId="letter-notice">
          {notice}
        </Banner>
      ) : null}
      {templates === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : (
        <table className="table" data-testid="letters-list">
          <thead>
            <tr>
              <th scope="col">{t('letters.col.kind')}</th>
              <th scope="col">{t('letters.col.outcome')}</th>
              <th scope="col">{t('letters.col.language')}</th>
              <th scope="col">{t('letters.col.updated')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('letters.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((l) => {
              const k = keyOf(l);
              return (
                <tr key={k} data-testid="letter-row" data-kind={l.kind} data-outcome={l.outcome} data-language={l.language} aria-selected={k === open}>
                  <td>{t(`rights.kind.${l.kind as RequestKind}`)}</td>
                  <td>{t(`letters.outcome.${l.outcome as Outcome}`)}</td>
                  <td>{t(`lang.${l.language as Language}`)}</td>
                  <td>
                    {l.updated_at ? formatWhen(l.updated_at, lang) : t('letters.asInstalled')}
                    {drafts[k] ? (
                      <span className="overdue-tag" data-testid="letter-unsaved">
                        {' '}
                        {t('letters.unsaved')}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <Button testId={`letter-edit-${k}`} aria-label={t('letters.editLabel', { name: nameOf(l) })} onClick={() => setOpen(k)}>
                      {t('letters.edit')}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {current ? (
        <LetterEditor
          key={keyOf(current)}
          template={current}
          name={nameOf(current)}
          draft={drafts[keyOf(current)] ?? null}
          onDraft={(d) => setDrafts((all) => ({ ...all, [keyOf(current)]: d }))}
          onClose={() => setOpen(null)}
          onSaved={(all) => {
            setTemplates(all);
            setDrafts((all) => {
              const rest = { ...all };
              delete rest[keyOf(current)];
              return rest;
            });
            setNotice(t('letters.saved', { name: nameOf(current) }));
          }}
          onEdit={() => setNotice(null)}
        />
      ) : (
        <p className="muted">{t('letters.pick')}</p>
      )}
    </section>
  );
}

type EditorProps = {
  template: LetterTemplate;
  name: string;
  draft: Draft | null;
  onDraft: (d: Draft) => void;
  onClose: () => void;
  onSaved: (all: LetterTemplate[]) => void;
  onEdit: () => void;
};

function LetterEditor({ template, name, draft, onDraft, onClose, onSaved, onEdit }: EditorProps) {
  const { t } = useI18n();
  const { token } = useSession();
  const subject = draft?.subject ?? template.subject;
  const body = draft?.body ?? template.body;
  const language = template.language as Language;
  const dir = language === 'ur' ? 'rtl' : 'ltr';
  const submit = useSubmit(['subject', 'body'], async () => {
    onSaved(
      await api.setRightsLetterTemplate(token, {
        kind: template.kind as RequestKind,
        outcome: template.outcome as Outcome,
        language,
        subject,
        body,
      }),
    );
  });
  const edit = (d: Draft) => {
    onEdit();
    onDraft(d);
  };
  return (
    <form
      className="card stack"
      aria-labelledby="letter-editor-title"
      data-testid="letter-editor"
      data-kind={template.kind}
      data-outcome={template.outcome}
      data-language={template.language}
      onSubmit={(e) => void submit.onSubmit(e)}
      noValidate
    >
      <h3 id="letter-editor-title">{t('letters.editing', { name })}</h3>
      <div className="letter-editor">
        <div className="stack letter-fields">
          <Field
            id="letter-subject"
            label={t('letters.subject')}
            dir={dir}
            lang={language}
            value={subject}
            onChange={(e) => edit({ subject: e.target.value, body })}
            error={submit.err.fieldError('subject')}
          />
          <TextAreaField
            id="letter-body"
            label={t('letters.body')}
            dir={dir}
            lang={language}
            rows={14}
            value={body}
            onChange={(e) => edit({ subject, body: e.target.value })}
            error={submit.err.fieldError('body')}
          />
        </div>
        <aside className="letter-placeholders" aria-labelledby="letter-placeholders-title" data-testid="letter-placeholders">
          <h4 id="letter-placeholders-title">{t('letters.placeholders')}</h4>
          <p className="muted">{t('letters.placeholdersIntro')}</p>
          <dl>
            {LETTER_PLACEHOLDERS.map((p) => (
              <div key={p} data-testid={`letter-placeholder-${p}`}>
                <dt dir="ltr">
                  <code>{`{${p}}`}</code>
                </dt>
                <dd>{t(`letters.ph.${p}`)}</dd>
              </div>
            ))}
          </dl>
        </aside>
      </div>
      {submit.err.banner ? (
        <Banner tone="error" testId="letter-error">
          {submit.err.banner}
        </Banner>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" testId="letter-save" busy={submit.busy}>
          {t('common.save')}
        </Button>
        <Button testId="letter-close" onClick={onClose}>
          {t('letters.close')}
        </Button>
      </div>
    </form>
  );
}

function DueDaysForm({ days, onSaved }: { days: number; onSaved: (n: number) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [typed, setTyped] = useState(String(days));
  const [localError, setLocalError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = useSubmit(
    ['rights_due_days', 'days'],
    async () => {
      const saved = await api.setRightsDueDays(token, Number(typed.trim()));
      setNotice(t('letters.dueSaved', { days: saved }));
      onSaved(saved);
    },
    {
      validate: () => {
        setNotice(null);
        // The back end takes a whole number; anything else is told here, by the box.
        const ok = /^\d{1,4}$/.test(typed.trim());
        setLocalError(ok ? null : t('letters.dueWhole'));
        return ok;
      },
    },
  );
  return (
    <form className="card stack" aria-labelledby="due-days-title" data-testid="due-days-form" onSubmit={(e) => void submit.onSubmit(e)} noValidate>
      <h2 id="due-days-title">{t('letters.dueTitle')}</h2>
      {notice ? (
        <Banner tone="success" testId="rights-due-days-notice">
          {notice}
        </Banner>
      ) : null}
      <div className="form-row">
        <Field
          id="rights-due-days"
          label={t('letters.dueDays')}
          hint={t('letters.dueHint')}
          inputMode="numeric"
          dir="ltr"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          error={localError ?? submit.err.fieldError('rights_due_days') ?? submit.err.fieldError('days')}
        />
      </div>
      {submit.err.banner ? (
        <Banner tone="error" testId="rights-due-days-banner">
          {submit.err.banner}
        </Banner>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" testId="rights-due-days-save" busy={submit.busy}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
