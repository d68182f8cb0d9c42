import { useState } from 'react';
import { api } from '../../api';
import type { OneTimeCode } from '../../bindings/OneTimeCode';
import type { StaffMember } from '../../bindings/StaffMember';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { OneTimeCodeCard } from './OneTimeCodeCard';

type Props = { member: StaffMember; onDone: () => void; onCancel: () => void };

/** Resets a password: the administrator never types or learns one, only a one-time code to hand over. */
export function ResetPasswordForm({ member, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [code, setCode] = useState<OneTimeCode | null>(null);
  const { busy, err, onSubmit } = useSubmit([], async () => setCode(await api.resetStaffPassword(token, member.id)));

  if (code) {
    return <OneTimeCodeCard name={member.full_name} username={member.username} code={code} onDone={onDone} />;
  }
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="reset-title" data-testid="staff-reset-form">
      <h2 id="reset-title">{t('staff.reset.title', { name: member.full_name })}</h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <p>{t('staff.reset.explain', { name: member.full_name })}</p>
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
