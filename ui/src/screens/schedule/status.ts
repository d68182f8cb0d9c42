import type { Appointment } from '../../bindings/Appointment';
import type { Status } from '../../bindings/Status';

/** Whether the back end offers the step to `to` for this appointment now. */
export function canStep(a: Appointment, to: Status): boolean {
  return a.steps.some((s) => s.to === to);
}

/** The undo step the back end offers for this appointment, if there is one. */
export function undoStep(a: Appointment): Status | null {
  return a.steps.find((s) => s.undo)?.to ?? null;
}

/** Booked, its start has passed, and the patient has not arrived. */
export function isLate(a: Appointment, now: number): boolean {
  return a.status === 'booked' && Date.parse(a.starts_at) < now;
}

/** Cancelled and no-show appointments are closed and may not be moved; nor is a restricted patient's. */
export function isMovable(a: Appointment): boolean {
  return a.status === 'booked' && !a.restricted;
}
