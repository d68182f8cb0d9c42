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
