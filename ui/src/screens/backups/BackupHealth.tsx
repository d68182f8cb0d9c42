import './backups.css';
import type { BackupStatus } from '../../bindings/BackupStatus';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../time';
import { age } from './format';

/**
 * The newest verified backup and the last test restore that passed. Overdue ones are red
 * and also say "Overdue" in words, so the state does not rest on colour alone.
 */
export function BackupHealth({ status }: { status: BackupStatus }) {
  const { t, lang } = useI18n();
  const newest = status.newest_verified_at;
  const passed = status.drill.last_passed_at;
  return (
    <dl className="backup-health" data-testid="backup-health">
      <div className={status.backup_overdue ? 'overdue' : undefined} data-testid="backup-newest" data-overdue={status.backup_overdue}>
        <dt>{t('backups.newest')}</dt>
        <dd>
          {newest ? (
            <>
              <bdi>{formatDateTime(newest, lang)}</bdi> ({age(newest, t)})
            </>
          ) : (
            t('backups.newestNone')
          )}
        </dd>
        {status.backup_overdue ? (
          <dd>
            <span className="overdue-word">{t('backups.overdue')}</span> {t('backups.backupOverdue')}
          </dd>
        ) : null}
      </div>
      <div className={status.drill_overdue ? 'overdue' : undefined} data-testid="backup-drill" data-overdue={status.drill_overdue}>
        <dt>{t('backups.drillPassed')}</dt>
        <dd>{passed ? <bdi>{formatDateTime(passed, lang)}</bdi> : t('backups.drillNever')}</dd>
        {status.drill_overdue ? (
          <dd>
            <span className="overdue-word">{t('backups.overdue')}</span> {t('backups.drillOverdue')}
          </dd>
        ) : null}
      </div>
    </dl>
  );
}
