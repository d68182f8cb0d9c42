import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import type { StaffMember } from '../../bindings/StaffMember';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

type Props = { member: StaffMember; onDone: () => void; onCancel: () => void };

export function ResetPasswordForm({ member, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const err = useCommandError(['password']);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    err.clear();
    try {
      await api.resetStaffPassword(token, member.id, password);
      onDone();
    } catch (raw) {
      err.setError(raw);
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="reset-title" data-testid="staff-reset-form">
      <h2 id="reset-title">{t('staff.reset.title', { name: member.full_name })}</h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <Field
        id="staff-reset-password"
        label={t('staff.reset.newPassword')}
        hint={t('person.passwordHint')}
        type="password"
        autoComplete="new-password"
        autoFocus
        required
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
