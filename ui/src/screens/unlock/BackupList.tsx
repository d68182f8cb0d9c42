import { useState } from 'react';
import { api } from '../../api';
import type { AppStatus } from '../../bindings/AppStatus';
import type { BackupFile } from '../../bindings/BackupFile';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../time';

type Props = { backups: BackupFile[]; onStatus: (s: AppStatus) => void };

/** The encrypted backups, each with a Restore button that asks first. */
export function BackupList({ backups, onStatus }: Props) {
  const { t, lang } = useI18n();
  const [asking, setAsking] = useState<BackupFile | null>(null);
  const [busy, setBusy] = useState(false);
  const err = useCommandError([]);

  const size = (bytes: number) =>
    bytes >= 1024 * 1024
      ? t('damaged.mb', { n: (bytes / (1024 * 1024)).toFixed(1) })
      : t('damaged.kb', { n: Math.max(1, Math.round(bytes / 1024)) });

  const restore = async (b: BackupFile) => {
    setBusy(true);
    err.clear();
    try {
      onStatus(await api.restoreBackup(b.name));
    } catch (raw) {
      err.setError(raw);
      setBusy(false);
      setAsking(null);
    }
  };

  return (
    <>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {backups.length === 0 ? (
        <p>{t('damaged.none')}</p>
      ) : (
        <Table caption={t('damaged.title')} head={[t('damaged.name'), t('damaged.date'), t('damaged.size'), '']}>
          {backups.map((b) => (
            <tr key={b.name}>
              <td dir="ltr" className="mono">
                {b.name}
              </td>
              <td>{formatDateTime(b.written_at, lang)}</td>
              <td>{size(Number(b.size_bytes))}</td>
              <td>
                <Button
                  variant="primary"
                  testId={`restore-${b.name}`}
                  aria-label={t('damaged.restoreLabel', { name: b.name })}
                  disabled={busy}
                  onClick={() => setAsking(b)}
                >
                  {t('damaged.restore')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {asking ? (
        <ConfirmDialog
          testId="restore-confirm"
          message={t('damaged.confirm', { name: asking.name, date: formatDateTime(asking.written_at, lang) })}
          confirmLabel={t('damaged.restore')}
          busy={busy}
          onConfirm={() => void restore(asking)}
          onCancel={() => setAsking(null)}
        />
      ) : null}
    </>
  );
}
