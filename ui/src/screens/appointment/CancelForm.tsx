import { useState } from 'react';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import type { CancelledBy } from '../../bindings/CancelledBy';
import type { Scope } from '../../bindings/Scope';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { SelectField, TextAreaField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { ScopeChoice } from './ScopeChoice';

type Props = { appointment: Appointment; onDone: (cancelled: Appointment[]) => void; onBack: () => void };

/** Cancelling needs who asked for it and why; a series asks which of its appointments. */
export function CancelForm({ appointment: a, onDone, onBack }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [by, setBy] = useState<CancelledBy>('patient');
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<Scope>('this');
  const { busy, err, onSubmit } = useSubmit(
    ['reason', 'by', 'scope'],
    async () => onDone(await api.cancelAppointment(token, a.id, { by, reason: reason.trim(), scope: a.series_id === null ? 'this' : scope })),
    {
      validate: () => {
        if (reason.trim() !== '') return true;
        err.setError({ kind: 'validation', message: t('appt.cancelReasonNeeded'), field: 'reason' });
        return false;
      },
    },
  );
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="appt-cancel-title" data-testid="appt-cancel-form">
      <h3 id="appt-cancel-title">{t('appt.cancelTitle')}</h3>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <SelectField
        id="appt-cancel-by"
        label={t('appt.cancelBy')}
        value={by}
        onChange={(e) => setBy(e.target.value as CancelledBy)}
        error={err.fieldError('by')}
      >
        <option value="patient">{t('appt.by.patient')}</option>
        <option value="clinic">{t('appt.by.clinic')}</option>
      </SelectField>
      <TextAreaField
        id="appt-cancel-reason"
        label={t('appt.cancelReason')}
        required
        autoFocus
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          // Enter cancels, as in a one-line field; Shift+Enter starts a new line.
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        error={err.fieldError('reason')}
      />
      {a.series_id !== null ? <ScopeChoice name="cancel-scope" value={scope} onChange={setScope} legend={t('appt.scopeCancel')} /> : null}
      <div className="actions">
        <Button type="submit" variant="danger" busy={busy} testId="appt-cancel-confirm">
          {t('appt.cancelConfirm')}
        </Button>
        <Button onClick={onBack} testId="appt-cancel-back">
          {t('common.back')}
        </Button>
      </div>
    </form>
  );
}
