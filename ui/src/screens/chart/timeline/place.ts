import type { EntryKind } from '../../../bindings/EntryKind';
import type { TimelineEntry } from '../../../bindings/TimelineEntry';
import type { ChartTab } from '../ChartTabs';

export const KINDS: readonly EntryKind[] = ['appointment', 'note', 'measure', 'dispensing', 'attachment'];

/** Entries asked for at a time; the next page is asked for well before the end is reached. */
export const TIMELINE_PAGE = 200;

/** Where a timeline line leads in the chart, if anywhere. */
export function placeOf(entry: TimelineEntry, pharmacist: boolean): { tab: ChartTab; id: number } | null {
  const item = entry.item;
  switch (item.kind) {
    case 'note':
      return { tab: 'notes', id: item.id };
    case 'measure':
      return { tab: 'measures', id: item.id };
    case 'attachment':
      return { tab: 'documents', id: item.id };
    case 'dispensing':
      return pharmacist ? { tab: 'dispensing', id: item.id } : null;
    case 'appointment':
      return null;
  }
}
