import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../api';
import type { DraftSaved } from '../../../bindings/DraftSaved';

/** Quiet time after the last keystroke before the draft is saved. */
export const AUTOSAVE_DELAY_MS = 1500;
/** A save that failed for a passing reason (locked screen, busy store) is tried again after this. */
export const AUTOSAVE_RETRY_MS = 5000;

export type SaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'saving' }
  | { kind: 'error'; error: AppError };

type Content = Record<string, string>;

const same = (a: Content, b: Content) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Saves a draft as it is typed: whole, after a quiet moment, one save at a time, the
 * newest text last. A failed save keeps the text (it is the caller's state) and the
 * error; it is tried again on the next keystroke, on `flush`, or after a while when
 * the failure was not about the text itself. Text not yet saved is sent on unmount.
 */
export function useAutosave(save: (content: Content) => Promise<DraftSaved>, initial: Content, savedAt: string) {
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: savedAt });
  const latest = useRef<Content>(initial);
  const stored = useRef<Content>(initial);
  const running = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | null>(null);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const stopTimer = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };

  const flush = useCallback(async (): Promise<boolean> => {
    stopTimer();
    while (running.current) await running.current;
    if (same(latest.current, stored.current)) {
      setState((s) => (s.kind === 'saved' ? s : { kind: 'saved', at: new Date().toISOString() }));
      return true;
    }
    const sending = latest.current;
    setState({ kind: 'saving' });
    const attempt = saveRef.current(sending).then(
      (r) => {
        stored.current = sending;
        if (same(latest.current, sending)) setState({ kind: 'saved', at: r.saved_at });
        else schedule(AUTOSAVE_DELAY_MS);
        return true;
      },
      (raw: unknown) => {
        const error = toAppError(raw);
        setState({ kind: 'error', error });
        // The same text would be refused again; a passing failure is worth another go.
        if (error.kind !== 'validation' && error.kind !== 'forbidden' && error.kind !== 'not_found') schedule(AUTOSAVE_RETRY_MS);
        return false;
      },
    );
    running.current = attempt;
    try {
      return await attempt;
    } finally {
      running.current = null;
    }
    // `schedule` is stable: it only touches refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function schedule(ms: number) {
    stopTimer();
    timer.current = window.setTimeout(() => void flush(), ms);
  }

  /** The text changed: save it once the typing pauses. */
  const changed = useCallback(
    (content: Content) => {
      latest.current = content;
      if (same(content, stored.current)) {
        stopTimer();
        return;
      }
      setState((s) => (s.kind === 'error' ? s : { kind: 'saving' }));
      schedule(AUTOSAVE_DELAY_MS);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  // The window hidden or closing: save now rather than after the quiet moment.
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onLeave = () => void flush();
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onLeave);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onLeave);
    };
  }, [flush]);

  useEffect(
    () => () => {
      stopTimer();
      // Leaving with unsaved text: send it anyway; nothing typed is thrown away.
      if (!same(latest.current, stored.current)) saveRef.current(latest.current).catch(() => {});
    },
    [],
  );

  return { state, changed, flush, unsaved: () => !same(latest.current, stored.current) };
}
