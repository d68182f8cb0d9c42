import type { Appointment } from '../../bindings/Appointment';
import type { Session } from '../../session';

/**
 * Whether the person may move this appointment through the day: reception any appointment, a practitioner their own.
 * The service decides; this only hides the buttons and keys it would refuse.
 */
export function mayChangeStatusOf(session: Pick<Session, 'can' | 'me'>, a: Pick<Appointment, 'practitioner_id'>): boolean {
  return (
    session.can('update_appointment_status') ||
    (session.can('update_own_appointment_status') && a.practitioner_id === session.me.id)
  );
}

/** Whether the person may change any appointment's status at all (for the key hints). */
export function mayChangeSomeStatus(session: Pick<Session, 'can'>): boolean {
  return session.can('update_appointment_status') || session.can('update_own_appointment_status');
}
