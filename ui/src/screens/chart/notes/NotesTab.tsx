import { useCallback, useEffect, useState } from 'react';
import { api, toAppError } from '../../../api';
import type { Discipline } from '../../../bindings/Discipline';
import type { Note } from '../../../bindings/Note';
import type { NoteSummary } from '../../../bindings/NoteSummary';
import type { NoteTemplate } from '../../../bindings/NoteTemplate';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDateTime } from '../../../time';
import { useChart } from '../ChartContext';
import { DISCIPLINES, disciplinesOf } from '../clinician';
import { PartView } from '../PartView';
import { usePart } from '../usePart';
import { DraftOffer } from './DraftOffer';
import { NoteEditor } from './NoteEditor';
import { NoteList } from './NoteList';
import { NoteViewer } from './NoteViewer';
import { TemplatePicker } from './TemplatePicker';

type Mode =
  | { kind: 'list' }
  | { kind: 'pick' }
  | { kind: 'view'; id: number; initial?: Note | undefined }
  | { kind: 'edit'; note: Note; offeredBack: boolean };

type Props = {
  /** A note to open at once (a link from the timeline). */
  openNoteId?: number | undefined;
};

/** Session notes: the list, the last session one click away, and today's note. */
export function NotesTab({ openNoteId }: Props) {
  const { t, lang } = useI18n();
  const { token, me } = useSession();
  const { patientId, openings } = useChart();
  const mine = disciplinesOf(me);
  const [discipline, setDiscipline] = useState<Discipline>(mine[0] ?? 'physiotherapy');
  const [mode, setMode] = useState<Mode>(openNoteId !== undefined ? { kind: 'view', id: openNoteId } : { kind: 'list' });
  const [changes, setChanges] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const mayWrite = mine.includes(discipline);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a timeline link opens its note
    if (openNoteId !== undefined) setMode({ kind: 'view', id: openNoteId });
  }, [openNoteId]);

  const loadNotes = useCallback(
    () => api.listNotes(token, patientId, discipline),
    // `openings` and `changes`: load again after emergency access, signing, discarding.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, patientId, discipline, openings, changes],
  );
  const notes = usePart(loadNotes);
  const [drafts, setDrafts] = useState<NoteSummary[]>([]);
  useEffect(() => {
    if (!mayWrite) return;
    let live = true;
    api.myNoteDrafts(token, patientId).then(
      (list) => {
        if (live) setDrafts(list);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [token, patientId, mayWrite, changes]);
  const myDrafts = mayWrite ? drafts.filter((d) => d.discipline === discipline) : [];

  const toList = (message: string | null = null) => {
    setNotice(message);
    setError(null);
    setChanges((n) => n + 1);
    setMode({ kind: 'list' });
  };

  const latest = async () => {
    setNotice(null);
    setError(null);
    try {
      const note = await api.latestNote(token, patientId, discipline);
      if (note) setMode({ kind: 'view', id: note.summary.id, initial: note });
      else setNotice(t('note.noLatest'));
    } catch (e) {
      setError(toAppError(e).message || t('common.errorUnknown'));
    }
  };

  const start = async (template: NoteTemplate) => {
    setStarting(true);
    setError(null);
    try {
      const note = await api.startNote(token, patientId, template.id);
      setMode({ kind: 'edit', note, offeredBack: drafts.some((d) => d.id === note.summary.id) });
    } catch (e) {
      setError(toAppError(e).message || t('common.errorUnknown'));
    } finally {
      setStarting(false);
    }
  };

  const continueDraft = async (d: NoteSummary) => {
    setError(null);
    try {
      setMode({ kind: 'edit', note: await api.getNote(token, d.id), offeredBack: false });
    } catch (e) {
      setError(toAppError(e).message || t('common.errorUnknown'));
    }
  };

  if (mode.kind === 'edit') {
    return (
      <div className="stack" data-testid="notes">
        {mode.offeredBack ? (
          <Banner tone="info" testId="note-offered-back">
            {t('note.offeredBack', { date: formatDateTime(mode.note.summary.created_at, lang) })}
          </Banner>
        ) : null}
        <NoteEditor
          key={mode.note.summary.id}
          note={mode.note}
          onClose={() => toList()}
          onSigned={(signed) => {
            setChanges((n) => n + 1);
            setNotice(t('note.signedNotice'));
            setMode({ kind: 'view', id: signed.summary.id, initial: signed });
          }}
          onDiscarded={() => toList(t('note.discardedNotice'))}
        />
      </div>
    );
  }

  return (
    <div className="stack" data-testid="notes">
      <div className="title-row">
        <div className="segmented" role="group" aria-label={t('note.discipline')}>
          {[...mine, ...DISCIPLINES.filter((d) => !mine.includes(d))].map((d) => (
            <button
              key={d}
              type="button"
              className="segment"
              data-testid={`notes-discipline-${d}`}
              aria-pressed={d === discipline}
              onClick={() => {
                setDiscipline(d);
                setNotice(null);
                setError(null);
                setMode({ kind: 'list' });
              }}
            >
              {t(`discipline.${d}`)}
            </button>
          ))}
        </div>
        <div className="actions">
          {notes.part.state === 'refused' ? null : (
            <Button testId="note-latest" onClick={() => void latest()}>
              {t('note.latest')}
            </Button>
          )}
          {mayWrite ? (
            <Button variant="primary" testId="note-new" onClick={() => setMode({ kind: 'pick' })}>
              {t('note.new')}
            </Button>
          ) : null}
        </div>
      </div>
      {notice ? (
        <Banner tone="success" testId="note-notice">
          {notice}
        </Banner>
      ) : null}
      {error ? (
        <Banner tone="error" testId="note-error">
          {error}
        </Banner>
      ) : null}
      {mode.kind === 'list' || mode.kind === 'pick' ? <DraftOffer drafts={myDrafts} onContinue={(d) => void continueDraft(d)} /> : null}
      {mode.kind === 'pick' ? <TemplatePicker discipline={discipline} busy={starting} onPick={(x) => void start(x)} onCancel={() => setMode({ kind: 'list' })} /> : null}
      {mode.kind === 'view' ? (
        <NoteViewer
          key={mode.id}
          noteId={mode.id}
          initial={mode.initial}
          mayWrite={mayWrite}
          onOpen={(id) => setMode({ kind: 'view', id })}
          onEdit={(note) => {
            setChanges((n) => n + 1);
            setMode({ kind: 'edit', note, offeredBack: false });
          }}
          onBack={() => toList()}
        />
      ) : (
        <PartView part={notes.part} onRetry={notes.reload}>
          {(list) => (
            <NoteList
              notes={list}
              onOpen={(n) => {
                setNotice(null);
                if (n.status === 'draft' && n.author_id === me.id) void continueDraft(n);
                else setMode({ kind: 'view', id: n.id });
              }}
            />
          )}
        </PartView>
      )}
    </div>
  );
}
