import { useState } from 'react';
import { api } from '../../api';
import type { AppStatus } from '../../bindings/AppStatus';
import type { ClinicProfileInput } from '../../bindings/ClinicProfileInput';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ClinicProfileFields } from '../../components/ClinicProfileFields';
import { CLINIC_FIELDS } from '../../components/logo';
import { Field } from '../../components/Field';
import { NewPasswordField } from '../../components/NewPasswordField';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';

export const MIN_PASSWORD = 10;

export function ClinicStep({ onStatus }: { onStatus: (s: AppStatus) => void }) {
  const { t } = useI18n();
  const [clinic, setClinic] = useState<ClinicProfileInput>({ name: '', address: '', phone: '', logo_data_url: null });
  const [fullName, setFullName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [repeatError, setRepeatError] = useState<string | undefined>();
  const { busy, err, onSubmit } = useSubmit(
    [...CLINIC_FIELDS, 'full_name', 'username', 'password'],
    async () =>
      onStatus(
        await api.completeSetup({
          clinic: { ...clinic, name: clinic.name.trim(), address: clinic.address.trim(), phone: clinic.phone.trim() },
          admin: { full_name: fullName.trim(), username: username.trim(), password },
        }),
      ),
    {
      validate: () => {
        if (password !== repeat) {
          setRepeatError(t('person.passwordsDiffer'));
          document.getElementById('admin-password-repeat')?.focus();
          return false;
        }
        setRepeatError(undefined);
        return true;
      },
      keepBusyOnSuccess: true,
    },
  );

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="clinic-title">
      <h2 id="clinic-title">{t('setup.clinic.title')}</h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <fieldset>
        <legend>{t('setup.clinic.section')}</legend>
        <ClinicProfileFields value={clinic} onChange={setClinic} fieldError={err.fieldError} autoFocus />
      </fieldset>
      <fieldset>
        <legend>{t('setup.admin.section')}</legend>
        <Field
          id="admin-full-name"
          label={t('person.fullName')}
          autoComplete="name"
          required
          value={fullName}
          onChange={(e) => setFullName(e.target.value)}
          error={err.fieldError('full_name')}
        />
        <Field
          id="admin-username"
          label={t('person.username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={err.fieldError('username')}
        />
        <NewPasswordField
          id="admin-password"
          label={t('person.password')}
          minLength={MIN_PASSWORD}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={err.fieldError('password')}
        />
        <Field
          id="admin-password-repeat"
          label={t('person.passwordRepeat')}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => {
            setRepeat(e.target.value);
            setRepeatError(undefined);
          }}
          error={repeatError}
        />
      </fieldset>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="complete-setup">
          {t('setup.complete')}
        </Button>
      </div>
    </form>
  );
}
