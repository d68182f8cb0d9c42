import type { NoteSummary } from '../../../bindings/NoteSummary';
import { useI18n } from '../../../i18n/context';
import { formatDateTime } from '../../../time';
import { NoteStatusTags } from './NoteStatusTags';

/** A patient's notes, newest first, as the back end sends them; Enter or a click opens one. */
export function NoteList({ notes, onOpen }: { notes: NoteSummary[]; onOpen: (n: NoteSummary) => void }) {
  const { t, lang } = useI18n();
  if (notes.length === 0) {
    return (
      <p className="muted" data-testid="notes-empty">
        {t('note.none')}
      </p>
    );
  }
  return (
    <ul className="note-list" aria-label={t('chart.tab.notes')}>
      {notes.map((n) => (
        <li key={n.id}>
          <button
            type="button"
            className="note-row"
            data-testid="note-row"
            data-id={n.id}
            data-status={n.status}
            data-amended={n.amended_by !== null}
            onClick={() => onOpen(n)}
          >
            <span className="note-when">{formatDateTime(n.signed_at ?? n.created_at, lang)}</span>
            <strong>{n.template_name}</strong>
            <span>{n.author_name}</span>
            <span>
              <NoteStatusTags note={n} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
