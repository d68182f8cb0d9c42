import './backups.css';
import { useState } from 'react';
import type { BackupEntry } from '../../bindings/BackupEntry';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { Banner } from '../../components/Banner';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { BackupHealth } from './BackupHealth';
import { BackupTable } from './BackupTable';
import { BackUpNow } from './BackUpNow';
import { Destinations } from './Destinations';
import { PolicyForm } from './PolicyForm';
import { RestorePreviewDialog } from './RestorePreviewDialog';
import { TestRestore } from './TestRestore';
import { useBackupStatus } from './useBackupStatus';

/**
 * The administrator's backups: are they up to date, where do they go, back up or test a
 * restore now, the copies themselves (restore one), and the settings.
 * `onRestored`: after a restore every session has ended; the shell hands over.
 */
export function BackupsScreen({ onRestored }: { onRestored: (o: RestoreOutcome) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const err = useCommandError([]);
  const { status, reload } = useBackupStatus(token, err.setError);
  const [restoring, setRestoring] = useState<BackupEntry | null>(null);

  return (
    <>
      <section aria-labelledby="backups-title" className="stack" inert={restoring !== null}>
        <div className="title-row">
          <h1 id="backups-title">{t('backups.title')}</h1>
        </div>
        {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
        {status ? (
          <>
            <section className="card" aria-label={t('backups.health')}>
              <BackupHealth status={status} />
              <BackUpNow onDone={reload} />
            </section>
            <Destinations destinations={status.destinations} />
            <TestRestore drill={status.drill} onDone={reload} />
            <section className="card" aria-labelledby="backups-list-title">
              <h2 id="backups-list-title">{t('backups.listTitle')}</h2>
              <p>{t('backups.listExplain')}</p>
              <BackupTable backups={status.backups} busy={restoring !== null} onRestore={setRestoring} />
            </section>
            <PolicyForm policy={status.policy} onSaved={reload} />
          </>
        ) : err.banner ? null : (
          <p>{t('common.loading')}</p>
        )}
      </section>
      {restoring ? <RestorePreviewDialog backup={restoring} onClose={() => setRestoring(null)} onRestored={onRestored} /> : null}
    </>
  );
}
