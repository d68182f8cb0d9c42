import type { NoteSummary } from '../../../bindings/NoteSummary';
import { Button } from '../../../components/Button';
import { useI18n } from '../../../i18n/context';
import { formatDateTime } from '../../../time';

/** "You have an unsigned draft from …": the clinician's own drafts, offered back before anything new. */
export function DraftOffer({ drafts, onContinue }: { drafts: NoteSummary[]; onContinue: (d: NoteSummary) => void }) {
  const { t, lang } = useI18n();
  if (drafts.length === 0) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="note-draft-offer">
      <ul className="draft-offers">
        {drafts.map((d) => (
          <li key={d.id}>
            {t('note.draftOffer', { date: formatDateTime(d.updated_at, lang), template: d.template_name })}{' '}
            <Button variant="primary" testId={`note-draft-continue-${d.id}`} onClick={() => onContinue(d)}>
              {t('note.continue')}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
