import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api';
import type { SignedIn } from '../../bindings/SignedIn';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { PublicPage } from '../../components/PublicPage';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';

type Props = { clinicName: string; onSignedIn: (s: SignedIn) => void; children?: ReactNode };

export function SignInScreen({ clinicName, onSignedIn, children }: Props) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const err = useCommandError(['username', 'password']);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    err.clear();
    try {
      onSignedIn(await api.signIn(username.trim(), password));
    } catch (raw) {
      err.setError(raw);
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <PublicPage title={clinicName}>
      <form className="card narrow" onSubmit={submit} noValidate aria-labelledby="signin-title">
        <h2 id="signin-title">{t('signin.title')}</h2>
        {children}
        {err.banner ? (
          <Banner tone="error" testId="signin-error">
            {err.banner}
          </Banner>
        ) : null}
        <Field
          id="signin-username"
          label={t('person.username')}
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={err.fieldError('username')}
          errorTestId="signin-error"
        />
        <Field
          id="signin-password"
          label={t('person.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={err.fieldError('password')}
          errorTestId="signin-error"
        />
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy} testId="signin-submit">
            {t('signin.submit')}
          </Button>
        </div>
      </form>
    </PublicPage>
  );
}
