import { useCallback, useContext, useState } from 'react';
import { errorField, toAppError, type AppError } from '../api';
import { useI18n } from '../i18n/context';
import { SessionContext } from '../session';

export type CommandError = {
  /** The error message for a named field shown by this form, if the error names it. */
  fieldError: (field: string) => string | undefined;
  /** The message to show in a banner: errors without a field, or naming a field this form lacks. */
  banner: string | undefined;
  setError: (e: unknown) => void;
  clear: () => void;
  error: AppError | null;
};

/**
 * Keeps the last error of a form. `fields` lists the server field names this form
 * displays. Inside the signed-in shell a "locked" error is left to the lock overlay;
 * before sign-in it means the account is locked out and is shown like any other.
 */
export function useCommandError(fields: readonly string[]): CommandError {
  const { t } = useI18n();
  const inSession = useContext(SessionContext) !== null;
  const [error, setErrorState] = useState<AppError | null>(null);
  const setError = useCallback(
    (e: unknown) => {
      const err = toAppError(e);
      setErrorState(err.kind === 'locked' && inSession ? null : err);
    },
    [inSession],
  );
  const clear = useCallback(() => setErrorState(null), []);
  const field = errorField(error);
  const shownByField = field !== undefined && fields.includes(field);
  const message = error ? error.message || t('common.errorUnknown') : undefined;
  return {
    error,
    setError,
    clear,
    fieldError: (name) => (shownByField && field === name ? message : undefined),
    banner: error && !shownByField ? message : undefined,
  };
}
