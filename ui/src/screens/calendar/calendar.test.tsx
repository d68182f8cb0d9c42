import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../session';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { appointment, practitioners, receptionSession, rooms } from '../../test/schedule';
import { addDays, clinicToday, mondayOf } from '../../time';
import { isWorking } from './localizer';
import { CalendarScreen } from './CalendarScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const today = clinicToday();

function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    list_practitioners: () => practitioners,
    list_rooms: () => rooms,
    get_working_hours: () => [{ weekday: 1, starts: '09:00', ends: '17:00' }],
    // 05:00 UTC is 10:00 in Karachi.
    appointments_on_day: () => [
      appointment(1, { patient_name: 'Ayesha Khan', starts_at: `${today}T05:00:00Z`, ends_at: `${today}T05:45:00Z` }),
      appointment(2, { patient_name: 'Gone Away', status: 'cancelled', starts_at: `${today}T06:00:00Z`, ends_at: `${today}T06:45:00Z` }),
    ],
    appointments_between: () => [],
    export_practitioner_ics: () => '/home/desk/Downloads/dr-bilal-week.ics',
    ...extra,
  });
}

function renderCalendar() {
  return renderUi(
    <SessionContext.Provider value={receptionSession}>
      <CalendarScreen />
    </SessionContext.Provider>,
  );
}

describe('calendar', () => {
  it('places a 05:00Z appointment at 10:00 Karachi time although the machine runs in UTC', async () => {
    expect(new Date(`${today}T05:00:00Z`).getHours()).toBe(5);
    backend();
    renderCalendar();
    const event = await screen.findByTestId('calendar-event');
    expect(event).toHaveAttribute('data-id', '1');
    const box = event.closest('.rbc-event') as HTMLElement;
    expect(box).toHaveTextContent('10:00–10:45');
    // The view runs 07:00 to 21:00 (14 hours): 10:00 is 3/14 of the way down.
    expect(parseFloat(box.style.top)).toBeCloseTo((3 / 14) * 100, 1);
    // Cancelled appointments free their slot and are left out.
    expect(screen.getAllByTestId('calendar-event')).toHaveLength(1);
    // A column per practitioner.
    expect(screen.getByText('Dr Sara Malik')).toBeInTheDocument();
    expect(calls('appointments_on_day')[0]).toEqual({ token: 'tok-1', date: today });
  });

  it('shows a column per room, and a practitioner’s week with its .ics export', async () => {
    const user = userEvent.setup();
    backend();
    renderCalendar();
    await screen.findByTestId('calendar-event');
    await user.click(screen.getByTestId('calendar-view-room'));
    expect(screen.getByTestId('calendar')).toHaveAttribute('data-view', 'room');
    expect(await screen.findByText('Room 2')).toBeInTheDocument();
    // A room no longer in use gets no column.
    expect(screen.queryByText('Old store')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('calendar-view-week'));
    const monday = mondayOf(today);
    await waitFor(() =>
      expect(calls('appointments_between').at(-1)).toEqual({
        token: 'tok-1',
        from: monday,
        to: addDays(monday, 6),
        filter: { practitioner_id: 5, room_id: null },
      }),
    );
    await user.selectOptions(screen.getByTestId('calendar-practitioner'), '7');
    await waitFor(() => expect(calls('appointments_between').at(-1)?.filter).toEqual({ practitioner_id: 7, room_id: null }));
    await user.click(screen.getByTestId('calendar-export-ics'));
    expect(await screen.findByTestId('calendar-notice')).toHaveTextContent('/home/desk/Downloads/dr-bilal-week.ics');
    expect(calls('export_practitioner_ics')).toEqual([{ token: 'tok-1', practitionerId: 7, from: monday, to: addDays(monday, 6) }]);
    await user.click(screen.getByTestId('calendar-next'));
    await waitFor(() => expect(calls('appointments_between').at(-1)?.from).toBe(addDays(monday, 7)));
  });

  it('works out working time in the clinic’s zone', () => {
    const hours = [{ weekday: 1, starts: '09:00', ends: '17:00' }];
    // Monday 2030-01-14: 04:00Z is 09:00 in Karachi, 03:45Z is 08:45.
    expect(isWorking(hours, new Date('2030-01-14T04:00:00Z'))).toBe(true);
    expect(isWorking(hours, new Date('2030-01-14T03:45:00Z'))).toBe(false);
    expect(isWorking(hours, new Date('2030-01-14T11:45:00Z'))).toBe(true);
    expect(isWorking(hours, new Date('2030-01-14T12:00:00Z'))).toBe(false);
    expect(isWorking(hours, new Date('2030-01-15T05:00:00Z'))).toBe(false);
  });
});
