import { useCallback, useState } from 'react';
import { api } from '../../../api';
import type { Note } from '../../../bindings/Note';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDateTime } from '../../../time';
import { PartView } from '../PartView';
import { usePart } from '../usePart';
import { AmendForm } from './AmendForm';
import { NoteStatusTags } from './NoteStatusTags';

type Props = {
  noteId: number;
  /** The note as already loaded (latest_note, sign_note); otherwise it is opened with get_note. */
  initial?: Note | null | undefined;
  mayWrite: boolean;
  onOpen: (noteId: number) => void;
  onEdit: (draft: Note) => void;
  onBack: () => void;
};

/** One note as signed: its sections in the template's order and every version of it. */
export function NoteViewer({ noteId, initial = null, mayWrite, onOpen, onEdit, onBack }: Props) {
  const { token } = useSession();
  const load = useCallback(
    () => (initial && initial.summary.id === noteId ? Promise.resolve(initial) : api.getNote(token, noteId)),
    [initial, noteId, token],
  );
  const { part, reload } = usePart(load);
  return (
    <PartView part={part} onRetry={reload}>
      {(note) => <Shown note={note} mayWrite={mayWrite} onOpen={onOpen} onEdit={onEdit} onBack={onBack} />}
    </PartView>
  );
}

function Shown({ note, mayWrite, onOpen, onEdit, onBack }: { note: Note } & Omit<Props, 'noteId' | 'initial'>) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const [amending, setAmending] = useState(false);
  const s = note.summary;
  const mine = s.author_id === me.id;
  const amendable = mayWrite && s.status === 'signed' && s.amended_by === null;
  const original = s.amends !== null ? note.versions.find((v) => v.id === s.amends) : undefined;
  return (
    <article className="card note-view" data-testid="note-view" data-id={s.id} data-status={s.status} aria-labelledby="note-view-title">
      <div className="title-row">
        <h2 id="note-view-title">
          {s.template_name} <span className="muted">{formatDateTime(s.signed_at ?? s.created_at, lang)}</span>
        </h2>
        <Button variant="quiet" testId="note-back" onClick={onBack}>
          {t('note.backToList')}
        </Button>
      </div>
      <p className="muted">
        {t('note.by', { name: s.author_name })} <NoteStatusTags note={s} />
      </p>
      {s.amended_by !== null ? (
        <Banner tone="info" testId="note-amended-notice">
          {t('note.amendedNotice')}{' '}
          <Button variant="quiet" testId="note-open-amendment" onClick={() => onOpen(s.amended_by as number)}>
            {t('note.openAmendment')}
          </Button>
        </Banner>
      ) : null}
      {s.amends !== null ? (
        <p className="amend-reason" data-testid="note-amend-reason-shown">
          {t('note.amendsWithReason', {
            date: original ? formatDateTime(original.signed_at ?? original.created_at, lang) : `#${s.amends}`,
            reason: s.amend_reason ?? '',
          })}
        </p>
      ) : null}
      <dl className="note-sections">
        {note.sections.map((sec) => (
          <div key={sec.key} data-testid={`note-view-section-${sec.key}`}>
            <dt>{sec.title}</dt>
            <dd className={sec.text ? undefined : 'muted'}>
              {sec.text ? (sec.kind === 'score_0_10' ? t('note.scoreOf', { score: sec.text }) : sec.text) : t('common.none')}
            </dd>
          </div>
        ))}
      </dl>
      {note.content_sha256 ? (
        <p className="muted sha" dir="ltr" title={t('note.sha')}>
          SHA-256 {note.content_sha256.slice(0, 16)}…
        </p>
      ) : null}
      {note.versions.length > 1 ? (
        <section aria-labelledby="note-versions-title">
          <h3 id="note-versions-title">{t('note.versions')}</h3>
          <ol className="note-versions">
            {note.versions.map((v) => (
              <li key={v.id} data-testid="note-version" data-id={v.id} data-status={v.status} data-amended={v.amended_by !== null} aria-current={v.id === s.id || undefined}>
                <button type="button" className="link-button" onClick={() => onOpen(v.id)} disabled={v.id === s.id}>
                  {v.amends === null ? t('note.original') : t('note.amendment')} · {formatDateTime(v.signed_at ?? v.created_at, lang)} · {v.author_name}
                </button>{' '}
                <NoteStatusTags note={v} />
                {v.amend_reason ? <span className="muted"> — {v.amend_reason}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <div className="actions">
        {s.status === 'draft' && mine ? (
          <Button variant="primary" testId="note-continue" onClick={() => onEdit(note)}>
            {t('note.continue')}
          </Button>
        ) : null}
        {amendable && !amending ? (
          <Button testId="note-amend" onClick={() => setAmending(true)}>
            {t('note.amend')}
          </Button>
        ) : null}
      </div>
      {amending ? <AmendForm noteId={s.id} onAmending={onEdit} onCancel={() => setAmending(false)} /> : null}
    </article>
  );
}
