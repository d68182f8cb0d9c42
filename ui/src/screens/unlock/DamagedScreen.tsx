import type { AppStatus } from '../../bindings/AppStatus';
import type { BackupFile } from '../../bindings/BackupFile';
import { PublicPage } from '../../components/PublicPage';
import { useI18n } from '../../i18n/context';
import { BackupList } from './BackupList';

type Props = { backups: BackupFile[]; onStatus: (s: AppStatus) => void };

export function DamagedScreen({ backups, onStatus }: Props) {
  const { t } = useI18n();
  return (
    <PublicPage title={t('damaged.title')} wide>
      <div className="card">
        <p className="lead">{t('damaged.explain')}</p>
        <BackupList backups={backups} onStatus={onStatus} />
      </div>
    </PublicPage>
  );
}
