import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { ClinicProfileInput } from '../../bindings/ClinicProfileInput';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ClinicProfileFields } from '../../components/ClinicProfileFields';
import { CLINIC_FIELDS } from '../../components/logo';
import { Field } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { BillingSettingsForm } from '../billing/admin/BillingSettingsForm';
import { PricesPanel } from '../billing/admin/PricesPanel';
import { ReminderTemplatesPanel } from '../reminders/TemplatesForm';

function ProfileForm() {
  const { t } = useI18n();
  const { token, setClinicName } = useSession();
  const [profile, setProfile] = useState<ClinicProfileInput | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, err, onSubmit } = useSubmit(CLINIC_FIELDS, async () => {
    // Without a profile the form has no fields to submit; this only narrows the type.
    if (!profile) return;
    setSaved(false);
    const p = await api.updateClinicProfile(token, {
      ...profile,
      name: profile.name.trim(),
      address: profile.address.trim(),
      phone: profile.phone.trim(),
    });
    setProfile(p);
    setClinicName(p.name);
    setSaved(true);
  });
  const { setError } = err;

  useEffect(() => {
    api.getClinicProfile(token).then(setProfile, setError);
  }, [token, setError]);

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="profile-title">
      <h2 id="profile-title">{t('settings.profile')}</h2>
      {saved ? <Banner tone="success">{t('settings.profileSaved')}</Banner> : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {profile ? (
        <>
          <ClinicProfileFields
            value={profile}
            onChange={(p) => {
              setSaved(false);
              setProfile(p);
            }}
            fieldError={err.fieldError}
            autoFocus
          />
          <div className="actions">
            <Button type="submit" variant="primary" busy={busy} testId="settings-save-profile">
              {t('common.save')}
            </Button>
          </div>
        </>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </form>
  );
}

function LockForm() {
  const { t } = useI18n();
  const { token, setIdleLockSeconds } = useSession();
  const [minutes, setMinutes] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, err, onSubmit } = useSubmit(['idle_lock_minutes'], async () => {
    // Without the settings the form has no fields to submit; this only narrows the type.
    if (minutes === null) return;
    setSaved(false);
    // The server checks the range; a non-number is sent as NaN→0 so it can say so in its words.
    const s = await api.updateSettings(token, { idle_lock_minutes: Math.trunc(Number(minutes)) || 0 });
    setMinutes(String(s.idle_lock_minutes));
    setIdleLockSeconds(s.idle_lock_minutes * 60);
    setSaved(true);
  });
  const { setError } = err;

  useEffect(() => {
    api.getSettings(token).then((s) => setMinutes(String(s.idle_lock_minutes)), setError);
  }, [token, setError]);

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="lock-settings-title">
      <h2 id="lock-settings-title">{t('settings.lock')}</h2>
      {saved ? <Banner tone="success">{t('settings.lockSaved')}</Banner> : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {minutes !== null ? (
        <>
          <Field
            id="settings-idle-minutes"
            label={t('settings.idleMinutes')}
            hint={t('settings.idleHint')}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            dir="ltr"
            className="short"
            value={minutes}
            onChange={(e) => {
              setSaved(false);
              setMinutes(e.target.value);
            }}
            error={err.fieldError('idle_lock_minutes')}
          />
          <div className="actions">
            <Button type="submit" variant="primary" busy={busy} testId="settings-save-lock">
              {t('common.save')}
            </Button>
          </div>
        </>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </form>
  );
}

export function SettingsScreen() {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <section aria-labelledby="settings-title" className="stack">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <ProfileForm />
      <LockForm />
      {can('edit_reminder_templates') ? <ReminderTemplatesPanel /> : null}
      {can('set_prices') ? <BillingSettingsForm /> : null}
      {can('set_prices') ? <PricesPanel /> : null}
    </section>
  );
}
