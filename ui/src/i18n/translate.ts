import type { Language } from '../bindings/Language';
import enAccess from './en/access.json';
import enBackups from './en/backups.json';
import enBilling from './en/billing.json';
import enClinical from './en/clinical.json';
import enCore from './en/core.json';
import enDesk from './en/desk.json';
import enPrivacy from './en/privacy.json';
import enTakings from './en/takings.json';
import urAccess from './ur/access.json';
import urBackups from './ur/backups.json';
import urBilling from './ur/billing.json';
import urClinical from './ur/clinical.json';
import urCore from './ur/core.json';
import urDesk from './ur/desk.json';
import urPrivacy from './ur/privacy.json';
import urTakings from './ur/takings.json';

// One file per part of the app (the shell and setup; the front desk; the clinical
// chart and pharmacy; patients' rights and retention; who may sign in and with which
// roles; billing; printing, the day's takings and the money reports; backups and restores), so each stays readable.
export const parts = {
  en: [enCore, enDesk, enClinical, enPrivacy, enAccess, enBilling, enTakings, enBackups],
  ur: [urCore, urDesk, urClinical, urPrivacy, urAccess, urBilling, urTakings, urBackups],
} as const;
const en = { ...enCore, ...enDesk, ...enClinical, ...enPrivacy, ...enAccess, ...enBilling, ...enTakings, ...enBackups };
const ur = { ...urCore, ...urDesk, ...urClinical, ...urPrivacy, ...urAccess, ...urBilling, ...urTakings, ...urBackups };

export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

// `satisfies` makes the compiler reject an Urdu file that lacks an English key.
export const messages = { en, ur: ur satisfies Record<MessageKey, string> } as const;

export const languages: readonly Language[] = ['en', 'ur'];

export function directionOf(lang: Language): 'ltr' | 'rtl' {
  return lang === 'ur' ? 'rtl' : 'ltr';
}

/** Looks up `key` and fills `{name}` placeholders; unknown placeholders are left as written. */
export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const table: Record<string, string> = messages[lang];
  const text = table[key] ?? messages.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages.en, key);
}
