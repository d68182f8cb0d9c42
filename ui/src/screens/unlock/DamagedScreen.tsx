import type { BackupFile } from '../../bindings/BackupFile';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { PublicPage } from '../../components/PublicPage';
import { useI18n } from '../../i18n/context';
import { BackupList } from './BackupList';

type Props = { backups: BackupFile[]; onRestored: (o: RestoreOutcome) => void };

export function DamagedScreen({ backups, onRestored }: Props) {
  const { t } = useI18n();
  return (
    <PublicPage title={t('damaged.title')} wide>
      <div className="card">
        <p className="lead">{t('damaged.explain')}</p>
        <BackupList backups={backups} onRestored={onRestored} />
      </div>
    </PublicPage>
  );
}
