import type { ClinicalChange } from '../../../bindings/ClinicalChange';
import { useI18n } from '../../../i18n/context';
import { formatDateTime } from '../../../time';

/** An entry's edits, field by field, oldest first; nothing when it was never changed. */
export function ChangeList({ changes }: { changes: ClinicalChange[] }) {
  const { t, lang } = useI18n();
  if (changes.length === 0) return null;
  const none = t('common.none');
  return (
    <details className="changes" data-testid="history-changes">
      <summary>{t('history.changes', { count: changes.length })}</summary>
      <ul>
        {changes.map((c, i) => (
          <li key={i} data-testid="history-change" data-field={c.field}>
            {t('history.change', {
              field: c.field,
              from: c.old_value ?? none,
              to: c.new_value ?? none,
              by: c.changed_by_name,
              at: formatDateTime(c.changed_at, lang),
            })}
          </li>
        ))}
      </ul>
    </details>
  );
}
