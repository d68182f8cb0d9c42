import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Service } from '../../bindings/Service';
import type { StaffMember } from '../../bindings/StaffMember';
import { SessionContext, type Session } from '../../session';
import { admin, invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { CatalogueScreen } from './CatalogueScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const me = { ...admin, permissions: [...admin.permissions, 'manage_catalogue' as const] };
const session = {
  token: 'tok-1',
  me,
  can: (p: string) => (me.permissions as string[]).includes(p),
} as unknown as Session;

const service = (id: number, extra: Partial<Service> = {}): Service =>
  ({ id, name: 'Back pain assessment', discipline: 'physiotherapy', duration_minutes: 45, price_pkr: 2500, active: true, ...extra }) as unknown as Service;

const member = (id: number, full_name: string, roles: StaffMember['roles'], active = true): StaffMember => ({
  id,
  username: full_name.split(' ')[0]!.toLowerCase(),
  full_name,
  roles,
  pending_roles: [],
  waiting_for_password: false,
  language: 'en',
  active,
  locked_until: null,
});

function backend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    list_services: () => [service(1)],
    list_rooms: () => [{ id: 3, name: 'Room A', active: true }],
    list_staff: () => [
      member(1, 'Amina Khan', ['administrator']),
      member(4, 'Bilal Ahmed', ['physiotherapist']),
      member(5, 'Sara Malik', ['psychologist'], false),
    ],
    get_working_hours: () => [{ weekday: 1, starts: '09:00', ends: '13:00' }],
    list_time_off: () => [{ id: 8, starts_at: '2025-03-10T04:00:00Z', ends_at: '2025-03-10T12:00:00Z', reason: 'Conference' }],
    ...extra,
  });
}

function renderScreen() {
  return renderUi(
    <SessionContext.Provider value={session}>
      <CatalogueScreen />
    </SessionContext.Provider>,
  );
}

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd);

async function pickBilal(user: ReturnType<typeof userEvent.setup>) {
  const pick = await screen.findByTestId('hours-practitioner');
  // Only active clinical staff are offered.
  expect(within(pick).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a practitioner', 'Bilal Ahmed']);
  await user.selectOptions(pick, '4');
  await screen.findByTestId('hours-day-0');
}

describe('services', () => {
  it('lists services and saves an edited one with the right payload', async () => {
    const user = userEvent.setup();
    backend({ save_service: (a) => ({ id: a.id, ...(a.req as object) }) });
    renderScreen();

    const row = await screen.findByTestId('service-row');
    expect(row).toHaveAttribute('data-id', '1');
    expect(within(row).getByText('Physiotherapy')).toBeInTheDocument();
    expect(within(row).getByText(/2,500/)).toBeInTheDocument();

    await user.click(screen.getByTestId('service-edit-1'));
    expect(screen.getByTestId('service-name')).toHaveValue('Back pain assessment');
    await user.clear(screen.getByTestId('service-name'));
    await user.type(screen.getByTestId('service-name'), 'Counselling');
    await user.selectOptions(screen.getByTestId('service-discipline'), 'psychology');
    await user.clear(screen.getByTestId('service-duration'));
    await user.type(screen.getByTestId('service-duration'), '50');
    await user.clear(screen.getByTestId('service-price'));
    await user.type(screen.getByTestId('service-price'), '3000');
    await user.click(screen.getByTestId('service-active'));
    await user.click(screen.getByTestId('service-save'));

    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('save_service', {
        token: 'tok-1',
        id: 1,
        req: { name: 'Counselling', discipline: 'psychology', duration_minutes: 50, price_pkr: 3000, active: false },
      }),
    );
    expect(await screen.findByTestId('service-notice')).toHaveTextContent('Counselling was saved.');
    expect(within(screen.getByTestId('service-row')).getByText('Inactive')).toBeInTheDocument();
  });

  it('adds a new service with id null and checks numbers first', async () => {
    const user = userEvent.setup();
    backend({ save_service: (a) => ({ id: 2, ...(a.req as object) }) });
    renderScreen();
    await screen.findByTestId('service-row');
    await user.type(screen.getByTestId('service-name'), 'Medication review');
    await user.selectOptions(screen.getByTestId('service-discipline'), 'pharmacy');
    await user.type(screen.getByTestId('service-duration'), '20');
    await user.click(screen.getByTestId('service-save'));
    expect(await screen.findByTestId('service-price-error')).toHaveTextContent('Please enter a whole number.');
    expect(calls('save_service')).toHaveLength(0);

    await user.type(screen.getByTestId('service-price'), '800');
    await user.click(screen.getByTestId('service-save'));
    await waitFor(() => expect(screen.getAllByTestId('service-row')).toHaveLength(2));
    expect(calls('save_service')[0]?.[1]).toEqual({
      token: 'tok-1',
      id: null,
      req: { name: 'Medication review', discipline: 'pharmacy', duration_minutes: 20, price_pkr: 800, active: true },
    });
    expect(screen.getByTestId('service-name')).toHaveValue('');
  });
});

describe('rooms', () => {
  it('adds a room and toggles one', async () => {
    const user = userEvent.setup();
    backend({ save_room: (a) => ({ id: a.id ?? 9, name: a.name, active: a.active }) });
    renderScreen();
    await screen.findByTestId('room-row');
    await user.type(screen.getByTestId('room-name'), 'Room B{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('room-row')).toHaveLength(2));
    expect(invokeMock).toHaveBeenCalledWith('save_room', { token: 'tok-1', id: null, name: 'Room B', active: true });

    await user.click(screen.getByTestId('room-toggle-3'));
    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('save_room', { token: 'tok-1', id: 3, name: 'Room A', active: false }),
    );
    expect(await screen.findByTestId('room-toggle-3')).toHaveTextContent('Reactivate');
  });
});

describe('working hours', () => {
  it('adds a row and saves the week as weekday numbers', async () => {
    const user = userEvent.setup();
    backend({ set_working_hours: (a) => a.hours });
    renderScreen();
    await pickBilal(user);
    expect(screen.getByTestId('hours-day-0')).toHaveValue('1');
    expect(screen.getByTestId('hours-starts-0')).toHaveValue('09:00');

    await user.click(screen.getByTestId('hours-add'));
    // The new row follows the last day.
    expect(screen.getByTestId('hours-day-1')).toHaveValue('2');
    await user.selectOptions(screen.getByTestId('hours-day-1'), '6');
    fireEvent.change(screen.getByTestId('hours-starts-1'), { target: { value: '10:00' } });
    fireEvent.change(screen.getByTestId('hours-ends-1'), { target: { value: '14:30' } });
    await user.click(screen.getByTestId('hours-save'));

    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('set_working_hours', {
        token: 'tok-1',
        id: 4,
        hours: [
          { weekday: 1, starts: '09:00', ends: '13:00' },
          { weekday: 6, starts: '10:00', ends: '14:30' },
        ],
      }),
    );
    expect(await screen.findByTestId('hours-notice')).toHaveTextContent('The working hours were saved.');
  });

  it('shows an hours.1.ends error on the second row, and an overlap as a banner', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    backend({
      set_working_hours: () => {
        if (attempt++ === 0) throw { kind: 'validation', message: 'The end must be after the start.', field: 'hours.1.ends' };
        throw { kind: 'validation', message: 'Two periods overlap.' };
      },
    });
    renderScreen();
    await pickBilal(user);
    await user.click(screen.getByTestId('hours-add'));
    await user.click(screen.getByTestId('hours-save'));

    expect(await screen.findByTestId('hours-ends-1-error')).toHaveTextContent('The end must be after the start.');
    expect(screen.getByTestId('hours-ends-1')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('hours-ends-0')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByTestId('hours-ends-0-error')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('hours-save'));
    expect(await within(screen.getByTestId('hours-form')).findByText('Two periods overlap.')).toBeInTheDocument();
    expect(screen.queryByTestId('hours-ends-1-error')).not.toBeInTheDocument();
  });

  it('removes a row', async () => {
    const user = userEvent.setup();
    backend({ set_working_hours: (a) => a.hours });
    renderScreen();
    await pickBilal(user);
    await user.click(screen.getByTestId('hours-remove-0'));
    expect(screen.queryByTestId('hours-day-0')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('hours-save'));
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('set_working_hours', { token: 'tok-1', id: 4, hours: [] }));
  });
});

describe('time off', () => {
  it('shows time off in Karachi time and adds a period', async () => {
    const user = userEvent.setup();
    backend({
      add_time_off: () => [
        { id: 8, starts_at: '2025-03-10T04:00:00Z', ends_at: '2025-03-10T12:00:00Z', reason: 'Conference' },
        { id: 9, starts_at: '2025-04-01T04:00:00Z', ends_at: '2025-04-02T13:00:00Z', reason: null },
      ],
    });
    renderScreen();
    await pickBilal(user);
    const row = await screen.findByTestId('timeoff-row');
    // 04:00 UTC is 09:00 in Karachi.
    expect(within(row).getByText(/09:00/)).toBeInTheDocument();
    expect(within(row).getByText('Conference')).toBeInTheDocument();

    fireEvent.change(screen.getByTestId('timeoff-from'), { target: { value: '2025-04-01T09:00' } });
    fireEvent.change(screen.getByTestId('timeoff-to'), { target: { value: '2025-04-02T18:00' } });
    await user.click(screen.getByTestId('timeoff-add'));
    await waitFor(() => expect(screen.getAllByTestId('timeoff-row')).toHaveLength(2));
    expect(invokeMock).toHaveBeenCalledWith('add_time_off', {
      token: 'tok-1',
      id: 4,
      req: { from: '2025-04-01T09:00', to: '2025-04-02T18:00', reason: null },
    });
  });

  it('shows a "to" error next to the field', async () => {
    const user = userEvent.setup();
    backend({
      add_time_off: () => {
        throw { kind: 'validation', message: 'The end must be after the start.', field: 'to' };
      },
    });
    renderScreen();
    await pickBilal(user);
    await user.click(await screen.findByTestId('timeoff-add'));
    expect(await screen.findByTestId('timeoff-to-error')).toHaveTextContent('The end must be after the start.');
  });
});
