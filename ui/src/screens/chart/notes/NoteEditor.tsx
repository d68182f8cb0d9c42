import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import { api, errorField, toAppError, type AppError } from '../../../api';
import type { Note } from '../../../bindings/Note';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Field, TextAreaField } from '../../../components/Field';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDateTime } from '../../../time';
import { SaveState } from './SaveState';
import { useAutosave } from './useAutosave';

type Props = {
  note: Note;
  /** After the draft is safely saved. */
  onClose: () => void;
  onSigned: (signed: Note) => void;
  onDiscarded: () => void;
};

type Asking = 'sign' | 'discard' | null;

const contentOf = (note: Note) => Object.fromEntries(note.sections.map((s) => [s.key, s.text]));

/**
 * Today's note: a field per section of its template, saved as it is typed. Ctrl+S
 * saves now, Ctrl+Enter asks to sign. Whatever was typed stays on screen when a save
 * fails, and leaving saves first.
 */
export function NoteEditor({ note, onClose, onSigned, onDiscarded }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const noteId = note.summary.id;
  const initial = useMemo(() => contentOf(note), [note]);
  const [content, setContent] = useState<Record<string, string>>(initial);
  const [asking, setAsking] = useState<Asking>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const save = useCallback((c: Record<string, string>) => api.saveNoteDraft(token, noteId, c), [token, noteId]);
  const autosave = useAutosave(save, initial, note.summary.updated_at);
  const { state, changed, flush } = autosave;

  const saveError = state.kind === 'error' ? state.error : null;
  const shown = actionError ?? saveError;
  const field = errorField(shown);
  const sectionError = (key: string) => (field === `content.${key}` ? shown?.message : undefined);
  const onSection = field?.startsWith('content.') && note.sections.some((s) => field === `content.${s.key}`);
  const banner = shown && !onSection ? shown.message || t('common.errorUnknown') : undefined;

  const type = (key: string, text: string) => {
    const next = { ...content, [key]: text };
    setContent(next);
    setActionError(null);
    changed(next);
  };

  const askToSign = async () => {
    setActionError(null);
    if (await flush()) setAsking('sign');
  };

  const sign = async () => {
    setBusy(true);
    try {
      onSigned(await api.signNote(token, noteId));
    } catch (e) {
      setActionError(toAppError(e));
      setAsking(null);
    } finally {
      setBusy(false);
    }
  };

  const discard = async () => {
    setBusy(true);
    try {
      await api.discardNoteDraft(token, noteId);
      onDiscarded();
    } catch (e) {
      setActionError(toAppError(e));
      setAsking(null);
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    if (await flush()) onClose();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    if (e.key === 's' || e.key === 'S' || e.code === 'KeyS') {
      e.preventDefault();
      void flush();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (asking === 'sign') void sign();
      else void askToSign();
    }
  };

  const s = note.summary;
  return (
    <section className="card note-editor" data-testid="note-editor" data-id={noteId} aria-labelledby="note-editor-title" onKeyDown={onKeyDown}>
      <div className="title-row">
        <h2 id="note-editor-title">
          {s.template_name} <span className="muted">{formatDateTime(s.created_at, lang)}</span>
        </h2>
        <SaveState state={state} banner={banner} />
      </div>
      {s.amends !== null ? (
        <Banner tone="info" testId="note-amending">
          {t('note.amending', { reason: s.amend_reason ?? '' })}
        </Banner>
      ) : null}
      {banner && actionError ? <Banner tone="error" testId="note-error">{banner}</Banner> : null}
      <form noValidate onSubmit={(e) => e.preventDefault()} aria-label={s.template_name}>
        {note.sections.map((sec, i) =>
          sec.kind === 'score_0_10' ? (
            <Field
              key={sec.key}
              id={`note-section-${sec.key}`}
              label={sec.title}
              hint={t('note.scoreHint')}
              className="short"
              inputMode="numeric"
              autoComplete="off"
              maxLength={2}
              dir="ltr"
              autoFocus={i === 0}
              value={content[sec.key] ?? ''}
              onChange={(e) => type(sec.key, e.target.value)}
              onBlur={() => void flush()}
              error={sectionError(sec.key)}
            />
          ) : (
            <TextAreaField
              key={sec.key}
              id={`note-section-${sec.key}`}
              label={sec.title}
              rows={4}
              autoFocus={i === 0}
              value={content[sec.key] ?? ''}
              onChange={(e) => type(sec.key, e.target.value)}
              onBlur={() => void flush()}
              error={sectionError(sec.key)}
            />
          ),
        )}
      </form>
      <p className="muted key-hint">{t('note.keys')}</p>
      <div className="actions">
        <Button variant="primary" testId="note-sign" aria-keyshortcuts="Control+Enter" busy={busy && asking === 'sign'} onClick={() => void askToSign()}>
          {t('note.sign')}
        </Button>
        <Button testId="note-save" aria-keyshortcuts="Control+S" onClick={() => void flush()}>
          {t('note.saveNow')}
        </Button>
        <Button testId="note-close" onClick={() => void close()}>
          {t('note.close')}
        </Button>
        <Button variant="danger" testId="note-discard" onClick={() => setAsking('discard')}>
          {t('note.discard')}
        </Button>
      </div>
      {asking === 'sign' ? (
        <ConfirmDialog
          testId="note-sign-dialog"
          confirmTestId="note-sign-confirm"
          cancelTestId="note-sign-cancel"
          message={t('note.signConfirm')}
          confirmLabel={t('note.signNow')}
          busy={busy}
          onConfirm={() => void sign()}
          onCancel={() => setAsking(null)}
        />
      ) : null}
      {asking === 'discard' ? (
        <ConfirmDialog
          testId="note-discard-dialog"
          confirmTestId="note-discard-confirm"
          danger
          message={t('note.discardConfirm')}
          confirmLabel={t('note.discard')}
          busy={busy}
          onConfirm={() => void discard()}
          onCancel={() => setAsking(null)}
        />
      ) : null}
    </section>
  );
}
