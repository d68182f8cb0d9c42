import type { BookingInput } from '../../bindings/BookingInput';
import type { PatientSummary } from '../../bindings/PatientSummary';
import type { Practitioner } from '../../bindings/Practitioner';
import type { Service } from '../../bindings/Service';

/** Who is booked, for what, with whom. */
export type Parties = { patient: PatientSummary; service: Service; practitioner: Practitioner };

/** The time picked: a free slot, a typed time or a suggestion, and its room. */
export type Chosen = {
  /** RFC 3339, UTC, as the back end answered it. */
  starts_at: string;
  room_id: number;
  room_name: string;
  /** The start has passed, so booking needs a reason. */
  in_past: boolean;
};

/** What a calendar click fills in before the panel opens. */
export type Prefill = {
  practitionerId?: number | null;
  roomId?: number | null;
  /** "YYYY-MM-DD HH:MM", clinic time. */
  typedTime?: string;
};

export function bookingInput(p: Parties, starts_at: string, room_id: number, pastReason: string): BookingInput {
  return {
    patient_id: p.patient.id,
    practitioner_id: p.practitioner.id,
    service_id: p.service.id,
    room_id,
    starts_at,
    ends_at: null,
    past_reason: pastReason.trim() === '' ? null : pastReason.trim(),
  };
}
