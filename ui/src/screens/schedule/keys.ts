import { useEffect, useRef } from 'react';

/**
 * Whether a key press is the letter `letter`. Matches the physical key as well, so
 * the desk's shortcuts work with the Urdu keyboard layout switched on.
 */
export function isLetter(e: { key: string; code: string }, letter: string): boolean {
  return e.key.toLowerCase() === letter || e.code === `Key${letter.toUpperCase()}`;
}

/** True when the key press happens in a place that takes typing. */
export function inTypingPlace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** True for a plain letter press: no Ctrl, Alt or Meta. */
export function plain(e: { ctrlKey: boolean; altKey: boolean; metaKey: boolean }): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey;
}

/** "N" (outside a text field) or Ctrl+B opens a new booking. */
export function isNewBookingKey(e: KeyboardEvent): boolean {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && isLetter(e, 'b')) return true;
  return plain(e) && isLetter(e, 'n') && !inTypingPlace(e.target);
}

/** Runs `action` on a key press anywhere on the page while `enabled`. */
export function useShortcut(matches: (e: KeyboardEvent) => boolean, action: () => void, enabled: boolean) {
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  }, [action]);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !matches(e)) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [matches, enabled]);
}
