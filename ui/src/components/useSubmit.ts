import { useRef, useState, type FormEvent } from 'react';
import { toAppError, type AppError } from '../api';
import { useCommandError, type CommandError } from './useCommandError';

export type SubmitOptions = {
  /**
   * Checks the form on this side before anything is sent; return false to stop.
   * Runs after the last error is cleared and before the form turns busy.
   */
  validate?: () => boolean;
  /**
   * Sees the error before it is shown, e.g. to empty a password field. Return
   * 'handled' when the form dealt with it itself and it must not be shown.
   */
  onError?: (e: AppError) => 'handled' | void;
  /**
   * For forms that hand over to another screen when they succeed: the form stays
   * busy (and ignores further submits) until it goes away. Otherwise it turns
   * idle again after every attempt.
   */
  keepBusyOnSuccess?: boolean;
};

export type Submit = {
  /** True while the command runs; pass it to the submit button. */
  busy: boolean;
  /** The last error, by field and as a banner (see useCommandError). */
  err: CommandError;
  /** The form's onSubmit: ignored while busy, otherwise clears the error and runs `action`. */
  onSubmit: (e: FormEvent) => Promise<void>;
};

/**
 * The submit pattern of every form: no default submission, no second submit while
 * the first runs, the last error cleared before and kept after, and busy reset
 * when the command fails. `fields` lists the server field names the form shows.
 */
export function useSubmit(fields: readonly string[], action: () => Promise<void>, options: SubmitOptions = {}): Submit {
  const { validate, onError, keepBusyOnSuccess = false } = options;
  const err = useCommandError(fields);
  const [busy, setBusyState] = useState(false);
  // The state drives rendering; the ref also stops a second submit that comes before the next render.
  const busyRef = useRef(false);
  const setBusy = (b: boolean) => {
    busyRef.current = b;
    setBusyState(b);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busyRef.current) return;
    err.clear();
    if (validate && !validate()) return;
    setBusy(true);
    try {
      await action();
      if (!keepBusyOnSuccess) setBusy(false);
    } catch (raw) {
      const error = toAppError(raw);
      if (onError?.(error) !== 'handled') err.setError(error);
      setBusy(false);
    }
  };

  return { busy, err, onSubmit };
}
