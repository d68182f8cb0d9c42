import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';

/** How often the badge asks again while the app stays open. */
export const DUE_COUNT_EVERY_MS = 60 * 60 * 1000;

/**
 * The number of patients whose records have reached the end of their retention, for the
 * navigation badge: asked at sign-in, every hour while the app is open, and when the window
 * is shown again after being hidden — so someone who never signs out still sees records fall
 * due day by day. `set` lets the review screen tell the new number at once.
 */
export function useRetentionDueCount(token: string, enabled: boolean): [number | null, (n: number) => void] {
  const [count, setCount] = useState<number | null>(null);
  const set = useCallback((n: number) => setCount(n), []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const ask = () => {
      api.retentionDueCount(token).then(
        (n) => {
          if (live) setCount(n);
        },
        () => {
          // The badge is a reminder only; the review screen shows any error.
        },
      );
    };
    ask();
    const timer = setInterval(ask, DUE_COUNT_EVERY_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') ask();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled, token]);
  return [count, set];
}
