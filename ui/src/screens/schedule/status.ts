import type { Appointment } from '../../bindings/Appointment';
import type { Status } from '../../bindings/Status';

/** A status change offered at the desk: where it goes, and whether it undoes a step. */
export type Step = { to: Status; undo: boolean };

/**
 * The changes the back end allows from each status (cancelling has its own form, as
 * it needs a reason). Mirrors `may_change` in src-tauri/src/scheduling/status.rs.
 */
export const STEPS: Record<Status, Step[]> = {
  booked: [
    { to: 'arrived', undo: false },
    { to: 'in_session', undo: false },
    { to: 'no_show', undo: false },
  ],
  arrived: [
    { to: 'in_session', undo: false },
    { to: 'booked', undo: true },
  ],
  in_session: [
    { to: 'completed', undo: false },
    { to: 'arrived', undo: true },
  ],
  no_show: [{ to: 'booked', undo: true }],
  completed: [],
  cancelled: [],
};

export function canStep(from: Status, to: Status): boolean {
  return STEPS[from].some((s) => s.to === to);
}

/** The undo step from `from`, if there is one. */
export function undoStep(from: Status): Status | null {
  return STEPS[from].find((s) => s.undo)?.to ?? null;
}

/** Booked, its start has passed, and the patient has not arrived. */
export function isLate(a: Appointment, now: number): boolean {
  return a.status === 'booked' && Date.parse(a.starts_at) < now;
}

/** Cancelled and no-show appointments are closed and may not be moved. */
export function isMovable(a: Appointment): boolean {
  return a.status === 'booked';
}
