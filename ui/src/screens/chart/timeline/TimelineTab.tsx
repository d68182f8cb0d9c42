import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api, toAppError } from '../../../api';
import type { Discipline } from '../../../bindings/Discipline';
import type { EntryKind } from '../../../bindings/EntryKind';
import type { TimelineEntry } from '../../../bindings/TimelineEntry';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { useChart } from '../ChartContext';
import type { ChartTab } from '../ChartTabs';
import { DISCIPLINES, isPharmacist } from '../clinician';
import { Refused } from '../Refused';
import { KINDS, placeOf, TIMELINE_PAGE } from './place';
import { TimelineText } from './TimelineRow';

const ROW_HEIGHT = 56;
const AHEAD = 40;

type Loaded = {
  entries: TimelineEntry[];
  next: string | null;
  byEmergency: boolean;
  state: 'loading' | 'idle' | 'refused' | 'failed';
  message: string;
};

const EMPTY: Loaded = { entries: [], next: null, byEmergency: false, state: 'loading', message: '' };

const rowId = (i: number) => `timeline-row-${i}`;

/** Everything that happened to the patient, newest first, in one long list drawn a screenful at a time. */
export function TimelineTab({ onOpen }: { onOpen: (place: { tab: ChartTab; id: number }) => void }) {
  const { t } = useI18n();
  const { token, me } = useSession();
  const { patientId, openings } = useChart();
  const pharmacist = isPharmacist(me);
  const [disciplines, setDisciplines] = useState<Discipline[]>([]);
  const [kinds, setKinds] = useState<EntryKind[]>([]);
  const [loaded, setLoaded] = useState<Loaded>(EMPTY);
  const asking = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    async (before: string | null) => {
      const mine = ++asking.current;
      setLoaded((l) => ({ ...(before === null ? EMPTY : l), state: 'loading' }));
      try {
        const page = await api.patientTimeline(token, { patient_id: patientId, disciplines, kinds, before, limit: TIMELINE_PAGE });
        if (asking.current !== mine) return;
        setLoaded((l) => ({
          entries: before === null ? page.entries : [...l.entries, ...page.entries],
          next: page.next,
          byEmergency: page.by_emergency || (before !== null && l.byEmergency),
          state: 'idle',
          message: '',
        }));
      } catch (raw) {
        if (asking.current !== mine) return;
        const e = toAppError(raw);
        setLoaded((l) => ({ ...l, state: e.kind === 'forbidden' ? 'refused' : 'failed', message: e.message }));
      }
    },
    // `openings`: read again once emergency access is granted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, patientId, disciplines, kinds, openings],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  const { entries, next, state } = loaded;
  // Nothing here is memoised by the compiler, so the virtualizer's fresh functions are safe.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length + (next ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items[items.length - 1]?.index ?? -1;

  // Read further back as the end comes near.
  useEffect(() => {
    if (next && state === 'idle' && lastShown >= entries.length - AHEAD) void fetchPage(next);
  }, [lastShown, entries.length, next, state, fetchPage]);

  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  const moveFocus = (e: KeyboardEvent<HTMLElement>, index: number) => {
    const to = e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? entries.length - 1 : null;
    if (to === null || to < 0 || to >= entries.length) return;
    e.preventDefault();
    virtualizer.scrollToIndex(to, { align: 'auto' });
    window.requestAnimationFrame(() => document.getElementById(rowId(to))?.focus());
  };

  return (
    <div className="stack" data-testid="timeline">
      <fieldset className="timeline-filters">
        <legend>{t('timeline.filters')}</legend>
        <div className="check-row">
          {DISCIPLINES.map((d) => (
            <label key={d} className="check">
              <input type="checkbox" data-testid={`timeline-discipline-${d}`} checked={disciplines.includes(d)} onChange={() => setDisciplines((l) => toggle(l, d))} />
              {t(`discipline.${d}`)}
            </label>
          ))}
        </div>
        <div className="check-row">
          {KINDS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" data-testid={`timeline-kind-${k}`} checked={kinds.includes(k)} onChange={() => setKinds((l) => toggle(l, k))} />
              {t(`timeline.kinds.${k}`)}
            </label>
          ))}
        </div>
        <p className="muted">{t('timeline.filterHint')}</p>
      </fieldset>
      {loaded.byEmergency ? (
        <Banner tone="warning" testId="timeline-emergency">
          {t('timeline.byEmergency')}
        </Banner>
      ) : null}
      {state === 'refused' ? <Refused message={loaded.message} /> : null}
      {state === 'failed' ? (
        <Banner tone="error" testId="chart-error">
          {loaded.message || t('common.errorUnknown')}{' '}
          <Button variant="quiet" testId="chart-retry" onClick={() => void fetchPage(entries.length > 0 ? next : null)}>
            {t('common.tryAgain')}
          </Button>
        </Banner>
      ) : null}
      {state !== 'refused' && entries.length === 0 && state === 'idle' ? (
        <p className="muted" data-testid="timeline-empty">
          {t('timeline.none')}
        </p>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {state === 'idle' ? t('timeline.count', { count: entries.length }) : ''}
      </p>
      <div ref={scroller} className="timeline-list" data-testid="timeline-list" data-count={entries.length} role="list" aria-label={t('chart.tab.timeline')}>
        <div style={{ blockSize: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const entry = entries[v.index];
            const style = { position: 'absolute' as const, insetBlockStart: 0, insetInlineStart: 0, inlineSize: '100%', blockSize: v.size, transform: `translateY(${v.start}px)` };
            if (!entry) {
              return (
                <div key="more" role="listitem" style={style} className="timeline-more" data-testid="timeline-loading">
                  {t('common.loading')}
                </div>
              );
            }
            const place = placeOf(entry, pharmacist);
            const common = {
              id: rowId(v.index),
              'data-testid': 'timeline-row',
              'data-kind': entry.item.kind,
              'data-id': entry.item.id,
              'data-index': v.index,
              onKeyDown: (e: KeyboardEvent<HTMLElement>) => moveFocus(e, v.index),
            };
            return (
              <div key={`${entry.item.kind}-${entry.item.id}`} role="listitem" style={style}>
                {place ? (
                  <button type="button" className="timeline-row" {...common} onClick={() => onOpen(place)}>
                    <TimelineText entry={entry} />
                  </button>
                ) : (
                  <div className="timeline-row" tabIndex={-1} {...common}>
                    <TimelineText entry={entry} />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
