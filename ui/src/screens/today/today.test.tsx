import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../bindings/Appointment';
import { SessionContext, type Session } from '../../session';
import { physio } from '../../test/clinical';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { appointment, fromNow, receptionSession, stepsOf } from '../../test/schedule';
import { clinicToday } from '../../time';
import { TodayScreen } from './TodayScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd);

/** Dr Bilal Ahmed (staff 5), a physiotherapist. */
const physioSession = {
  token: 'tok-1',
  me: physio,
  can: (p: string) => (physio.permissions as string[]).includes(p),
} as unknown as Session;

function renderToday(session: Session = receptionSession) {
  return renderUi(
    <SessionContext.Provider value={session}>
      <TodayScreen />
    </SessionContext.Provider>,
  );
}

/** A day of appointments that the status command changes in place, as the back end would. */
function day(list: Appointment[]) {
  const rows = list.map((a) => ({ ...a }));
  mockCommands({
    appointments_on_day: () => rows.map((a) => ({ ...a })),
    set_appointment_status: (a) => {
      const row = rows.find((r) => r.id === a.id)!;
      row.status = a.status as Appointment['status'];
      row.steps = stepsOf(row.status);
      return { ...row };
    },
    print_slip: (a) => `/home/desk/Downloads/slip-${String(a.id)}.pdf`,
  });
  return rows;
}

describe('today', () => {
  it('lets a practitioner move only their own patients through the day', async () => {
    const user = userEvent.setup();
    day([
      appointment(1, { patient_name: 'Ayesha Khan', practitioner_id: physio.id, starts_at: fromNow(30), ends_at: fromNow(75) }),
      appointment(2, { patient_name: 'Bilal Raza', practitioner_id: 99, starts_at: fromNow(40), ends_at: fromNow(85) }),
    ]);
    renderToday(physioSession);
    const rows = await screen.findAllByTestId('today-row');
    expect(screen.getByTestId('checkin-1')).toBeInTheDocument();
    expect(screen.queryByTestId('checkin-2')).not.toBeInTheDocument();
    await waitFor(() => expect(rows[0]).toHaveFocus());
    // The keys do nothing on a colleague's patient.
    await user.keyboard('{ArrowDown}{Enter}a');
    expect(calls('set_appointment_status')).toHaveLength(0);
    await user.keyboard('{ArrowUp}{Enter}');
    await waitFor(() =>
      expect(calls('set_appointment_status').map(([, a]) => a)).toEqual([{ token: 'tok-1', id: 1, status: 'arrived' }]),
    );
  });

  it('shows a restricted patient\'s slot as taken, with no name and nothing to open or print', async () => {
    day([
      appointment(1, { patient_name: 'Ayesha Khan', starts_at: fromNow(30), ends_at: fromNow(75) }),
      appointment(2, {
        restricted: true,
        patient_id: 0,
        patient_name: '',
        mrn: '',
        patient_phone: null,
        steps: [],
        starts_at: fromNow(60),
        ends_at: fromNow(105),
      }),
    ]);
    renderToday();
    const [open, kept] = await screen.findAllByTestId('today-row');
    expect(kept).toHaveTextContent('Restricted record');
    expect(within(kept!).queryByTestId('appt-open-2')).toBeNull();
    expect(within(kept!).queryByTestId('slip-2')).toBeNull();
    expect(within(kept!).queryByTestId('checkin-2')).toBeNull();
    expect(within(open!).getByTestId('appt-open-1')).toBeInTheDocument();
  });

  it('checks in the row chosen with the arrow keys when Enter is pressed', async () => {
    const user = userEvent.setup();
    day([
      appointment(1, { patient_name: 'Ayesha Khan', starts_at: fromNow(-120), ends_at: fromNow(-75), status: 'completed' }),
      appointment(2, { patient_name: 'Bilal Raza', starts_at: fromNow(30), ends_at: fromNow(75) }),
      appointment(3, { patient_name: 'Sana Iqbal', starts_at: fromNow(60), ends_at: fromNow(105) }),
    ]);
    renderToday();
    const rows = await screen.findAllByTestId('today-row');
    expect(calls('appointments_on_day')[0]).toEqual(['appointments_on_day', { token: 'tok-1', date: clinicToday() }]);
    // The keyboard starts on the first open appointment, not the completed one.
    await waitFor(() => expect(rows[1]).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    expect(rows[2]).toHaveFocus();
    expect(rows[2]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{Enter}');

    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('set_appointment_status', { token: 'tok-1', id: 2, status: 'arrived' }),
    );
    expect(await screen.findByTestId('today-notice')).toHaveTextContent('Bilal Raza: Arrived.');
    // The list is fetched again after the change.
    await waitFor(() => expect(screen.getAllByTestId('today-row')[1]).toHaveAttribute('data-status', 'arrived'));
    expect(calls('appointments_on_day')).toHaveLength(2);
    expect(calls('set_appointment_status')).toHaveLength(1);
  });

  it('has a letter for each status and U to undo', async () => {
    const user = userEvent.setup();
    day([appointment(4, { starts_at: fromNow(10), ends_at: fromNow(55) }), appointment(5, { starts_at: fromNow(20), ends_at: fromNow(65) })]);
    renderToday();
    const rows = await screen.findAllByTestId('today-row');
    await waitFor(() => expect(rows[0]).toHaveFocus());
    await user.keyboard('a');
    await waitFor(() => expect(screen.getAllByTestId('today-row')[0]).toHaveAttribute('data-status', 'arrived'));
    await user.keyboard('i');
    await waitFor(() => expect(screen.getAllByTestId('today-row')[0]).toHaveAttribute('data-status', 'in_session'));
    await user.keyboard('u');
    await waitFor(() => expect(screen.getAllByTestId('today-row')[0]).toHaveAttribute('data-status', 'arrived'));
    await user.keyboard('{ArrowDown}m');
    await waitFor(() => expect(screen.getAllByTestId('today-row')[1]).toHaveAttribute('data-status', 'no_show'));
    expect(calls('set_appointment_status').map(([, a]) => a)).toEqual([
      { token: 'tok-1', id: 4, status: 'arrived' },
      { token: 'tok-1', id: 4, status: 'in_session' },
      { token: 'tok-1', id: 4, status: 'arrived' },
      { token: 'tok-1', id: 5, status: 'no_show' },
    ]);
    // A step the back end would refuse is not sent: a no-show cannot be completed.
    await user.keyboard('c');
    expect(await screen.findByTestId('today-error')).toHaveTextContent('is No-show: this cannot be changed to Completed.');
    expect(calls('set_appointment_status')).toHaveLength(4);
  });

  it('shows Karachi times, both scripts, late patients, no-shows and cancelled ones at a glance', async () => {
    day([
      appointment(1, {
        patient_name: 'Ayesha Khan',
        patient_name_ur: 'عائشہ خان',
        starts_at: '2030-01-15T05:00:00Z',
        ends_at: '2030-01-15T05:45:00Z',
      }),
      appointment(2, { starts_at: fromNow(-20), ends_at: fromNow(25) }),
      appointment(3, { starts_at: fromNow(-60), ends_at: fromNow(-15), status: 'no_show' }),
      appointment(4, { starts_at: fromNow(90), ends_at: fromNow(135), status: 'cancelled' }),
    ]);
    renderToday();
    const rows = await screen.findAllByTestId('today-row');
    // 05:00 UTC is 10:00 in Karachi, though the tests run in UTC.
    expect(within(rows[0]!).getByText('10:00–10:45')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('عائشہ خان')).toHaveAttribute('dir', 'rtl');
    expect(within(rows[0]!).getByText('AH-000011')).toBeInTheDocument();
    expect(rows[1]).toHaveAttribute('data-late', 'true');
    expect(within(rows[1]!).getByTestId('status-badge')).toHaveTextContent('Late — not arrived');
    expect(rows[0]).toHaveAttribute('data-late', 'false');
    expect(within(rows[2]!).getByTestId('status-badge')).toHaveTextContent('No-show');
    expect(rows[3]).toHaveClass('row-cancelled');
    expect(within(rows[3]!).getByTestId('status-badge')).toHaveTextContent('Cancelled');
    expect(screen.getByTestId('today-counts')).toHaveTextContent('4 appointments · 0 here · 1 late · 1 no-show');
    // Buttons offer only the steps the back end allows.
    expect(screen.getByTestId('checkin-2')).toBeInTheDocument();
    expect(screen.getByTestId('status-booked-3')).toHaveTextContent('Undo no-show');
    expect(screen.queryByTestId('checkin-4')).not.toBeInTheDocument();
  });

  it('looks at another day, and saves a slip', async () => {
    const user = userEvent.setup();
    day([appointment(7)]);
    renderToday();
    await screen.findByTestId('today-row');
    const date = screen.getByTestId('today-date');
    await user.clear(date);
    await user.type(date, '2030-01-15');
    await waitFor(() => expect(calls('appointments_on_day').at(-1)?.[1]).toEqual({ token: 'tok-1', date: '2030-01-15' }));
    await user.click(screen.getByTestId('today-next'));
    await waitFor(() => expect(calls('appointments_on_day').at(-1)?.[1]).toEqual({ token: 'tok-1', date: '2030-01-16' }));
    await user.click(await screen.findByTestId('slip-7'));
    expect(await screen.findByTestId('today-notice')).toHaveTextContent('The slip was saved: /home/desk/Downloads/slip-7.pdf');
  });
});
