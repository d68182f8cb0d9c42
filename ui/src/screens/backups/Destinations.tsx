import type { DestinationReport } from '../../bindings/DestinationReport';
import { useI18n } from '../../i18n/context';
import { FolderName } from './FolderName';

/** Each folder the backups go to, and what is wrong with it now, if anything. */
export function Destinations({ destinations }: { destinations: DestinationReport[] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="destinations-title">
      <h2 id="destinations-title">{t('backups.destinations')}</h2>
      <ul>
        {destinations.map((d) => (
          <li key={d.folder} data-testid="backup-destination" data-folder={d.folder} data-ok={d.problem === null}>
            <FolderName folder={d.folder} />
            {': '}
            {d.problem ? (
              <span className="backup-problem">
                <strong>{t('backups.problem')}</strong> {d.problem}
              </span>
            ) : (
              <span className="backup-ok">{t('backups.ready')}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
