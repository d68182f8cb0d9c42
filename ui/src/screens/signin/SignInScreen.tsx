import { useState, type ReactNode } from 'react';
import { api } from '../../api';
import type { SignedIn } from '../../bindings/SignedIn';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { PublicPage } from '../../components/PublicPage';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { ChoosePasswordStep } from './ChoosePasswordStep';

type Props = { clinicName: string; onSignedIn: (s: SignedIn) => void; children?: ReactNode };

/**
 * Sign-in. A one-time code from the administrator (a new account, or after a reset)
 * is typed as the password; the person then chooses their own password before any
 * session exists.
 */
export function SignInScreen({ clinicName, onSignedIn, children }: Props) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const { busy, err, onSubmit } = useSubmit(
    ['username', 'password'],
    async () => {
      const outcome = await api.signIn(username.trim(), password);
      if (outcome.state === 'choose_password') {
        setCode(password);
        setPassword('');
      } else {
        onSignedIn(outcome);
      }
    },
    { onError: () => setPassword('') },
  );

  if (code !== null) {
    return (
      <PublicPage title={clinicName}>
        <ChoosePasswordStep
          username={username.trim()}
          code={code}
          onSignedIn={onSignedIn}
          onBack={() => setCode(null)}
        />
      </PublicPage>
    );
  }

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
          hint={t('signin.codeHint')}
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
