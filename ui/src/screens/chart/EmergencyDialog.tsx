import { useState } from 'react';
import { api } from '../../api';
import type { EmergencyGrant } from '../../bindings/EmergencyGrant';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextAreaField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

/** As the back end counts it (`REASON_MIN` in src-tauri/src/records/emergency.rs): characters, trimmed. */
export const EMERGENCY_REASON_MIN = 10;

type Props = {
  patientId: number;
  patientName: string;
  onGranted: (g: EmergencyGrant) => void;
  onClose: () => void;
};

/** "Break the glass": the reason first, with a plain warning that every use is audited and reviewed. */
export function EmergencyDialog({ patientId, patientName, onGranted, onClose }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const { busy, err, onSubmit } = useSubmit(
    ['reason'],
    async () => {
      onGranted(await api.breakGlass(token, patientId, reason.trim()));
    },
    {
      validate: () => {
        const short = [...reason.trim()].length < EMERGENCY_REASON_MIN;
        setTooShort(short);
        return !short;
      },
    },
  );
  const fieldError = tooShort ? t('emergency.reasonShort', { min: EMERGENCY_REASON_MIN }) : err.fieldError('reason');
  return (
    <Dialog title={t('emergency.title')} testId="emergency-dialog" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="stack">
        <div className="banner banner-warning" role="note" data-testid="emergency-warning">
          <strong>{t('emergency.warningTitle', { name: patientName })}</strong> {t('emergency.warning')}
        </div>
        {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
        <TextAreaField
          id="emergency-reason"
          label={t('emergency.reason')}
          hint={t('emergency.reasonHint', { min: EMERGENCY_REASON_MIN })}
          rows={3}
          autoFocus
          required
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            if (tooShort) setTooShort([...e.target.value.trim()].length < EMERGENCY_REASON_MIN);
          }}
          error={fieldError}
        />
        <div className="actions">
          <Button type="submit" variant="danger" busy={busy} testId="emergency-confirm">
            {t('emergency.confirm')}
          </Button>
          <Button onClick={onClose} testId="emergency-cancel">
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
