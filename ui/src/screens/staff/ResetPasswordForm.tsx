import { useState } from 'react';
import { api } from '../../api';
import type { StaffMember } from '../../bindings/StaffMember';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { NewPasswordField } from '../../components/NewPasswordField';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

type Props = { member: StaffMember; onDone: () => void; onCancel: () => void };

export function ResetPasswordForm({ member, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [password, setPassword] = useState('');
  const { busy, err, onSubmit } = useSubmit(
    ['password'],
    async () => {
      await api.resetStaffPassword(token, member.id, password);
      onDone();
    },
    { keepBusyOnSuccess: true },
  );

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="reset-title" data-testid="staff-reset-form">
      <h2 id="reset-title">{t('staff.reset.title', { name: member.full_name })}</h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <NewPasswordField
        id="staff-reset-password"
        label={t('staff.reset.newPassword')}
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={err.fieldError('password')}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="staff-reset-submit">
          {t('staff.reset.submit')}
        </Button>
        <Button onClick={onCancel} testId="staff-reset-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
