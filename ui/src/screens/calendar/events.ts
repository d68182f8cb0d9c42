import type { Appointment } from '../../bindings/Appointment';
import type { Practitioner } from '../../bindings/Practitioner';
import type { Room } from '../../bindings/Room';
import { isMovable } from '../schedule/status';

export type CalendarView = 'day' | 'room' | 'week';

export type CalendarEvent = {
  id: number;
  title: string;
  start: Date;
  end: Date;
  /** The column: the practitioner (day view) or the room (room view). */
  resourceId: number;
  appointment: Appointment;
};

export type Column = { id: number; title: string };

/**
 * Cancelled appointments free their slot, so the calendar leaves them out (Today shows them).
 * A restricted patient's slot is shown as taken, titled `restrictedLabel` instead of a name.
 */
export function toEvents(list: readonly Appointment[], view: CalendarView, restrictedLabel = ''): CalendarEvent[] {
  return list
    .filter((a) => a.status !== 'cancelled')
    .map((a) => ({
      id: a.id,
      title: a.restricted ? restrictedLabel : a.patient_name,
      start: new Date(a.starts_at),
      end: new Date(a.ends_at),
      resourceId: view === 'room' ? a.room_id : a.practitioner_id,
      appointment: a,
    }));
}

/** One column per practitioner, plus any no longer listed who still has appointments that day. */
export function practitionerColumns(practitioners: readonly Practitioner[], list: readonly Appointment[]): Column[] {
  const cols = practitioners.map((p) => ({ id: p.id, title: p.full_name }));
  for (const a of list) {
    if (!cols.some((c) => c.id === a.practitioner_id)) cols.push({ id: a.practitioner_id, title: a.practitioner_name });
  }
  return cols;
}

/** One column per room in use, plus any closed room that still has appointments that day. */
export function roomColumns(rooms: readonly Room[], list: readonly Appointment[]): Column[] {
  const cols = rooms.filter((r) => r.active).map((r) => ({ id: r.id, title: r.name }));
  for (const a of list) {
    if (!cols.some((c) => c.id === a.room_id)) cols.push({ id: a.room_id, title: a.room_name });
  }
  return cols;
}

export const canDrag = (e: CalendarEvent) => isMovable(e.appointment);
