import { useState } from 'react';
import { api } from '../../api';
import type { DrillRecord } from '../../bindings/DrillRecord';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';

/**
 * The test restore: the newest verified backup is restored into a scratch folder, checked
 * and deleted. Shows the last one's outcome, and runs another.
 */
export function TestRestore({ drill, onDone }: { drill: DrillRecord; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [busy, setBusy] = useState(false);
  const [ran, setRan] = useState(false);
  const err = useCommandError([]);

  const test = async () => {
    setBusy(true);
    setRan(false);
    err.clear();
    try {
      await api.testRestore(token);
      setRan(true);
      onDone();
    } catch (e) {
      err.setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="drill-title">
      <h2 id="drill-title">{t('backups.drillTitle')}</h2>
      <p>{t('backups.drillExplain')}</p>
      {drill.last_at ? (
        <div
          className={drill.last_ok ? 'banner banner-success' : 'banner banner-error'}
          role={drill.last_ok ? 'status' : 'alert'}
          data-testid="backups-drill-result"
          data-ok={drill.last_ok}
          data-fresh={ran}
        >
          {drill.last_ok
            ? t('backups.drillOk', { date: formatDateTime(drill.last_at, lang) })
            : t('backups.drillFailed', { date: formatDateTime(drill.last_at, lang) })}
          {drill.last_backup ? (
            <>
              {' '}
              <bdi dir="ltr">{drill.last_backup}</bdi>
            </>
          ) : null}
          {!drill.last_ok && drill.last_problem ? <p>{drill.last_problem}</p> : null}
        </div>
      ) : (
        <p data-testid="backups-drill-none">{t('backups.drillNone')}</p>
      )}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="actions">
        <Button busy={busy} onClick={() => void test()} testId="backups-test-restore">
          {busy ? t('backups.testing') : t('backups.testRestore')}
        </Button>
      </div>
    </section>
  );
}
