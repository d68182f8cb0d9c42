import { useState } from 'react';
import { api } from '../../api';
import type { AppStatus } from '../../bindings/AppStatus';
import type { BackupFile } from '../../bindings/BackupFile';
import type { RecoveryReason } from '../../bindings/RecoveryReason';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/Field';
import { PublicPage } from '../../components/PublicPage';
import { useSubmit } from '../../components/useSubmit';
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
        <TextAreaField
          id="recovery-key-input"
          label={t('unlock.keyLabel')}
          hint={t('unlock.keyHint')}
          className="mono-field"
          rows={3}
          autoFocus
          spellCheck={false}
          autoCapitalize="characters"
          autoComplete="off"
          dir="ltr"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          onKeyDown={(e) => {
            // A key has no line breaks: Enter submits, as in every other form.
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          error={err.fieldError('recovery_key')}
        />
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
