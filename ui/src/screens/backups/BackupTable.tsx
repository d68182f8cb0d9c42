import type { BackupEntry } from '../../bindings/BackupEntry';
import { Button } from '../../components/Button';
import { Table } from '../../components/Table';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/translate';
import { formatDateTime } from '../../time';
import { FolderName } from './FolderName';
import { fileSize, KEY_TABLES, type KeyTable } from './format';

const COUNT_LABEL: Record<KeyTable, MessageKey> = {
  patients: 'backups.count.patients',
  appointments: 'backups.count.appointments',
  notes: 'backups.count.notes',
  invoices: 'backups.count.invoices',
};

type Props = {
  backups: BackupEntry[];
  /** Restore is offered on verified copies only. */
  onRestore: (b: BackupEntry) => void;
  busy: boolean;
};

/** Every copy in every folder, newest first: when, where, how big, checked or why not. */
export function BackupTable({ backups, onRestore, busy }: Props) {
  const { t, lang } = useI18n();
  if (backups.length === 0) return <p data-testid="backups-none">{t('backups.none')}</p>;
  return (
    <Table
      caption={t('backups.listTitle')}
      testId="backups-table"
      head={[t('backups.col.when'), t('backups.col.folder'), t('backups.col.size'), t('backups.col.check'), t('backups.col.holds'), '']}
    >
      {backups.map((b) => (
        <tr key={`${b.folder}/${b.name}`} data-testid="backup-row" data-folder={b.folder} data-name={b.name} data-verified={b.verified}>
          <td>
            <bdi>{formatDateTime(b.taken_at, lang)}</bdi>
            <br />
            <bdi dir="ltr" className="mono muted">
              {b.name}
            </bdi>
          </td>
          <td>
            <FolderName folder={b.folder} />
          </td>
          <td>{fileSize(b.size_bytes, t)}</td>
          <td>
            {b.verified ? (
              <span className="backup-ok">{t('backups.verified')}</span>
            ) : (
              <span className="backup-problem">
                <strong>{t('backups.notVerified')}</strong> {b.problem}
              </span>
            )}
          </td>
          <td className="backup-counts">
            {b.manifest
              ? KEY_TABLES.map((table) => t(COUNT_LABEL[table], { n: b.manifest?.counts[table] ?? 0 })).join(' · ')
              : '—'}
          </td>
          <td>
            {b.verified ? (
              <Button
                variant="danger"
                disabled={busy}
                onClick={() => onRestore(b)}
                testId="backup-restore"
                aria-label={t('backups.restoreLabel', { date: formatDateTime(b.taken_at, lang) })}
              >
                {t('backups.restore')}
              </Button>
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}
