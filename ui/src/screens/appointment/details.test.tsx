import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../bindings/Appointment';
import type { AppointmentEvent } from '../../bindings/AppointmentEvent';
import { SessionContext } from '../../session';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { appointment, fromNow, practitioners, receptionSession, rooms } from '../../test/schedule';
import { TodayScreen } from '../today/TodayScreen';
import { AppointmentDetails } from './AppointmentDetails';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const history: AppointmentEvent[] = [
  {
    at: '2030-01-10T04:00:00Z',
    staff_name: 'Sana Reception',
    kind: 'booked',
    from_status: null,
    to_status: 'booked',
    old_starts_at: null,
    old_ends_at: null,
    old_practitioner_name: null,
    old_room_name: null,
    reason: null,
  },
  {
    at: '2030-01-11T04:00:00Z',
    staff_name: 'Sana Reception',
    kind: 'rescheduled',
    from_status: null,
    to_status: null,
    old_starts_at: '2030-01-14T05:00:00Z',
    old_ends_at: '2030-01-14T05:45:00Z',
    old_practitioner_name: 'Dr Bilal Ahmed',
    old_room_name: null,
    reason: 'Patient asked',
  },
];

function backend(a: Appointment, extra: Record<string, (x: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    appointments_on_day: () => [a],
    get_appointment: () => a,
    appointment_history: () => history,
    list_practitioners: () => practitioners,
    list_rooms: () => rooms,
    ...extra,
  });
}

function renderDetails(a: Appointment) {
  const onChanged = vi.fn();
  renderUi(
    <SessionContext.Provider value={receptionSession}>
      <AppointmentDetails id={a.id} onClose={() => {}} onChanged={onChanged} />
    </SessionContext.Provider>,
  );
  return onChanged;
}

describe('appointment details', () => {
  it('opens from Today with O and shows the history', async () => {
    const user = userEvent.setup();
    const a = appointment(3, { patient_name: 'Ayesha Khan', starts_at: fromNow(60), ends_at: fromNow(105) });
    backend(a);
    renderUi(
      <SessionContext.Provider value={receptionSession}>
        <TodayScreen />
      </SessionContext.Provider>,
    );
    const row = await screen.findByTestId('today-row');
    await waitFor(() => expect(row).toHaveFocus());
    await user.keyboard('o');
    const dialog = await screen.findByTestId('appt-details');
    expect(dialog).toHaveTextContent('Appointment: Ayesha Khan');
    const rows = await screen.findAllByTestId('appt-history-row');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['booked', 'rescheduled']);
    // 05:00 UTC is 10:00 in Karachi.
    expect(rows[1]).toHaveTextContent('Moved from Mon 14 Jan, 10:00–10:45 (Dr Bilal Ahmed)');
    expect(rows[1]).toHaveTextContent('Reason: Patient asked');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('appt-details')).not.toBeInTheDocument());
    expect(screen.getByTestId('today-row')).toHaveFocus();
  });

  it('cancels with who and why, for this and the following appointments of a series', async () => {
    const user = userEvent.setup();
    const a = appointment(3, { series_id: 40 });
    backend(a, {
      cancel_appointment: () => [
        { ...a, status: 'cancelled' },
        { ...a, id: 4, status: 'cancelled' },
      ],
    });
    const onChanged = renderDetails(a);
    await user.click(await screen.findByTestId('appt-cancel'));
    expect(screen.getByTestId('appt-cancel-reason')).toHaveFocus();
    await user.click(screen.getByTestId('appt-cancel-confirm'));
    expect(await screen.findByTestId('appt-cancel-reason-error')).toHaveTextContent('Write why the appointment is cancelled.');
    expect(calls('cancel_appointment')).toHaveLength(0);

    await user.selectOptions(screen.getByTestId('appt-cancel-by'), 'clinic');
    await user.click(screen.getByTestId('appt-scope-following'));
    await user.type(screen.getByTestId('appt-cancel-reason'), 'Therapist is ill{Enter}');
    expect(await screen.findByTestId('appt-notice')).toHaveTextContent('Cancelled: 2 appointment(s).');
    expect(calls('cancel_appointment')).toEqual([
      { token: 'tok-1', id: 3, req: { by: 'clinic', reason: 'Therapist is ill', scope: 'following' } },
    ]);
    expect(onChanged).toHaveBeenCalled();
  });

  it('offers no scope for a single appointment', async () => {
    const user = userEvent.setup();
    const a = appointment(3);
    backend(a, { cancel_appointment: () => [{ ...a, status: 'cancelled' }] });
    renderDetails(a);
    await user.click(await screen.findByTestId('appt-cancel'));
    expect(screen.queryByTestId('appt-scope-series')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('appt-cancel-reason'), 'Patient is travelling{Enter}');
    await waitFor(() =>
      expect(calls('cancel_appointment')[0]).toEqual({ token: 'tok-1', id: 3, req: { by: 'patient', reason: 'Patient is travelling', scope: 'this' } }),
    );
  });

  it('moves to a typed time and shows a refusal next to the time, keeping what was typed', async () => {
    const user = userEvent.setup();
    const a = appointment(3, { series_id: 40 });
    let tries = 0;
    backend(a, {
      reschedule_appointment: () => {
        if (tries++ === 0)
          throw { kind: 'conflict', message: 'Dr Bilal Ahmed is booked with Zara Ali then. Next free: Wed 16 Jan 12:00.', field: 'starts_at' };
        return [{ ...a, starts_at: '2030-01-16T07:00:00Z' }];
      },
    });
    renderDetails(a);
    await user.click(await screen.findByTestId('appt-reschedule'));
    const time = await screen.findByTestId('appt-reschedule-time');
    // The current time, in Karachi time.
    expect(time).toHaveValue('2030-01-15 10:00');
    await user.clear(time);
    await user.type(time, '2030-01-16 11:00');
    await user.selectOptions(screen.getByTestId('appt-reschedule-room'), '2');
    await user.click(screen.getByTestId('appt-scope-series'));
    await user.click(screen.getByTestId('appt-reschedule-confirm'));
    expect(await screen.findByTestId('appt-reschedule-time-error')).toHaveTextContent('Dr Bilal Ahmed is booked with Zara Ali then.');
    expect(time).toHaveValue('2030-01-16 11:00');
    expect(calls('reschedule_appointment')[0]).toEqual({
      token: 'tok-1',
      id: 3,
      req: { starts_at: '2030-01-16T11:00', ends_at: null, practitioner_id: null, room_id: 2, scope: 'series', reason: null },
    });
    await user.clear(time);
    await user.type(time, '2030-01-16 12:00{Enter}');
    expect(await screen.findByTestId('appt-notice')).toHaveTextContent('Moved: 1 appointment(s).');
    expect((calls('reschedule_appointment')[1]!.req as { starts_at: string }).starts_at).toBe('2030-01-16T12:00');
  });

  it('changes the status from its buttons', async () => {
    const user = userEvent.setup();
    const a = appointment(3);
    backend(a, { set_appointment_status: (x) => ({ ...a, status: x.status }) });
    renderDetails(a);
    const actions = await screen.findByTestId('appt-status-arrived');
    expect(actions).toHaveTextContent('Check in');
    await user.click(screen.getByTestId('appt-status-no_show'));
    await waitFor(() => expect(calls('set_appointment_status')).toEqual([{ token: 'tok-1', id: 3, status: 'no_show' }]));
    expect(within(await screen.findByTestId('appt-notice')).getByText(/No-show/)).toBeInTheDocument();
  });
});
