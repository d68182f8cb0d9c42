import './rights.css';
import { useRef, useState } from 'react';
import { api, newJobId } from '../../api';
import type { BulkProgress } from '../../bindings/BulkProgress';
import type { BulkPurpose } from '../../bindings/BulkPurpose';
import type { BulkSaved } from '../../bindings/BulkSaved';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

const PURPOSES: readonly BulkPurpose[] = ['statistics', 'sharing', 'transfer'];

/** Every patient's record as FHIR NDJSON files, with a progress bar and a way to stop. */
export function BulkExport() {
  const { t } = useI18n();
  const { token } = useSession();
  const [purpose, setPurpose] = useState<BulkPurpose>('statistics');
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [saved, setSaved] = useState<BulkSaved | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const job = useRef<string | null>(null);
  const err = useCommandError(['purpose']);
  const { setError, clear } = err;

  const start = async () => {
    clear();
    setSaved(null);
    setCancelled(false);
    setProgress({ done: 0, total: 0 });
    setRunning(true);
    const id = newJobId('bulk');
    job.current = id;
    try {
      setSaved(await api.exportFhirBulk(token, id, { purpose }, setProgress));
    } catch (e) {
      // A cancelled export rejects too; the words for it are already shown.
      if (job.current !== null) setError(e);
    } finally {
      job.current = null;
      setRunning(false);
    }
  };

  const cancel = async () => {
    const id = job.current;
    if (!id) return;
    job.current = null;
    setCancelled(true);
    try {
      await api.cancelExport(token, id);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="bulk-title" className="stack">
      <h1 id="bulk-title">{t('bulk.title')}</h1>
      <p className="muted">{t('bulk.intro')}</p>
      <div className="card stack">
        <SelectField
          id="bulk-purpose"
          label={t('bulk.purpose')}
          value={purpose}
          disabled={running}
          onChange={(e) => setPurpose(e.target.value as BulkPurpose)}
          error={err.fieldError('purpose')}
        >
          {PURPOSES.map((p) => (
            <option key={p} value={p}>
              {t(`bulk.purpose.${p}`)}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <Button variant="primary" testId="bulk-start" busy={running} onClick={() => void start()}>
            {t('bulk.start')}
          </Button>
          {running ? (
            <Button variant="danger" testId="bulk-cancel" disabled={cancelled} onClick={() => void cancel()}>
              {t('bulk.cancel')}
            </Button>
          ) : null}
        </div>
        {progress ? <ProgressBar done={progress.done} total={progress.total} label={t('bulk.progress')} testId="bulk-progress" /> : null}
      </div>
      {cancelled ? (
        <Banner tone="info" testId="bulk-cancelled">
          {t('bulk.cancelled')}
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="bulk-error">
          {err.banner}
        </Banner>
      ) : null}
      {saved ? (
        <Banner tone="success" testId="bulk-saved">
          <p>{t('bulk.saved', { path: saved.path, patients: saved.patients })}</p>
          {saved.skipped_for_objections > 0 ? <p>{t('bulk.skipped', { count: saved.skipped_for_objections })}</p> : null}
          <ul>
            {saved.files.map((f) => (
              <li key={f.path} dir="ltr">{`${f.resource_type}: ${f.count}`}</li>
            ))}
          </ul>
        </Banner>
      ) : null}
    </section>
  );
}
