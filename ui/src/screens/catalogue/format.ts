import type { Discipline } from '../../bindings/Discipline';
import type { Language } from '../../bindings/Language';
import type { Role } from '../../bindings/Role';
import type { MessageKey } from '../../i18n/translate';

export const DISCIPLINES: readonly Discipline[] = ['physiotherapy', 'psychology', 'pharmacy'];

/** Staff with one of these roles see patients and so have working hours. */
export const CLINICAL_ROLES: readonly Role[] = ['physiotherapist', 'psychologist', 'pharmacist'];

/** 1 = Monday … 7 = Sunday, as the back end counts. */
export const WEEKDAYS: readonly { day: number; label: MessageKey }[] = [
  { day: 1, label: 'weekday.1' },
  { day: 2, label: 'weekday.2' },
  { day: 3, label: 'weekday.3' },
  { day: 4, label: 'weekday.4' },
  { day: 5, label: 'weekday.5' },
  { day: 6, label: 'weekday.6' },
  { day: 7, label: 'weekday.7' },
];

export function isDiscipline(s: string): s is Discipline {
  return (DISCIPLINES as readonly string[]).includes(s);
}

const money = new Map<Language, Intl.NumberFormat>();

/** Whole rupees, e.g. "Rs 2,500" (the locale decides the symbol and digits). */
export function formatPkr(amount: number, lang: Language): string {
  let f = money.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'ur' ? 'ur-PK' : 'en-PK', {
      style: 'currency',
      currency: 'PKR',
      maximumFractionDigits: 0,
    });
    money.set(lang, f);
  }
  return f.format(amount);
}

/** A whole number typed into a form, or null when it is not one. */
export function parseWhole(s: string): number | null {
  const v = s.trim();
  return /^\d+$/.test(v) ? Number(v) : null;
}
