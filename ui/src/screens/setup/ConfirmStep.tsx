import { useState } from 'react';
import { api } from '../../api';
import type { AppStatus } from '../../bindings/AppStatus';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
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
  const { busy, err, onSubmit } = useSubmit(
    ['groups'],
    async () => onStatus(await api.confirmRecoveryKey(groupsToConfirm(confirmGroups, typed))),
    { keepBusyOnSuccess: true },
  );
  const groupsError = err.fieldError('groups');

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="confirm-title">
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
