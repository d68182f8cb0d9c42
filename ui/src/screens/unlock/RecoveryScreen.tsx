import { useState } from 'react';
import { api } from '../../api';
import type { AppStatus } from '../../bindings/AppStatus';
import type { BackupFile } from '../../bindings/BackupFile';
import type { RecoveryReason } from '../../bindings/RecoveryReason';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { PublicPage } from '../../components/PublicPage';
import { useSubmit } from '../../components/useSubmit';
import { RecoveryKeyField } from '../../components/RecoveryKeyField';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/translate';
import { BackupList } from './BackupList';

const REASON: Record<RecoveryReason, MessageKey> = {
  key_missing: 'unlock.reason.key_missing',
  key_does_not_open: 'unlock.reason.key_does_not_open',
  keyring_unavailable: 'unlock.reason.keyring_unavailable',
};

type Props = {
  reason: RecoveryReason;
  backups: BackupFile[];
  onStatus: (s: AppStatus) => void;
  onRestored: (o: RestoreOutcome) => void;
};

export function RecoveryScreen({ reason, backups, onStatus, onRestored }: Props) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const { busy, err, onSubmit } = useSubmit(
    ['recovery_key'],
    async () => onStatus(await api.recoverWithKey(key.trim())),
    { keepBusyOnSuccess: true },
  );

  return (
    <PublicPage title={t('unlock.title')}>
      <form className="card" onSubmit={onSubmit} noValidate>
        <p className="lead">{t(REASON[reason])}</p>
        <p>{t('unlock.explain')}</p>
        {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
        <RecoveryKeyField id="recovery-key-input" value={key} onChange={setKey} error={err.fieldError('recovery_key')} autoFocus />
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy} testId="recover-submit">
            {t('unlock.submit')}
          </Button>
        </div>
      </form>
      {reason === 'key_does_not_open' && backups.length > 0 ? (
        <section className="card" aria-labelledby="backups-heading">
          <h2 id="backups-heading">{t('unlock.backupsTitle')}</h2>
          <p>{t('unlock.backupsExplain')}</p>
          <BackupList backups={backups} onRestored={onRestored} />
        </section>
      ) : null}
    </PublicPage>
  );
}
