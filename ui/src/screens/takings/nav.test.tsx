import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import type { Me } from '../../bindings/Me';
import { billingAdmin, billingDesk } from '../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('react-chartjs-2', () => ({ Bar: () => <canvas data-testid="bar-chart" /> }));

beforeEach(() => {
  invokeMock.mockReset();
});

function signInAs(me: Me) {
  mockCommands({
    app_status: () => ({ state: 'ready', clinic_name: 'Al-Hayat Gulberg' }),
    sign_in: () => ({ state: 'signed_in', token: 'tok-1', me, idle_lock_seconds: 900, changes: [] }),
    appointments_on_day: () => [],
    day_takings: () => ({ cashier_id: me.id, day: '2026-12-03', methods: [], expected_cash_paisa: 0, closing_id: null }),
    day_closings: () => [],
    takings_report: () => [],
    monthly_revenue: () => ({ month: '2026-12', by_practitioner: [], by_service: [], by_discipline: [], invoiced_paisa: 0, credited_paisa: 0, net_paisa: 0 }),
    aged_balances: () => [],
  });
}

async function signIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByTestId('signin-username'), 'someone');
  await user.type(screen.getByTestId('signin-password'), 'a long passphrase{Enter}');
  await screen.findByTestId('me-name');
}

describe('who is offered the takings screens', () => {
  it('offers the cashier "Close the day" and not the money reports', async () => {
    const user = userEvent.setup({ delay: null });
    signInAs(billingDesk);
    renderUi(<App />);
    await signIn(user);
    expect(screen.queryByTestId('nav-takings')).toBeNull();
    await user.click(screen.getByTestId('nav-close-day'));
    expect(await screen.findByTestId('close-day-form')).toBeInTheDocument();
  });

  it('offers the administrator the money reports and not "Close the day" (an administrator takes no payments)', async () => {
    const user = userEvent.setup({ delay: null });
    signInAs({ ...billingAdmin, permissions: [...billingAdmin.permissions, 'view_takings'] });
    renderUi(<App />);
    await signIn(user);
    expect(screen.queryByTestId('nav-close-day')).toBeNull();
    await user.click(screen.getByTestId('nav-takings'));
    expect(await screen.findByTestId('reports-screen')).toBeInTheDocument();
    expect(await screen.findByTestId('revenue-none')).toBeInTheDocument();
  });

  it('offers neither to a clinician, who sees no money', async () => {
    const user = userEvent.setup({ delay: null });
    signInAs({ ...billingDesk, roles: ['physiotherapist'], permissions: ['view_patients', 'view_schedule', 'update_own_appointment_status'] });
    renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('nav-today')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-close-day')).toBeNull();
    expect(screen.queryByTestId('nav-takings')).toBeNull();
  });
});
