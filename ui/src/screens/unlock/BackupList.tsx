import { useState } from 'react';
import type { BackupFile } from '../../bindings/BackupFile';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { Button } from '../../components/Button';
import { Table } from '../../components/Table';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../time';
import { fileSize } from '../backups/format';
import { RestoreWithKeyForm } from '../backups/RestoreWithKeyForm';

type Props = { backups: BackupFile[]; onRestored: (o: RestoreOutcome) => void };

/**
 * The encrypted backups in the data folder. Nobody can sign in here, so a restore asks for
 * the recovery key, which is the authority that a signed-in administrator is elsewhere.
 */
export function BackupList({ backups, onRestored }: Props) {
  const { t, lang } = useI18n();
  const [asking, setAsking] = useState<BackupFile | null>(null);

  if (backups.length === 0) return <p>{t('damaged.none')}</p>;
  return (
    <>
      <Table caption={t('damaged.title')} head={[t('damaged.name'), t('damaged.date'), t('damaged.size'), '']}>
        {backups.map((b) => (
          <tr key={b.name}>
            <td dir="ltr" className="mono">
              {b.name}
            </td>
            <td>{formatDateTime(b.written_at, lang)}</td>
            <td>{fileSize(Number(b.size_bytes), t)}</td>
            <td>
              <Button
                variant="primary"
                testId={`restore-${b.name}`}
                aria-label={t('damaged.restoreLabel', { name: b.name })}
                aria-pressed={asking?.name === b.name}
                onClick={() => setAsking(b)}
              >
                {t('damaged.restore')}
              </Button>
            </td>
          </tr>
        ))}
      </Table>
      {asking ? (
        <RestoreWithKeyForm
          key={asking.name}
          name={asking.name}
          intro={`${t('damaged.confirm', { name: asking.name, date: formatDateTime(asking.written_at, lang) })} ${t('restoreKey.listed')}`}
          onRestored={onRestored}
          onCancel={() => setAsking(null)}
        />
      ) : null}
    </>
  );
}
