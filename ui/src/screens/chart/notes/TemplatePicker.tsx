import { useCallback } from 'react';
import { api } from '../../../api';
import type { Discipline } from '../../../bindings/Discipline';
import type { NoteTemplate } from '../../../bindings/NoteTemplate';
import { Button } from '../../../components/Button';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { PartView } from '../PartView';
import { usePart } from '../usePart';

type Props = {
  discipline: Discipline;
  busy: boolean;
  onPick: (t: NoteTemplate) => void;
  onCancel: () => void;
};

/** The templates a new note can start from: the clinician's discipline's, active ones only. */
export function TemplatePicker({ discipline, busy, onPick, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const load = useCallback(() => api.listNoteTemplates(token), [token]);
  const { part, reload } = usePart(load);
  return (
    <section className="card" aria-labelledby="note-templates-title" data-testid="note-templates">
      <h2 id="note-templates-title">{t('note.pickTemplate')}</h2>
      <PartView part={part} onRetry={reload}>
        {(all) => {
          const usable = all.filter((x) => x.active && x.discipline === discipline);
          return usable.length === 0 ? (
            <p className="muted">{t('note.noTemplates')}</p>
          ) : (
            <ul className="template-list">
              {usable.map((x, i) => (
                <li key={x.id}>
                  <Button testId={`note-template-${x.id}`} busy={busy} autoFocus={i === 0} onClick={() => onPick(x)}>
                    {x.name}
                  </Button>{' '}
                  <span className="muted">{x.sections.map((s) => s.title).join(' · ')}</span>
                </li>
              ))}
            </ul>
          );
        }}
      </PartView>
      <div className="actions">
        <Button variant="quiet" testId="note-templates-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </section>
  );
}
