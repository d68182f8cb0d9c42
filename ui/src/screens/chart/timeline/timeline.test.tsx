import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineEntry } from '../../../bindings/TimelineEntry';
import type { TimelineQuery } from '../../../bindings/TimelineQuery';
import { SessionContext } from '../../../session';
import { physio, sessionOf } from '../../../test/clinical';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { ChartContext } from '../ChartContext';
import { TimelineTab } from './TimelineTab';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => (a as { query: TimelineQuery }).query);

// jsdom lays nothing out: the list's box is given a height, as the window would.
const LIST_HEIGHT = 560;
let restore: () => void;
beforeEach(() => {
  invokeMock.mockReset();
  const before = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'timeline-list' ? LIST_HEIGHT : 0;
    },
  });
  restore = () => {
    if (before) Object.defineProperty(HTMLElement.prototype, 'clientHeight', before);
  };
});
afterEach(() => restore());

const TOTAL = 600;
function entry(i: number): TimelineEntry {
  const at = new Date(Date.UTC(2030, 0, 1) - i * 3_600_000).toISOString().replace('.000', '');
  switch (i % 3) {
    case 0:
      return { at, discipline: 'physiotherapy', item: { kind: 'note', id: i, template_name: 'SOAP', author_name: 'Dr Bilal', signed: true, signed_at: at, appointment_id: null, amends: null, amend_reason: null, amended_by: null } };
    case 1:
      return { at, discipline: 'physiotherapy', item: { kind: 'appointment', id: i, service: 'Physiotherapy session', practitioner: 'Dr Bilal', status: 'completed', ends_at: at } };
    default:
      return { at, discipline: 'physiotherapy', item: { kind: 'measure', id: i, instrument: 'nprs', total: 4, band: 'moderate', risk: false, taken_on: '2029-12-30' } };
  }
}

function backend() {
  mockCommands({
    patient_timeline: (a) => {
      const q = (a as { query: TimelineQuery }).query;
      const all = Array.from({ length: TOTAL }, (_, i) => entry(i)).filter((e) => q.kinds.length === 0 || q.kinds.includes(e.item.kind));
      const from = q.before ? Number(q.before) : 0;
      const page = all.slice(from, from + (q.limit ?? 500));
      const end = from + page.length;
      return { entries: page, next: end < all.length ? String(end) : null, by_emergency: false };
    },
  });
}

function renderTab() {
  const onOpen = vi.fn();
  renderUi(
    <SessionContext.Provider value={sessionOf(physio)}>
      <ChartContext.Provider value={{ patientId: 21, grant: null, offerEmergency: vi.fn(), openings: 0 }}>
        <TimelineTab onOpen={onOpen} />
      </ChartContext.Provider>
    </SessionContext.Provider>,
  );
  return { onOpen };
}

describe('the timeline', () => {
  it('draws only the rows in view of a long list, and reads further back while scrolling', async () => {
    backend();
    renderTab();
    const list = await screen.findByTestId('timeline-list');
    await waitFor(() => expect(list).toHaveAttribute('data-count', '200'));
    const rows = screen.getAllByTestId('timeline-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]).toHaveAttribute('data-kind', 'note');
    expect(rows[1]).toHaveAttribute('data-kind', 'appointment');
    expect(calls('patient_timeline')).toEqual([{ patient_id: 21, disciplines: [], kinds: [], before: null, limit: 200 }]);

    // Near the end of what is loaded, the next page is asked for with the cursor.
    await act(async () => {
      list.scrollTop = 190 * 56;
      fireEvent.scroll(list);
    });
    await waitFor(() => expect(list).toHaveAttribute('data-count', '400'));
    expect(calls('patient_timeline')[1]).toMatchObject({ before: '200' });
    const shown = screen.getAllByTestId('timeline-row').map((r) => Number(r.dataset.index));
    expect(Math.min(...shown)).toBeGreaterThan(150);
    expect(shown.length).toBeLessThan(40);
  });

  it('filters by kind from the start again, and a row opens what it names', async () => {
    const user = userEvent.setup();
    backend();
    const { onOpen } = renderTab();
    await waitFor(() => expect(screen.getByTestId('timeline-list')).toHaveAttribute('data-count', '200'));
    await user.click(screen.getByTestId('timeline-kind-note'));
    await waitFor(() => expect(calls('patient_timeline')).toHaveLength(2));
    expect(calls('patient_timeline')[1]).toEqual({ patient_id: 21, disciplines: [], kinds: ['note'], before: null, limit: 200 });
    await waitFor(() => expect(screen.getAllByTestId('timeline-row').every((r) => r.dataset.kind === 'note')).toBe(true));
    await user.click(screen.getAllByTestId('timeline-row')[1]!);
    expect(onOpen).toHaveBeenCalledWith({ tab: 'notes', id: 3 });
  });

  it('moves between rows with the arrow keys', async () => {
    const user = userEvent.setup();
    backend();
    renderTab();
    await waitFor(() => expect(screen.getByTestId('timeline-list')).toHaveAttribute('data-count', '200'));
    const first = screen.getAllByTestId('timeline-row')[0]!;
    first.focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toHaveAttribute('data-index', '1'));
  });
});
