import type { Language } from './bindings/Language';

/** The clinic's time zone; times are stored in UTC and shown in this zone. */
export const CLINIC_TIME_ZONE = 'Asia/Karachi';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Language, withTime: boolean): Intl.DateTimeFormat {
  const id = `${lang}:${withTime}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'ur' ? 'ur-PK' : 'en-GB', {
      timeZone: CLINIC_TIME_ZONE,
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'medium' } : {}),
    });
    formats.set(id, f);
  }
  return f;
}

/** An RFC 3339 time shown in Karachi time; anything unparseable is shown as given. */
export function formatDateTime(iso: string, lang: Language): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter(lang, true).format(d);
}

export function formatDate(d: Date, lang: Language): string {
  return formatter(lang, false).format(d);
}

/** Today's date in the clinic's calendar (Asia/Karachi), as YYYY-MM-DD. */
export function clinicToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: CLINIC_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: 'year' | 'month' | 'day') => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const clinicParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: CLINIC_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the clinic's day (YYYY-MM-DD) and time of day (HH:MM). */
export function clinicDateTime(at: string | Date): { date: string; time: string } | null {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return null;
  const parts = clinicParts.formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** An instant written the way the desk types a time: "YYYY-MM-DD HH:MM", clinic time. */
export function toTypedTime(at: string | Date): string {
  const p = clinicDateTime(at);
  return p ? `${p.date} ${p.time}` : '';
}

const TYPED = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})\s*$/;

/**
 * "YYYY-MM-DD HH:MM" (clinic time) as the back end takes it, "YYYY-MM-DDTHH:MM";
 * null while it is not yet a whole, real date and time.
 */
export function typedToClinic(typed: string): string | null {
  const m = TYPED.exec(typed);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m as unknown as [string, string, string, string, string, string];
  if (!isDay(`${y}-${mo}-${d}`) || Number(h) > 23 || Number(mi) > 59) return null;
  return `${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi}`;
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A clinic day `n` days after `day` (both YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday, as the back end counts weekdays. */
export function weekdayOf(day: string): number {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

/** The Monday of `day`'s week. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - weekdayOf(day));
}

const shortFormats = new Map<string, Intl.DateTimeFormat>();

function shortFormat(lang: Language, kind: 'time' | 'when' | 'day'): Intl.DateTimeFormat {
  const id = `${lang}:${kind}`;
  let f = shortFormats.get(id);
  if (!f) {
    const locale = lang === 'ur' ? 'ur-PK' : 'en-GB';
    const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    const day = { weekday: 'short', day: 'numeric', month: 'short' } as const;
    f = new Intl.DateTimeFormat(locale, {
      timeZone: CLINIC_TIME_ZONE,
      ...(kind === 'time' ? time : kind === 'when' ? { ...day, ...time } : { ...day, weekday: 'long', year: 'numeric' }),
    });
    shortFormats.set(id, f);
  }
  return f;
}

/** The clinic time of day of an instant, "10:00". */
export function formatTime(iso: string, lang: Language): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : shortFormat(lang, 'time').format(d);
}

/** A short day and time in clinic time, "Wed 15 Jan, 10:00". */
export function formatWhen(iso: string, lang: Language): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : shortFormat(lang, 'when').format(d);
}

/** A clinic day (YYYY-MM-DD) in words, "Wednesday, 15 Jan 2025". */
export function formatDay(day: string, lang: Language): string {
  // Noon UTC is the same calendar day in Karachi (UTC+5).
  return isDay(day) ? shortFormat(lang, 'day').format(new Date(`${day}T12:00:00Z`)) : day;
}

/**
 * "Wed 15 Jan, 10:00–10:45" for a sentence. In Urdu the span is isolated left to
 * right, so the bidirectional algorithm does not swap the two times around the dash.
 */
export function formatSpan(start: string, end: string, lang: Language): string {
  const s = `${formatWhen(start, lang)}–${formatTime(end, lang)}`;
  return lang === 'ur' ? `\u2066${s}\u2069` : s;
}
