import { useState } from 'react';
import { api } from '../../api';
import type { BackupRun } from '../../bindings/BackupRun';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { FolderName } from './FolderName';
import { useSession } from '../../session';

/** "Back up now", and what happened in each folder. */
export function BackUpNow({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<BackupRun | null>(null);
  const err = useCommandError([]);

  const backUp = async () => {
    setBusy(true);
    setRun(null);
    err.clear();
    try {
      setRun(await api.backUpNow(token));
      onDone();
    } catch (e) {
      err.setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <div className="actions">
        <Button variant="primary" busy={busy} onClick={() => void backUp()} testId="backups-back-up-now">
          {busy ? t('backups.backingUp') : t('backups.backUpNow')}
        </Button>
      </div>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {run ? (
        <div
          className={run.verified ? 'banner banner-success' : 'banner banner-error'}
          role={run.verified ? 'status' : 'alert'}
          data-testid="backups-run-result"
          data-verified={run.verified}
        >
          <strong>{run.verified ? t('backups.runVerified') : t('backups.runFailed')}</strong>
          <ul>
            {run.destinations.map((d) => (
              <li key={d.folder} data-testid="backups-run-folder" data-folder={d.folder} data-written={d.written ?? ''}>
                <FolderName folder={d.folder} />
                {': '}
                {d.problem ? (
                  <span className="backup-problem">{d.problem}</span>
                ) : d.written ? (
                  <>
                    {t('backups.written')} <bdi dir="ltr">{d.written}</bdi>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {run.deleted > 0 ? <p>{t('backups.rotated', { count: run.deleted })}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
