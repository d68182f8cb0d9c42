import { TextAreaField } from './Field';
import { useI18n } from '../i18n/context';

type Props = {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  autoFocus?: boolean;
};

/** The recovery key as it is typed from the printed sheet: capitals, left to right, one line. */
export function RecoveryKeyField({ id, value, onChange, error, autoFocus = false }: Props) {
  const { t } = useI18n();
  return (
    <TextAreaField
      id={id}
      label={t('unlock.keyLabel')}
      hint={t('unlock.keyHint')}
      className="mono-field"
      rows={3}
      autoFocus={autoFocus}
      spellCheck={false}
      autoCapitalize="characters"
      autoComplete="off"
      dir="ltr"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        // A key has no line breaks: Enter submits, as in every other form.
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          e.currentTarget.form?.requestSubmit();
        }
      }}
      error={error}
    />
  );
}
