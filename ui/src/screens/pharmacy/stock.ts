import type { PharmacyItem } from '../../bindings/PharmacyItem';
import type { StockBatch } from '../../bindings/StockBatch';
import { addDays, clinicToday } from '../../time';

/** Fewer unexpired units than this and the item is marked "low stock". The back end keeps no reorder level. */
export const LOW_STOCK_UNITS = 10;
/** A batch that expires within this many days is marked "expires soon". */
export const EXPIRES_SOON_DAYS = 60;

export function isLow(item: PharmacyItem): boolean {
  return item.in_stock < LOW_STOCK_UNITS;
}

export function expiresSoon(batch: StockBatch, today: string = clinicToday()): boolean {
  return !batch.expired && batch.expires_on <= addDays(today, EXPIRES_SOON_DAYS);
}

/** "Panadol 500 mg tablet" */
export function itemName(item: Pick<PharmacyItem, 'name' | 'strength' | 'form'>): string {
  return [item.name, item.strength, item.form].filter(Boolean).join(' ');
}
