import type { BookingInput } from '../../bindings/BookingInput';
import type { OccurrenceChoice } from '../../bindings/OccurrenceChoice';
import type { OccurrencePreview } from '../../bindings/OccurrencePreview';
import type { PatientSummary } from '../../bindings/PatientSummary';
import type { Practitioner } from '../../bindings/Practitioner';
import type { SeriesInput } from '../../bindings/SeriesInput';
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

/** The "repeat" part of the form, kept by the panel so nothing is lost. */
export type SeriesDraft = {
  repeat: boolean;
  every: string;
  /** 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  count: string;
  /** A last day, YYYY-MM-DD; when given it wins over the count. */
  until: string;
};

export const NO_SERIES: SeriesDraft = { repeat: false, every: '1', weekdays: [], count: '6', until: '' };

/** What the desk decided for one clashing occurrence. */
export type Choice = { kind: 'skip' } | { kind: 'move'; to: string };

export function seriesInput(p: Parties, chosen: Chosen, pastReason: string, s: SeriesDraft): SeriesInput {
  const until = s.until.trim();
  return {
    first: bookingInput(p, chosen.starts_at, chosen.room_id, pastReason),
    every_weeks: Math.trunc(Number(s.every)) || 0,
    weekdays: [...s.weekdays].sort((a, b) => a - b),
    until: until === '' ? null : until,
    count: until === '' ? Math.trunc(Number(s.count)) || 0 : null,
  };
}

/** The choices book_series takes: only the clashing occurrences, each skipped or moved. */
export function occurrenceChoices(preview: readonly OccurrencePreview[], choices: ReadonlyMap<number, Choice>): OccurrenceChoice[] {
  const out: OccurrenceChoice[] = [];
  preview.forEach((o, i) => {
    const c = choices.get(i);
    if (o.clashes.length === 0 || !c) return;
    out.push({ starts_at: o.starts_at, move_to: c.kind === 'skip' ? null : c.to });
  });
  return out;
}
