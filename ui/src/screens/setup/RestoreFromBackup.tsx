import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import { RestoreWithKeyForm } from '../backups/RestoreWithKeyForm';

/** Beside a new setup at first run: moving to a new PC brings the clinic back from a backup. */
export function RestoreChoice({ onChoose }: { onChoose: () => void }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="setup-restore-title">
      <h2 id="setup-restore-title">{t('restoreKey.setupTitle')}</h2>
      <p>{t('restoreKey.setupChoice')}</p>
      <div className="actions">
        <Button onClick={onChoose} testId="setup-restore-backup">
          {t('restoreKey.setupButton')}
        </Button>
      </div>
    </section>
  );
}

/** The backup file's full path and the recovery key written down when the clinic was set up. */
export function RestoreFromBackup({ onRestored, onBack }: { onRestored: (o: RestoreOutcome) => void; onBack: () => void }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="setup-restore-form-title">
      <h2 id="setup-restore-form-title">{t('restoreKey.setupTitle')}</h2>
      <RestoreWithKeyForm intro={t('restoreKey.setupExplain')} onRestored={onRestored} onCancel={onBack} />
    </section>
  );
}
