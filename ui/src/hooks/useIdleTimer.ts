import { useEffect, useRef } from 'react';

/**
 * What counts as the person still being at the desk. Not `scroll`: a list that
 * refreshes itself can scroll without anyone there.
 */
export const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'pointerdown', 'wheel', 'touchstart'] as const;

/** The most often activity is reported to the back end (it needs no more). */
const MAX_REPORT_EVERY_MS = 15_000;

/**
 * Calls `onIdle` once after `timeoutMs` without keyboard, mouse or pointer activity.
 * Activity only records a time stamp, so a moving mouse costs nothing; the timer
 * re-arms itself for the remaining time when it fires early.
 *
 * `onActivity`, when given, is told of the person's activity at most every quarter of
 * the idle time (and at most every 15 s): the back end locks a session on its own
 * clock and counts only these reports as activity, never the screen's own refreshes.
 */
export function useIdleTimer(timeoutMs: number, onIdle: () => void, enabled: boolean, onActivity?: () => void): void {
  const onIdleRef = useRef(onIdle);
  const onActivityRef = useRef(onActivity);
  useEffect(() => {
    onIdleRef.current = onIdle;
    onActivityRef.current = onActivity;
  }, [onIdle, onActivity]);

  useEffect(() => {
    if (!enabled || !(timeoutMs > 0)) return;
    const reportEveryMs = Math.min(MAX_REPORT_EVERY_MS, timeoutMs / 4);
    let last = Date.now();
    let reported = last;
    let timer: ReturnType<typeof setTimeout>;
    const arm = (ms: number) => {
      timer = setTimeout(check, ms);
    };
    const check = () => {
      const idleFor = Date.now() - last;
      if (idleFor >= timeoutMs) onIdleRef.current();
      else arm(timeoutMs - idleFor);
    };
    const touch = () => {
      last = Date.now();
      if (onActivityRef.current && last - reported >= reportEveryMs) {
        reported = last;
        onActivityRef.current();
      }
    };
    arm(timeoutMs);
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, touch, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, touch, { capture: true });
    };
  }, [timeoutMs, enabled]);
}
