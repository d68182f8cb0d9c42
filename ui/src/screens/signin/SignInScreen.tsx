import { useState, type ReactNode } from 'react';
import { api } from '../../api';
import type { SignedIn } from '../../bindings/SignedIn';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { PublicPage } from '../../components/PublicPage';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';

type Props = { clinicName: string; onSignedIn: (s: SignedIn) => void; children?: ReactNode };

export function SignInScreen({ clinicName, onSignedIn, children }: Props) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, err, onSubmit } = useSubmit(
    ['username', 'password'],
    async () => onSignedIn(await api.signIn(username.trim(), password)),
    { onError: () => setPassword(''), keepBusyOnSuccess: true },
  );

  return (
    <PublicPage title={clinicName}>
      <form className="card narrow" onSubmit={onSubmit} noValidate aria-labelledby="signin-title">
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
