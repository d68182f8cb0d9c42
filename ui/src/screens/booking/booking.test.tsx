import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BookingInput } from '../../bindings/BookingInput';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { SessionContext } from '../../session';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { appointment, practitioners, receptionSession, rooms, services } from '../../test/schedule';
import { TodayScreen } from '../today/TodayScreen';
import { BookingPanel } from './BookingPanel';
import { qualifiedFor } from './discipline';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const summary = (id: number, full_name: string, extra: Partial<PatientSummary> = {}): PatientSummary => ({
  id,
  mrn: `AH-${String(id).padStart(6, '0')}`,
  full_name,
  name_ur: null,
  birth_date: '1990-05-01',
  age: 35,
  sex: 'female',
  phone: '0300-1234567',
  guardian_name: null,
  ...extra,
});

const TAKEN =
  'Dr Omar Farooq is booked with Zara Ali on Tue 15 Jan at 10:00 in Room 1. Next free with Dr Omar Farooq: Tue 15 Jan 11:00, Tue 15 Jan 12:00.';

function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    appointments_on_day: () => [],
    list_services: () => services,
    list_practitioners: () => practitioners,
    list_rooms: () => rooms,
    search_patients: () => [summary(21, 'Ayesha Khan', { name_ur: 'عائشہ خان' }), summary(22, 'Ayesha Bibi')],
    find_free_slots: () => [
      { starts_at: '2030-01-15T05:00:00Z', ends_at: '2030-01-15T05:45:00Z', room_id: 2, room_name: 'Room 2' },
      { starts_at: '2030-01-15T05:45:00Z', ends_at: '2030-01-15T06:30:00Z', room_id: 1, room_name: 'Room 1' },
    ],
    book_appointment: (a) => {
      const req = a.req as BookingInput;
      return appointment(99, { patient_id: req.patient_id, patient_name: 'Ayesha Bibi', starts_at: req.starts_at, room_id: req.room_id });
    },
    print_slip: () => '/home/desk/Downloads/slip-99.pdf',
    ...extra,
  });
}

function renderPanel() {
  const onBooked = vi.fn();
  const onClose = vi.fn();
  renderUi(
    <SessionContext.Provider value={receptionSession}>
      <BookingPanel onBooked={onBooked} onClose={onClose} />
    </SessionContext.Provider>,
  );
  return { onBooked, onClose };
}

/** Patient "Ayesha Bibi" (the second result), the physiotherapy session, Dr Omar Farooq (the second physiotherapist). */
async function pickPartiesByKeyboard(user: ReturnType<typeof userEvent.setup>) {
  const search = await screen.findByTestId('book-patient-search');
  await waitFor(() => expect(search).toHaveFocus());
  await user.keyboard('ay');
  await screen.findAllByTestId('book-patient-option');
  await user.keyboard('{ArrowDown}{Enter}');
  const serviceOptions = await screen.findAllByTestId('book-service-option');
  // Only services in use are offered.
  expect(serviceOptions.map((o) => o.dataset.id)).toEqual(['1', '2']);
  expect(serviceOptions[0]).toHaveFocus();
  await user.keyboard('{Enter}');
  const practitionerOptions = await screen.findAllByTestId('book-practitioner-option');
  // Physiotherapy: physiotherapists only, not the psychologist.
  expect(practitionerOptions.map((o) => o.dataset.id)).toEqual(['5', '7']);
  await waitFor(() => expect(practitionerOptions[0]).toHaveFocus());
  await user.keyboard('{ArrowDown}{Enter}');
}

describe('the discipline rule', () => {
  it('offers a service only with practitioners of its discipline', () => {
    expect(qualifiedFor(services[0]!, practitioners).map((p) => p.id)).toEqual([5, 7]);
    expect(qualifiedFor(services[1]!, practitioners).map((p) => p.id)).toEqual([6]);
    const pharmacy = { ...services[0]!, discipline: 'pharmacy' };
    expect(qualifiedFor(pharmacy, practitioners).map((p) => p.id)).toEqual([7]);
  });
});

describe('booking by keyboard', () => {
  it('goes from N on Today to a booked slot and its slip with keys only', async () => {
    const user = userEvent.setup();
    backend();
    renderUi(
      <SessionContext.Provider value={receptionSession}>
        <TodayScreen />
      </SessionContext.Provider>,
    );
    await screen.findByTestId('today-empty');
    await user.keyboard('n');
    expect(await screen.findByTestId('book-panel')).toBeInTheDocument();
    await pickPartiesByKeyboard(user);

    const slots = await screen.findAllByTestId('book-slot-option');
    expect(calls('find_free_slots')).toEqual([
      { token: 'tok-1', req: { patient_id: 22, practitioner_id: 7, service_id: 1, room_id: null, from: null, count: 8 } },
    ]);
    // Shown in Karachi time: 05:45 UTC is 10:45.
    expect(slots[1]).toHaveTextContent('10:45–11:30');
    expect(slots[1]).toHaveTextContent('Room 1');
    await waitFor(() => expect(slots[0]).toHaveFocus());
    await user.keyboard('{ArrowDown}{Enter}');

    await waitFor(() => expect(screen.getByTestId('book-confirm')).toHaveFocus());
    expect(screen.getByTestId('book-chosen-patient')).toHaveTextContent('Ayesha Bibi');
    expect(screen.getByTestId('book-chosen-practitioner')).toHaveTextContent('Dr Omar Farooq');
    await user.keyboard('{Enter}');

    await screen.findByTestId('book-done');
    expect(calls('book_appointment')).toEqual([
      {
        token: 'tok-1',
        req: {
          patient_id: 22,
          practitioner_id: 7,
          service_id: 1,
          room_id: 1,
          starts_at: '2030-01-15T05:45:00Z',
          ends_at: null,
          past_reason: null,
        },
      },
    ]);
    // Today is fetched again behind the panel.
    await waitFor(() => expect(calls('appointments_on_day')).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('book-slip')).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('book-slip-saved')).toHaveTextContent('/home/desk/Downloads/slip-99.pdf');
    expect(calls('print_slip')).toEqual([{ token: 'tok-1', id: 99 }]);
  });

  it('shows a taken slot’s message and books a suggested time with one key', async () => {
    const user = userEvent.setup();
    let booked = 0;
    backend({
      check_slot: (a) => {
        const req = a.req as BookingInput;
        // The typed time looks free at first; by the time it is booked someone else has it.
        return calls('check_slot').length === 1
          ? { starts_at: '2030-01-15T05:00:00Z', ends_at: '2030-01-15T05:45:00Z', clashes: [], suggestions: [], in_past: false }
          : {
              starts_at: req.starts_at,
              ends_at: '2030-01-15T05:45:00Z',
              clashes: ['Dr Omar Farooq is booked with Zara Ali then.'],
              suggestions: ['2030-01-15T06:00:00Z', '2030-01-15T07:00:00Z'],
              in_past: false,
            };
      },
      book_appointment: (a) => {
        const req = a.req as BookingInput;
        if (booked++ === 0) throw { kind: 'conflict', message: TAKEN, field: 'starts_at' };
        return appointment(99, { starts_at: req.starts_at });
      },
    });
    renderPanel();
    await pickPartiesByKeyboard(user);
    await screen.findAllByTestId('book-slot-option');
    await user.click(screen.getByTestId('book-time'));
    await user.keyboard('2030-01-15 10:00');
    expect(await screen.findByTestId('book-time-free')).toHaveTextContent('Free: Tue 15 Jan, 10:00–10:45, Room 1.');
    expect(calls('check_slot')[0]).toEqual({
      token: 'tok-1',
      req: { patient_id: 22, practitioner_id: 7, service_id: 1, room_id: 1, starts_at: '2030-01-15T10:00', ends_at: null, past_reason: null },
      ignore: null,
    });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('book-confirm')).toHaveFocus());
    await user.keyboard('{Enter}');

    expect(await screen.findByTestId('book-clash')).toHaveTextContent(TAKEN);
    const suggestions = await screen.findAllByTestId('book-suggestion');
    expect(suggestions.map((s) => s.dataset.starts)).toEqual(['2030-01-15T06:00:00Z', '2030-01-15T07:00:00Z']);
    expect(suggestions[0]).toHaveTextContent('11:00');
    await waitFor(() => expect(suggestions[0]).toHaveFocus());
    await user.keyboard('{ArrowDown}{Enter}');

    await screen.findByTestId('book-done');
    expect(calls('book_appointment').map((a) => (a.req as BookingInput).starts_at)).toEqual([
      '2030-01-15T05:00:00Z',
      '2030-01-15T07:00:00Z',
    ]);
    expect((calls('book_appointment')[1]!.req as BookingInput).room_id).toBe(1);
  });

  it('offers the suggestions of a clashing typed time and keeps what was typed', async () => {
    const user = userEvent.setup();
    backend({
      check_slot: () => ({
        starts_at: '2030-01-15T05:00:00Z',
        ends_at: '2030-01-15T05:45:00Z',
        clashes: ['Ayesha Bibi already has an appointment then, with Dr Bilal Ahmed.'],
        suggestions: ['2030-01-15T08:00:00Z'],
        in_past: false,
      }),
    });
    renderPanel();
    await pickPartiesByKeyboard(user);
    await screen.findAllByTestId('book-slot-option');
    await user.selectOptions(screen.getByTestId('book-room'), '2');
    await user.type(screen.getByTestId('book-time'), '2030-01-15 10:00');
    expect(await screen.findByTestId('book-clash')).toHaveTextContent('Ayesha Bibi already has an appointment then');
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('book-suggestion')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('book-chosen-slot')).toHaveTextContent('13:00');
    expect(screen.getByTestId('book-chosen-slot')).toHaveTextContent('Room 2');

    // Going back to the time keeps the typed text and the room.
    await user.click(screen.getByTestId('book-change-slot'));
    expect(screen.getByTestId('book-time')).toHaveValue('2030-01-15 10:00');
    expect(screen.getByTestId('book-room')).toHaveValue('2');
    await user.click(screen.getByTestId('book-change-patient'));
    expect(screen.getByTestId('book-patient-search')).toHaveValue('ay');
  });

  it('asks for a reason when the time has passed, next to its field', async () => {
    const user = userEvent.setup();
    backend({
      check_slot: () => ({
        starts_at: '2020-01-15T05:00:00Z',
        ends_at: '2020-01-15T05:45:00Z',
        clashes: [],
        suggestions: [],
        in_past: true,
      }),
      book_appointment: (a) => {
        const req = a.req as BookingInput;
        if (!req.past_reason)
          throw { kind: 'validation', message: 'This time has already passed. To book it anyway, give a reason.', field: 'past_reason' };
        return appointment(99, { starts_at: req.starts_at });
      },
    });
    renderPanel();
    await pickPartiesByKeyboard(user);
    await screen.findAllByTestId('book-slot-option');
    await user.type(screen.getByTestId('book-time'), '2020-01-15 10:00');
    expect(await screen.findByTestId('book-time-free')).toHaveTextContent('This time has passed');
    await user.keyboard('{Enter}');
    const reason = await screen.findByTestId('book-past-reason');
    await user.click(screen.getByTestId('book-confirm'));
    expect(await screen.findByTestId('book-past-reason-error')).toHaveTextContent('This time has already passed.');
    await user.type(reason, 'Seen as a walk-in{Enter}');
    await screen.findByTestId('book-done');
    expect((calls('book_appointment').at(-1)!.req as BookingInput).past_reason).toBe('Seen as a walk-in');
  });

  it('starts on the practitioner and time a calendar click named', async () => {
    const user = userEvent.setup();
    backend({
      check_slot: () => ({ starts_at: '2030-01-15T09:00:00Z', ends_at: '2030-01-15T09:45:00Z', clashes: [], suggestions: [], in_past: false }),
    });
    renderUi(
      <SessionContext.Provider value={receptionSession}>
        <BookingPanel prefill={{ practitionerId: 7, roomId: 2, typedTime: '2030-01-15 14:00' }} onBooked={() => {}} onClose={() => {}} />
      </SessionContext.Provider>,
    );
    await user.type(await screen.findByTestId('book-patient-search'), 'ay');
    await screen.findAllByTestId('book-patient-option');
    await user.keyboard('{Enter}');
    await screen.findAllByTestId('book-service-option');
    await user.keyboard('{Enter}');
    // Dr Omar Farooq gives physiotherapy, so the practitioner step is already done.
    expect(await screen.findByTestId('book-chosen-practitioner')).toHaveTextContent('Dr Omar Farooq');
    const time = await screen.findByTestId('book-time');
    expect(time).toHaveValue('2030-01-15 14:00');
    expect(time).toHaveFocus();
    expect(screen.getByTestId('book-room')).toHaveValue('2');
    expect(calls('find_free_slots')[0]!.req).toMatchObject({ from: '2030-01-15' });
    await screen.findByTestId('book-time-free');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('book-confirm')).toHaveFocus());
    await user.keyboard('{Enter}');
    await screen.findByTestId('book-done');
    expect(calls('book_appointment')[0]!.req).toMatchObject({ patient_id: 21, practitioner_id: 7, room_id: 2, starts_at: '2030-01-15T09:00:00Z' });
    expect(within(screen.getByTestId('book-done')).getByRole('status')).toHaveTextContent('Booked:');
  });
});

describe('a repeating booking', () => {
  const occurrences = [
    { starts_at: '2030-01-15T05:00:00Z', ends_at: '2030-01-15T05:45:00Z', clashes: [], suggestions: [] },
    {
      starts_at: '2030-01-22T05:00:00Z',
      ends_at: '2030-01-22T05:45:00Z',
      clashes: ['Dr Omar Farooq is on leave on Tue 22 Jan.'],
      suggestions: ['2030-01-23T05:00:00Z', '2030-01-23T06:00:00Z'],
    },
    { starts_at: '2030-01-29T05:00:00Z', ends_at: '2030-01-29T05:45:00Z', clashes: [], suggestions: [] },
  ];

  async function toSeries(user: ReturnType<typeof userEvent.setup>) {
    await pickPartiesByKeyboard(user);
    await screen.findAllByTestId('book-slot-option');
    await waitFor(() => expect(screen.getAllByTestId('book-slot-option')[0]).toHaveFocus());
    await user.keyboard('{Enter}');
    await user.click(await screen.findByTestId('book-repeat'));
    expect(screen.queryByTestId('book-confirm')).not.toBeInTheDocument();
    // 2030-01-15 is a Tuesday in Karachi: the series starts on Tuesdays.
    expect(screen.getByTestId('series-weekday-2')).toBeChecked();
    expect(screen.getByTestId('series-weekday-1')).not.toBeChecked();
  }

  it('previews each occurrence and books with the clashing one skipped', async () => {
    const user = userEvent.setup();
    backend({
      preview_series: () => occurrences,
      book_series: () => [appointment(101), appointment(103, { starts_at: '2030-01-29T05:00:00Z' })],
    });
    const { onBooked } = renderPanel();
    await toSeries(user);
    const count = screen.getByTestId('series-count');
    await user.clear(count);
    await user.type(count, '3{Enter}');

    const rows = await screen.findAllByTestId('series-occurrence');
    expect(rows.map((r) => [r.dataset.starts, r.dataset.clash])).toEqual([
      ['2030-01-15T05:00:00Z', 'false'],
      ['2030-01-22T05:00:00Z', 'true'],
      ['2030-01-29T05:00:00Z', 'false'],
    ]);
    expect(rows[1]).toHaveTextContent('Dr Omar Farooq is on leave on Tue 22 Jan.');
    const req = {
      first: { patient_id: 22, practitioner_id: 7, service_id: 1, room_id: 2, starts_at: '2030-01-15T05:00:00Z', ends_at: null, past_reason: null },
      every_weeks: 1,
      weekdays: [2],
      until: null,
      count: 3,
    };
    expect(calls('preview_series')).toEqual([{ token: 'tok-1', req }]);

    // A clash must be decided before anything is booked.
    await user.click(screen.getByTestId('series-book'));
    expect(await screen.findByTestId('series-error')).toHaveTextContent('(1 left)');
    expect(calls('book_series')).toHaveLength(0);

    await user.click(screen.getByTestId('series-skip-1'));
    expect(screen.getByTestId('series-book')).toHaveTextContent('Book 2 appointments');
    await user.click(screen.getByTestId('series-book'));
    await screen.findByTestId('book-done');
    expect(calls('book_series')).toEqual([{ token: 'tok-1', req, choices: [{ starts_at: '2030-01-22T05:00:00Z', move_to: null }] }]);
    expect(screen.getAllByTestId('book-done-row')).toHaveLength(2);
    expect(onBooked).toHaveBeenCalledTimes(1);
  });

  it('moves a clashing occurrence to a suggested time, ends on a day, and previews again after a change', async () => {
    const user = userEvent.setup();
    backend({ preview_series: () => occurrences, book_series: () => [appointment(101), appointment(102), appointment(103)] });
    renderPanel();
    await toSeries(user);
    await user.click(screen.getByTestId('series-weekday-4'));
    await user.type(screen.getByTestId('series-until'), '2030-01-31');
    expect(screen.getByTestId('series-count')).toBeDisabled();
    await user.click(screen.getByTestId('series-preview'));
    await screen.findAllByTestId('series-occurrence');
    expect(calls('preview_series')[0]!.req).toMatchObject({ weekdays: [2, 4], until: '2030-01-31', count: null });

    await user.selectOptions(screen.getByTestId('series-move-1'), '2030-01-23T06:00:00Z');
    expect(screen.getByTestId('series-book')).toHaveTextContent('Book 3 appointments');

    // Changing the rule hides the old preview until it is shown again.
    const every = screen.getByTestId('series-every');
    await user.clear(every);
    await user.type(every, '2');
    expect(screen.queryByTestId('series-book')).not.toBeInTheDocument();
    await user.clear(every);
    await user.type(every, '1');
    await user.click(screen.getByTestId('series-preview'));
    await user.selectOptions(await screen.findByTestId('series-move-1'), '2030-01-23T06:00:00Z');
    await user.click(screen.getByTestId('series-book'));
    await screen.findByTestId('book-done');
    expect(calls('book_series')[0]!.choices).toEqual([{ starts_at: '2030-01-22T05:00:00Z', move_to: '2030-01-23T06:00:00Z' }]);
  });

  it('shows a rule error next to its field', async () => {
    const user = userEvent.setup();
    backend({
      preview_series: () => {
        throw { kind: 'validation', message: 'Choose at least one day of the week.', field: 'weekdays' };
      },
    });
    renderPanel();
    await toSeries(user);
    await user.click(screen.getByTestId('series-weekday-2'));
    await user.click(screen.getByTestId('series-preview'));
    expect(await screen.findByTestId('series-weekdays-error')).toHaveTextContent('Choose at least one day of the week.');
  });
});
