import { useState } from 'react';
import { api, isSessionEnded, type AppError } from '../api';
import type { SignedIn } from '../bindings/SignedIn';
import { useI18n } from '../i18n/context';
import { Banner } from './Banner';
import { Button } from './Button';
import { Field } from './Field';
import { useSubmit } from './useSubmit';
import logoUrl from '../../../assets/logo.svg';

type Props = {
  token: string;
  fullName: string;
  onUnlocked: (s: SignedIn) => void;
  onSessionEnded: (e: AppError) => void;
  onSignOut: () => void;
};

/** Covers the whole window while the session is locked; what is underneath stays mounted. */
export function LockOverlay({ token, fullName, onUnlocked, onSessionEnded, onSignOut }: Props) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const { busy, err, onSubmit } = useSubmit(
    ['password'],
    async () => onUnlocked(await api.unlockSession(token, password)),
    {
      onError: (e) => {
        if (isSessionEnded(e)) {
          onSessionEnded(e);
          return 'handled';
        }
        setPassword('');
      },
    },
  );

  return (
    <div className="lock-overlay" role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid="lock-overlay">
      <form className="lock-card" onSubmit={onSubmit} noValidate>
        <img src={logoUrl} alt="" className="lock-logo" width={56} height={56} />
        <h2 id="lock-title">{t('lock.title')}</h2>
        <p className="lock-name">{fullName}</p>
        <p>{t('lock.explain')}</p>
        {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
        <Field
          id="unlock-password"
          label={t('lock.password')}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={err.fieldError('password')}
        />
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy} testId="unlock-submit">
            {t('lock.submit')}
          </Button>
          <Button variant="quiet" onClick={onSignOut} testId="lock-sign-out">
            {t('lock.signOut')}
          </Button>
        </div>
      </form>
    </div>
  );
}
