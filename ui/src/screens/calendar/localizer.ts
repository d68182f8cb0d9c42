import { DateTime, Settings } from 'luxon';
import { luxonLocalizer, type Formats } from 'react-big-calendar';
import type { WorkingHours } from '../../bindings/WorkingHours';
import { CLINIC_TIME_ZONE } from '../../time';

// The calendar does its date arithmetic with luxon's default zone: making it the
// clinic's puts every appointment at its Karachi time whatever the machine's zone.
// Luxon is used only by the calendar, so nothing else is affected.
Settings.defaultZone = CLINIC_TIME_ZONE;

export const localizer = luxonLocalizer(DateTime, { firstDayOfWeek: 1 });

/** The first and last hour the day and week views show, clinic time. */
export const DAY_STARTS = 7;
export const DAY_ENDS = 21;

/** A clinic day at an hour, as the Date the calendar takes. */
export function clinicMoment(day: string, hour: number, minute = 0): Date {
  return DateTime.fromISO(day, { zone: CLINIC_TIME_ZONE }).set({ hour, minute }).toJSDate();
}

/** The clinic day (YYYY-MM-DD) a calendar Date falls on. */
export function clinicDayOf(d: Date): string {
  return DateTime.fromJSDate(d, { zone: CLINIC_TIME_ZONE }).toISODate() ?? '';
}

/** A calendar Date as the back end takes an instant: RFC 3339 UTC, whole seconds. */
export function instant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const HHMM = 'HH:mm';
const range = ({ start, end }: { start: Date; end: Date }, culture?: string) =>
  `${localizer.format(start, HHMM, culture)}–${localizer.format(end, HHMM, culture)}`;

/** 24-hour clinic times everywhere, as the desk reads them. */
export const formats: Formats = {
  timeGutterFormat: HHMM,
  eventTimeRangeFormat: range,
  selectRangeFormat: range,
  dayFormat: 'ccc d LLL',
  dayHeaderFormat: 'cccc d LLLL yyyy',
  dayRangeHeaderFormat: ({ start, end }, culture) =>
    `${localizer.format(start, 'd LLL', culture)} – ${localizer.format(end, 'd LLL yyyy', culture)}`,
};

/** Minutes from midnight of "HH:MM". */
function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Whether the practitioner works at this calendar slot (its start, clinic time). */
export function isWorking(hours: readonly WorkingHours[], at: Date): boolean {
  const t = DateTime.fromJSDate(at, { zone: CLINIC_TIME_ZONE });
  const m = t.hour * 60 + t.minute;
  return hours.some((h) => h.weekday === t.weekday && minutes(h.starts) <= m && m < minutes(h.ends));
}
