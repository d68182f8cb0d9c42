import { useState } from 'react';
import { api } from '../../api';
import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { RecoveryKeyField } from '../../components/RecoveryKeyField';
import { useI18n } from '../../i18n/context';

type Props = {
  /** A listed backup (its name in the data folder's backups); without it the form asks for a full path. */
  name?: string | undefined;
  /** What the form says above the fields. */
  intro: string;
  onRestored: (o: RestoreOutcome) => void;
  onCancel: () => void;
};

/**
 * Restores a backup with the recovery key, for when nobody can sign in: the store does not
 * open, or this is a new PC. Errors stand next to the file or the key, else in a banner.
 */
export function RestoreWithKeyForm({ name, intro, onRestored, onCancel }: Props) {
  const { t } = useI18n();
  const [file, setFile] = useState('');
  const [key, setKey] = useState('');
  const fields = name === undefined ? ['file', 'backup', 'recovery_key'] : ['recovery_key'];
  const { busy, err, onSubmit } = useSubmit(
    fields,
    async () => onRestored(await api.restoreWithRecoveryKey(name ?? file.trim(), key.trim())),
    { keepBusyOnSuccess: true },
  );

  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="restore-key-form">
      <p>{intro}</p>
      {err.banner ? (
        <Banner tone="error" testId="restore-key-error">
          {err.banner}
        </Banner>
      ) : null}
      {name === undefined ? (
        <Field
          id="restore-file"
          label={t('restoreKey.file')}
          hint={t('restoreKey.fileHint')}
          dir="ltr"
          className="mono-field"
          spellCheck={false}
          autoComplete="off"
          autoFocus
          value={file}
          onChange={(e) => setFile(e.target.value)}
          error={err.fieldError('file') ?? err.fieldError('backup')}
        />
      ) : null}
      <RecoveryKeyField id="restore-recovery-key" value={key} onChange={setKey} error={err.fieldError('recovery_key')} autoFocus={name !== undefined} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="restore-key-submit">
          {t('restoreKey.submit')}
        </Button>
        <Button onClick={onCancel} disabled={busy} testId="restore-key-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
