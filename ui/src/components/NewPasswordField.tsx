import { useI18n } from '../i18n/context';
import { Field, type FieldProps } from './Field';

type Props = Omit<FieldProps, 'type' | 'hint' | 'autoComplete' | 'required'>;

/**
 * A required field for choosing a new password: masked, offered to password
 * managers as a new password, with the password rules as its hint.
 */
export function NewPasswordField(props: Props) {
  const { t } = useI18n();
  return <Field hint={t('person.passwordHint')} type="password" autoComplete="new-password" required {...props} />;
}
