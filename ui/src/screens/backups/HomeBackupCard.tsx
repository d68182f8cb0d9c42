import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { BackupHealth } from './BackupHealth';
import { FolderName } from './FolderName';
import { useBackupStatus } from './useBackupStatus';

/** On the administrator's home screen: are the backups and the test restore up to date? */
export function HomeBackupCard({ onOpen }: { onOpen: () => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const err = useCommandError([]);
  const { status } = useBackupStatus(token, err.setError);
  return (
    <section className="card" aria-labelledby="home-backups-title" data-testid="home-backups">
      <h2 id="home-backups-title">{t('backups.title')}</h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {status ? <BackupHealth status={status} /> : err.banner ? null : <p>{t('common.loading')}</p>}
      {/* A folder that is missing, full or read-only is said here, not only on the Backups screen. */}
      {status?.destinations
        .filter((d) => d.problem !== null)
        .map((d) => (
          <p key={d.folder} className="backup-problem overdue" data-testid="home-backup-folder-problem">
            <strong>{t('backups.problem')}</strong> <FolderName folder={d.folder} />
            {': '}
            {d.problem}
          </p>
        ))}
      <div className="actions">
        <Button onClick={onOpen} testId="home-open-backups">
          {t('backups.open')}
        </Button>
      </div>
    </section>
  );
}
