import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, onLocked, type AppError } from '../api';
import type { SignedIn } from '../bindings/SignedIn';
import { useIdleTimer } from '../hooks/useIdleTimer';
import { LockOverlay } from './LockOverlay';

type Props = {
  token: string;
  fullName: string;
  idleLockSeconds: number;
  onUnlocked: (s: SignedIn) => void;
  onSessionEnded: (e: AppError) => void;
  onSignOut: () => void;
  /** Receives the function that locks at once (for the Lock button). */
  children: (lockNow: () => void) => ReactNode;
};

/**
 * Locks the screen after idle time, on the Lock button, or when any command says the
 * session is locked. The screen underneath is only made inert, never unmounted, so
 * half-typed forms survive the lock.
 */
export function SessionLock({ token, fullName, idleLockSeconds, onUnlocked, onSessionEnded, onSignOut, children }: Props) {
  const [locked, setLocked] = useState(false);
  const lastFocus = useRef<HTMLElement | null>(null);

  const showLock = useCallback(() => {
    setLocked((was) => {
      if (!was && document.activeElement instanceof HTMLElement) lastFocus.current = document.activeElement;
      return true;
    });
  }, []);

  const lockNow = useCallback(() => {
    showLock();
    // The overlay is up whatever the answer; a failure here means the server already locked or ended it.
    api.lockSession(token).catch(() => {});
  }, [showLock, token]);

  // A refusal here (the session locked on the back end's clock) shows the overlay
  // through `onLocked`, like any other command's.
  const reportActivity = useCallback(() => {
    api.noteActivity(token).catch(() => {});
  }, [token]);
  useIdleTimer(idleLockSeconds * 1000, lockNow, !locked, reportActivity);
  useEffect(() => onLocked(showLock), [showLock]);

  const unlocked = (s: SignedIn) => {
    setLocked(false);
    onUnlocked(s);
    const el = lastFocus.current;
    lastFocus.current = null;
    if (el && el.isConnected) setTimeout(() => el.focus(), 0);
  };

  return (
    <>
      <div className="lockable" inert={locked} aria-hidden={locked || undefined}>
        {children(lockNow)}
      </div>
      {locked ? (
        <LockOverlay token={token} fullName={fullName} onUnlocked={unlocked} onSessionEnded={onSessionEnded} onSignOut={onSignOut} />
      ) : null}
    </>
  );
}
