import type { MonthlyRevenue } from '../../../bindings/MonthlyRevenue';
import type { RevenueRow } from '../../../bindings/RevenueRow';
import type { Translate } from '../../../i18n/translate';
import { isMessageKey } from '../../../i18n/translate';

export type RevenueBy = 'practitioner' | 'service' | 'discipline';
export const REVENUE_BY: RevenueBy[] = ['practitioner', 'service', 'discipline'];

export function rowsBy(r: MonthlyRevenue, by: RevenueBy): RevenueRow[] {
  return by === 'practitioner' ? r.by_practitioner : by === 'service' ? r.by_service : r.by_discipline;
}

// The few labels the service writes itself (not names from the catalogue), in the desk's language.
const SERVICE_WORDS: Record<string, string> = {
  'No appointment': 'reports.label.noAppointment',
  'Pharmacy items': 'reports.label.pharmacyItems',
  'Other charges': 'reports.label.other',
};

/** A row's label for people: a discipline's name, or the service's own words translated. */
export function revenueLabel(label: string, by: RevenueBy, t: Translate): string {
  const key = by === 'discipline' ? (label === 'other' ? 'reports.label.other' : `discipline.${label}`) : SERVICE_WORDS[label];
  return key && isMessageKey(key) ? t(key) : label;
}
