import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import type { AppStatus } from '../../bindings/AppStatus';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { groupsToConfirm } from './recoveryKey';

type Props = {
  confirmGroups: number[];
  onBack: () => void;
  onStatus: (s: AppStatus) => void;
};

export function ConfirmStep({ confirmGroups, onBack, onStatus }: Props) {
  const { t } = useI18n();
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const err = useCommandError(['groups']);
  const groupsError = err.fieldError('groups');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    err.clear();
    try {
      onStatus(await api.confirmRecoveryKey(groupsToConfirm(confirmGroups, typed)));
    } catch (raw) {
      err.setError(raw);
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t('setup.confirm.title')}</h2>
      <p>{t('setup.confirm.explain')}</p>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="group-inputs" dir="ltr">
        {confirmGroups.map((n, i) => (
          <Field
            key={n}
            id={`confirm-group-${n}`}
            label={t('setup.confirm.group', { n })}
            className="mono"
            autoFocus={i === 0}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            size={6}
            value={typed[n] ?? ''}
            onChange={(e) => {
              const v = e.target.value;
              setTyped((old) => ({ ...old, [n]: v }));
            }}
            aria-invalid={groupsError ? true : undefined}
            aria-describedby={groupsError ? 'confirm-groups-error' : undefined}
          />
        ))}
      </div>
      {groupsError ? (
        <p id="confirm-groups-error" className="field-error" role="alert" data-testid="confirm-groups-error">
          {groupsError}
        </p>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="confirm-key">
          {t('setup.confirm.submit')}
        </Button>
        <Button onClick={onBack} testId="back-to-key">
          {t('common.back')}
        </Button>
      </div>
    </form>
  );
}
