import type { Appointment } from '../bindings/Appointment';
import type { Status } from '../bindings/Status';
import type { Step } from '../bindings/Step';
import type { Practitioner } from '../bindings/Practitioner';
import type { Room } from '../bindings/Room';
import type { Service } from '../bindings/Service';
import type { Session } from '../session';
import { reception } from './helpers';

/** A signed-in reception session for screens rendered on their own. */
export const receptionSession = {
  token: 'tok-1',
  me: reception,
  can: (p: string) => (reception.permissions as string[]).includes(p),
} as unknown as Session;

/** The steps the back end sends with each status (`steps` in src-tauri/src/scheduling/status.rs). */
const STEPS: Record<Status, Step[]> = {
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

export function stepsOf(status: Status): Step[] {
  return STEPS[status];
}

export function appointment(id: number, extra: Partial<Appointment> = {}): Appointment {
  const status = extra.status ?? 'booked';
  return {
    steps: STEPS[status],
    id,
    patient_id: 10 + id,
    patient_name: `Patient ${id}`,
    patient_name_ur: null,
    mrn: `AH-${String(10 + id).padStart(6, '0')}`,
    patient_phone: '0300-1234567',
    practitioner_id: 5,
    practitioner_name: 'Dr Bilal Ahmed',
    service_id: 1,
    service_name: 'Physiotherapy session',
    discipline: 'physiotherapy',
    room_id: 1,
    room_name: 'Room 1',
    starts_at: '2030-01-15T05:00:00Z',
    ends_at: '2030-01-15T05:45:00Z',
    status: 'booked',
    series_id: null,
    cancelled_by: null,
    cancel_reason: null,
    arrived_at: null,
    restricted: false,
    ...extra,
  };
}

export const services: Service[] = [
  { id: 1, name: 'Physiotherapy session', discipline: 'physiotherapy', duration_minutes: 45, price_pkr: 3000, active: true },
  { id: 2, name: 'Psychology consultation', discipline: 'psychology', duration_minutes: 60, price_pkr: 5000, active: true },
  { id: 3, name: 'Old massage', discipline: 'physiotherapy', duration_minutes: 30, price_pkr: 1000, active: false },
];

export const practitioners: Practitioner[] = [
  { id: 5, full_name: 'Dr Bilal Ahmed', roles: 'physiotherapist', disciplines: ['physiotherapy'] },
  { id: 6, full_name: 'Dr Sara Malik', roles: 'psychologist', disciplines: ['psychology'] },
  { id: 7, full_name: 'Dr Omar Farooq', roles: 'physiotherapist,pharmacist', disciplines: ['physiotherapy', 'pharmacy'] },
];

export const rooms: Room[] = [
  { id: 1, name: 'Room 1', active: true },
  { id: 2, name: 'Room 2', active: true },
  { id: 3, name: 'Old store', active: false },
];

/** An instant `minutes` from now, whole minutes, as the back end writes it. */
export function fromNow(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  d.setUTCSeconds(0, 0);
  return d.toISOString().replace('.000Z', 'Z');
}
