import { useI18n } from '../../i18n/context';

/**
 * The restores from a backup that the trail records: where it continues from the backup
 * rather than from the store it replaced. Shown beneath a verification that passed.
 */
export function RecordedRestores({ restores }: { restores: string[] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="audit-restores-title" data-testid="audit-verify-restores">
      <h2 id="audit-restores-title">{t('auditRestores.title')}</h2>
      <p>{t('auditRestores.explain')}</p>
      <ul>
        {restores.map((r) => (
          <li key={r} data-testid="audit-verify-restore">
            {/* The trail's own words, in English: kept left to right inside an Urdu page. */}
            <bdi dir="ltr">{r}</bdi>
          </li>
        ))}
      </ul>
    </section>
  );
}
