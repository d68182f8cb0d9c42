import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { BackupEntry } from '../../bindings/BackupEntry';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import type { RestorePreview } from '../../bindings/RestorePreview';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/translate';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';
import { fileSize } from './format';

type Lost = 'lost_patients' | 'lost_appointments' | 'lost_notes' | 'lost_invoices' | 'lost_audit_entries';
const LOST: [Lost, string, MessageKey][] = [
  ['lost_patients', 'patients', 'backups.lost.patients'],
  ['lost_appointments', 'appointments', 'backups.lost.appointments'],
  ['lost_notes', 'notes', 'backups.lost.notes'],
  ['lost_invoices', 'invoices', 'backups.lost.invoices'],
  ['lost_audit_entries', 'audit', 'backups.lost.audit'],
];

type Props = {
  backup: BackupEntry;
  onClose: () => void;
  onRestored: (o: RestoreOutcome) => void;
};

/**
 * Before a restore: what would be lost and which erasures are made again, then an explicit
 * confirmation. The restore itself ends every session; the outcome goes to `onRestored`.
 */
export function RestorePreviewDialog({ backup, onClose, onRestored }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [understood, setUnderstood] = useState(false);
  const [mustTick, setMustTick] = useState(false);
  const loadErr = useCommandError([]);
  const { setError: setLoadError } = loadErr;
  const { busy, err, onSubmit } = useSubmit(
    [],
    async () => onRestored(await api.restoreBackup(token, backup.folder, backup.name)),
    {
      keepBusyOnSuccess: true,
      validate: () => {
        setMustTick(!understood);
        return understood;
      },
    },
  );

  useEffect(() => {
    api.restorePreview(token, backup.folder, backup.name).then(setPreview, setLoadError);
  }, [token, backup.folder, backup.name, setLoadError]);

  return (
    <Dialog title={t('backups.restoreTitle')} onClose={busy ? () => {} : onClose} testId="restore-preview">
      {loadErr.banner ? <Banner tone="error">{loadErr.banner}</Banner> : null}
      {preview ? (
        <form onSubmit={onSubmit} noValidate className="stack">
          <p className="lead">
            {t('backups.restoreWhich', { date: formatDateTime(preview.taken_at, lang), size: fileSize(preview.size_bytes, t) })}
          </p>
          <p>{t('backups.restoreLoses')}</p>
          <ul className="lost-list">
            {LOST.map(([key, kind, label]) => (
              <li key={key} data-testid={`restore-lost-${kind}`} data-count={preview[key]}>
                {t(label, { n: preview[key] })}
              </li>
            ))}
          </ul>
          <p data-testid="restore-erasures" data-count={preview.erasures_to_repeat}>
            {preview.erasures_to_repeat > 0
              ? t('backups.erasuresToRepeat', { n: preview.erasures_to_repeat })
              : t('backups.noErasuresToRepeat')}
          </p>
          <p>{t('backups.restoreEffects')}</p>
          {err.banner ? (
            <Banner tone="error" testId="restore-error">
              {err.banner}
            </Banner>
          ) : null}
          <div className={mustTick ? 'field field-invalid' : 'field'}>
            <label className="check">
              <input
                type="checkbox"
                data-testid="restore-understood"
                checked={understood}
                aria-invalid={mustTick || undefined}
                aria-describedby={mustTick ? 'restore-understood-error' : undefined}
                onChange={(e) => {
                  setUnderstood(e.target.checked);
                  if (e.target.checked) setMustTick(false);
                }}
              />
              {t('backups.understood')}
            </label>
            {mustTick ? (
              <p id="restore-understood-error" className="field-error" role="alert" data-testid="restore-understood-error">
                {t('backups.tickToConfirm')}
              </p>
            ) : null}
          </div>
          <div className="actions">
            <Button type="submit" variant="danger" busy={busy} testId="restore-submit">
              {t('backups.restoreConfirm')}
            </Button>
            <Button onClick={onClose} disabled={busy} testId="restore-cancel">
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : loadErr.banner ? null : (
        <p>{t('common.loading')}</p>
      )}
    </Dialog>
  );
}
