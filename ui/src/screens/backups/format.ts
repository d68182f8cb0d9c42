import type { Translate } from '../../i18n/translate';

/** A file size in the clinic's words: KB below a megabyte, MB above. */
export function fileSize(bytes: number, t: Translate): string {
  return bytes >= 1024 * 1024
    ? t('damaged.mb', { n: (bytes / (1024 * 1024)).toFixed(1) })
    : t('damaged.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
}

/** How long ago `iso` was, roughly: minutes under an hour, hours under two days, then days. */
export function age(iso: string, t: Translate, now: Date = new Date()): string {
  const ms = now.getTime() - new Date(iso).getTime();
  const hours = Math.floor(ms / 3_600_000);
  if (!Number.isFinite(hours)) return '';
  if (hours < 1) return t('backups.age.lessThanHour');
  if (hours < 48) return t('backups.age.hours', { n: hours });
  return t('backups.age.days', { n: Math.floor(hours / 24) });
}

/** The tables whose counts a backup's row shows, in this order. */
export const KEY_TABLES = ['patients', 'appointments', 'notes', 'invoices'] as const;
export type KeyTable = (typeof KEY_TABLES)[number];
