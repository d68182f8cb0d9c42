import { useEffect, useRef } from 'react';

/** What counts as the person still being at the desk. */
export const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'pointerdown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Calls `onIdle` once after `timeoutMs` without keyboard, mouse or pointer activity.
 * Activity only records a time stamp, so a moving mouse costs nothing; the timer
 * re-arms itself for the remaining time when it fires early.
 */
export function useIdleTimer(timeoutMs: number, onIdle: () => void, enabled: boolean): void {
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (!enabled || !(timeoutMs > 0)) return;
    let last = Date.now();
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
    };
    arm(timeoutMs);
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, touch, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, touch, { capture: true });
    };
  }, [timeoutMs, enabled]);
}
