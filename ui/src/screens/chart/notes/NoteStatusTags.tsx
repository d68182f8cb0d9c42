import type { NoteSummary } from '../../../bindings/NoteSummary';
import { useI18n } from '../../../i18n/context';

/** Draft or signed, and where it stands in its amendment chain. */
export function NoteStatusTags({ note }: { note: NoteSummary }) {
  const { t } = useI18n();
  return (
    <>
      <span className={`tag note-status-${note.status}`}>{t(`note.status.${note.status}`)}</span>
      {note.amended_by !== null ? (
        <>
          {' '}
          <span className="tag tag-amended" data-testid="note-amended-mark">
            {t('note.amended')}
          </span>
        </>
      ) : null}
      {note.amends !== null ? (
        <>
          {' '}
          <span className="tag">{t('note.amendmentTag')}</span>
        </>
      ) : null}
    </>
  );
}
