import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps, ComponentType } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../bindings/Appointment';
import { SessionContext } from '../../session';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { appointment, practitioners, receptionSession, rooms, services } from '../../test/schedule';
import { clinicToday } from '../../time';
import { CalendarScreen } from './CalendarScreen';
import type { CalendarEvent } from './events';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

// Dragging needs a real layout, which jsdom lacks. The drag-and-drop wrapper is replaced
// by one that keeps its props, so a test can drop an event as the real one would report it.
type DropArgs = { event: CalendarEvent; start: Date; end: Date; resourceId?: number };
type SlotArgs = { start: Date; end: Date; resourceId?: number; action: 'click' };
const calendar = vi.hoisted(() => ({
  props: null as null | {
    events: CalendarEvent[];
    onEventDrop: (a: DropArgs) => void;
    onEventResize: (a: DropArgs) => void;
    onSelectSlot: (a: SlotArgs) => void;
  },
}));
vi.mock('react-big-calendar/lib/addons/dragAndDrop', () => ({
  default: () =>
    function Stub(props: ComponentProps<ComponentType<Record<string, unknown>>>) {
      calendar.props = props as unknown as NonNullable<typeof calendar.props>;
      return <div data-testid="calendar-stub" />;
    },
}));

beforeEach(() => {
  invokeMock.mockReset();
  calendar.props = null;
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);
const today = clinicToday();

function backend(list: Appointment[], extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    list_practitioners: () => practitioners,
    list_rooms: () => rooms,
    get_working_hours: () => [],
    appointments_on_day: () => list,
    list_services: () => services,
    search_patients: () => [],
    ...extra,
  });
}

function renderCalendar() {
  renderUi(
    <SessionContext.Provider value={receptionSession}>
      <CalendarScreen />
    </SessionContext.Provider>,
  );
}

async function eventFor(id: number): Promise<CalendarEvent> {
  let found: CalendarEvent | undefined;
  await waitFor(() => {
    found = calendar.props?.events.find((e) => e.id === id);
    expect(found).toBeDefined();
  });
  return found!;
}

const a1 = appointment(1, {
  patient_name: 'Ayesha Khan',
  practitioner_id: 5,
  starts_at: `${today}T05:00:00Z`,
  ends_at: `${today}T05:45:00Z`,
});

describe('moving on the calendar', () => {
  it('moves a dropped appointment to the new time and column, then undoes it', async () => {
    const user = userEvent.setup();
    backend([a1], { reschedule_appointment: () => [{ ...a1, starts_at: `${today}T06:00:00Z`, ends_at: `${today}T06:45:00Z` }] });
    renderCalendar();
    const e = await eventFor(1);
    // Dropped on Dr Omar Farooq's column at 11:00 Karachi time.
    act(() => calendar.props!.onEventDrop({ event: e, start: new Date(`${today}T06:00:00Z`), end: new Date(`${today}T06:45:00Z`), resourceId: 7 }));
    expect(await screen.findByTestId('calendar-notice')).toHaveTextContent('Moved Ayesha Khan to');
    expect(screen.getByTestId('calendar-notice')).toHaveTextContent('11:00');
    expect(calls('reschedule_appointment')).toEqual([
      {
        token: 'tok-1',
        id: 1,
        req: { starts_at: `${today}T06:00:00Z`, ends_at: null, practitioner_id: 7, room_id: null, scope: 'this', reason: null },
      },
    ]);
    await user.click(screen.getByTestId('calendar-undo'));
    expect(await screen.findByText('The move was undone.')).toBeInTheDocument();
    expect(calls('reschedule_appointment')[1]).toEqual({
      token: 'tok-1',
      id: 1,
      req: { starts_at: a1.starts_at, ends_at: a1.ends_at, practitioner_id: 5, room_id: null, scope: 'this', reason: null },
    });
  });

  it('asks which appointments of a series move, and shows a refusal as the back end words it', async () => {
    const user = userEvent.setup();
    const s = { ...a1, series_id: 9 };
    backend([s], {
      reschedule_appointment: () => {
        throw { kind: 'conflict', message: 'Nothing was moved: Tue 22 Jan 11:00: Room 1 is taken.' };
      },
    });
    renderCalendar();
    const e = await eventFor(1);
    act(() => calendar.props!.onEventDrop({ event: e, start: new Date(`${today}T06:00:00Z`), end: new Date(`${today}T06:45:00Z`), resourceId: 5 }));
    expect(await screen.findByTestId('move-scope')).toBeInTheDocument();
    expect(calls('reschedule_appointment')).toHaveLength(0);
    await user.click(screen.getByTestId('appt-scope-following'));
    await user.click(screen.getByTestId('move-confirm'));
    expect(await screen.findByTestId('calendar-error')).toHaveTextContent('Nothing was moved: Tue 22 Jan 11:00: Room 1 is taken.');
    expect(calls('reschedule_appointment')[0]!.req).toMatchObject({ scope: 'following', practitioner_id: null });
    expect(screen.queryByTestId('calendar-undo')).not.toBeInTheDocument();
    // Fetched again so the refused move snaps back.
    await waitFor(() => expect(calls('appointments_on_day').length).toBeGreaterThanOrEqual(2));
  });

  it('sends the new end when an appointment is resized, and the room in the room view', async () => {
    const user = userEvent.setup();
    backend([a1], { reschedule_appointment: () => [a1] });
    renderCalendar();
    await eventFor(1);
    await user.click(screen.getByTestId('calendar-view-room'));
    const e = await eventFor(1);
    act(() => calendar.props!.onEventResize({ event: e, start: new Date(a1.starts_at), end: new Date(`${today}T06:00:00Z`), resourceId: 2 }));
    await waitFor(() =>
      expect(calls('reschedule_appointment')[0]!.req).toEqual({
        starts_at: a1.starts_at,
        ends_at: `${today}T06:00:00Z`,
        practitioner_id: null,
        room_id: 2,
        scope: 'this',
        reason: null,
      }),
    );
  });

  it('does not move closed appointments', async () => {
    const done = { ...a1, status: 'completed' as const };
    backend([done]);
    renderCalendar();
    const e = await eventFor(1);
    act(() => calendar.props!.onEventDrop({ event: e, start: new Date(`${today}T06:00:00Z`), end: new Date(`${today}T06:45:00Z`), resourceId: 5 }));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls('reschedule_appointment')).toHaveLength(0);
  });

  it('opens the booking panel on a clicked empty slot with its practitioner and time', async () => {
    backend([]);
    renderCalendar();
    await waitFor(() => expect(calendar.props).not.toBeNull());
    // 09:30 UTC is 14:30 in Karachi.
    act(() =>
      calendar.props!.onSelectSlot({ start: new Date(`${today}T09:30:00Z`), end: new Date(`${today}T09:45:00Z`), resourceId: 6, action: 'click' }),
    );
    expect(await screen.findByTestId('book-panel')).toBeInTheDocument();
    // The panel's fields come a moment after the panel itself on a busy machine.
    await waitFor(() => expect(screen.getByTestId('book-patient-search')).toHaveFocus());
    expect(screen.getByTestId('calendar').closest('section')).toHaveAttribute('inert');
  });
});
