import { useI18n } from '../../i18n/context';

/** The data folder's own `backups` in words; a chosen folder as its path, left to right. */
export function FolderName({ folder }: { folder: string }) {
  const { t } = useI18n();
  return folder === 'backups' ? (
    <span>{t('backups.dataFolder')}</span>
  ) : (
    <bdi dir="ltr" className="mono">
      {folder}
    </bdi>
  );
}
