import { useState } from 'react';
import { api } from '../../api';
import type { SignedIn } from '../../bindings/SignedIn';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { NewPasswordField } from '../../components/NewPasswordField';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';

type Props = {
  username: string;
  /** The one-time code the person typed; sent again with the new password. */
  code: string;
  onSignedIn: (s: SignedIn) => void;
  onBack: () => void;
};

/** After a right one-time code: the person chooses their own password, and only then signs in. */
export function ChoosePasswordStep({ username, code, onSignedIn, onBack }: Props) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { busy, err, onSubmit } = useSubmit(
    ['new_password'],
    async () => onSignedIn(await api.choosePassword(username, code, password)),
    {
      validate: () => {
        const same = password === repeat;
        setMismatch(!same);
        return same;
      },
      keepBusyOnSuccess: true,
    },
  );

  return (
    <form className="card narrow" onSubmit={onSubmit} noValidate aria-labelledby="choose-title" data-testid="choose-password">
      <h2 id="choose-title">{t('signin.choose.title')}</h2>
      <p>{t('signin.choose.explain')}</p>
      {err.banner ? (
        <Banner tone="error" testId="choose-error">
          {err.banner}
        </Banner>
      ) : null}
      <NewPasswordField
        id="choose-new-password"
        label={t('signin.choose.new')}
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={err.fieldError('new_password')}
      />
      <Field
        id="choose-repeat"
        label={t('signin.choose.repeat')}
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={mismatch ? t('signin.choose.mismatch') : undefined}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="choose-submit">
          {t('signin.choose.submit')}
        </Button>
        <Button onClick={onBack} testId="choose-back">
          {t('signin.choose.back')}
        </Button>
      </div>
    </form>
  );
}
