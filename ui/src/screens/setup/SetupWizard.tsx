import './setup.css';
import { useState } from 'react';
import type { AppStatus } from '../../bindings/AppStatus';
import type { RecoveryKeyOffer } from '../../bindings/RecoveryKeyOffer';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { PublicPage } from '../../components/PublicPage';
import { useI18n } from '../../i18n/context';
import { ClinicStep } from './ClinicStep';
import { ConfirmStep } from './ConfirmStep';
import { IntroStep } from './IntroStep';
import { KeyStep } from './KeyStep';
import { RestoreChoice, RestoreFromBackup } from './RestoreFromBackup';

type Props = {
  status: Extract<AppStatus, { state: 'first_run' } | { state: 'clinic_setup_needed' }>;
  onStatus: (s: AppStatus) => void;
  /** A new PC: the clinic's data came back from a backup instead of a new setup. */
  onRestored: (o: RestoreOutcome) => void;
};

type KeyStage = { step: 'intro' | 'restore' } | { step: 'key' | 'confirm'; offer: RecoveryKeyOffer };

/**
 * First run: recovery key (steps 1–2), then the clinic and its first administrator (step 3);
 * or, on a new PC, the clinic's data restored from a backup with its recovery key.
 */
export function SetupWizard({ status, onStatus, onRestored }: Props) {
  const { t } = useI18n();
  const [stage, setStage] = useState<KeyStage>({ step: 'intro' });
  const [saved, setSaved] = useState(false);

  const stepNo = status.state === 'clinic_setup_needed' ? 3 : stage.step === 'confirm' ? 2 : 1;

  if (status.state === 'first_run' && stage.step === 'restore') {
    return (
      <PublicPage title={t('setup.title')} wide>
        <RestoreFromBackup onRestored={onRestored} onBack={() => setStage({ step: 'intro' })} />
      </PublicPage>
    );
  }

  return (
    <PublicPage title={t('setup.title')} wide>
      <p className="step-count" aria-live="polite">
        {t('setup.step', { n: stepNo })}
      </p>
      {status.state === 'clinic_setup_needed' ? (
        <ClinicStep onStatus={onStatus} />
      ) : stage.step === 'intro' ? (
        <>
          <IntroStep onOffer={(offer) => setStage({ step: 'key', offer })} />
          <RestoreChoice onChoose={() => setStage({ step: 'restore' })} />
        </>
      ) : stage.step === 'key' ? (
        <KeyStep offer={stage.offer} saved={saved} onSaved={setSaved} onNext={() => setStage({ step: 'confirm', offer: stage.offer })} />
      ) : stage.step === 'confirm' ? (
        <ConfirmStep
          confirmGroups={stage.offer.confirm_groups}
          onBack={() => setStage({ step: 'key', offer: stage.offer })}
          onStatus={onStatus}
        />
      ) : null}
    </PublicPage>
  );
}
