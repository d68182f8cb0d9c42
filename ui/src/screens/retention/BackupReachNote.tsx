import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { BackupReach } from '../../bindings/BackupReach';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDay } from '../../time';

/** Policy 8 in one sentence: how long an erased patient lives on in the backups. */
export function BackupReachNote() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [reach, setReach] = useState<BackupReach | null>(null);

  useEffect(() => {
    let live = true;
    api.backupReach(token).then(
      (r) => live && setReach(r),
      // Without it the screen still works; the sentence is simply not shown.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [token]);

  if (!reach) return null;
  return (
    <p className="muted" data-testid="backup-reach">
      {t('retention.backupReach', {
        days: reach.max_age_days,
        date: formatDay(reach.erased_today_gone_by, lang),
      })}
    </p>
  );
}
