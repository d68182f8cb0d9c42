import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError } from '../../api';

/** One part of the chart as loaded: still loading, there, refused by the rules, or failed. */
export type Part<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'refused'; message: string }
  | { state: 'failed'; message: string };

/**
 * Loads a part of the chart whenever `load` changes (it is a useCallback whose
 * inputs say when to load again, e.g. after emergency access is granted). A
 * "forbidden" answer is the rules at work and is kept apart from a failure.
 */
export function usePart<T>(load: () => Promise<T>): {
  part: Part<T>;
  reload: () => void;
  /** Changes the loaded value in place, e.g. after a save. */
  update: (f: (v: T) => T) => void;
} {
  const [part, setPart] = useState<Part<T>>({ state: 'loading' });
  const latest = useRef(0);

  const run = useCallback(() => {
    const mine = ++latest.current;
    load().then(
      (value) => {
        if (latest.current === mine) setPart({ state: 'ready', value });
      },
      (raw: unknown) => {
        if (latest.current !== mine) return;
        const e = toAppError(raw);
        setPart(e.kind === 'forbidden' ? { state: 'refused', message: e.message } : { state: 'failed', message: e.message });
      },
    );
  }, [load]);

  useEffect(() => {
    run();
  }, [run]);

  const update = useCallback((f: (v: T) => T) => setPart((p) => (p.state === 'ready' ? { state: 'ready', value: f(p.value) } : p)), []);

  return { part, reload: run, update };
}
