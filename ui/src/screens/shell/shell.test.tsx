import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import type { AuditRow } from '../../bindings/AuditRow';
import type { Me } from '../../bindings/Me';
const ENDED = 'Your session has ended. Please sign in again.';
import { admin, invokeMock, mockCommands, reception, renderUi } from '../../test/helpers';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const row = (seq: number, action: string): AuditRow => ({
  seq,
  at: '2025-01-15T04:30:00Z',
  staff_id: 1,
  staff_name: 'Amina Khan',
  workstation: 'FRONT-DESK',
  action,
  entity: 'staff',
  entity_id: '1',
  patient_id: null,
  summary: `entry ${seq}`,
});

function backend(me: Me, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    app_status: () => ({ state: 'ready', clinic_name: 'Al-Hayat Gulberg' }),
    sign_in: () => ({ state: 'signed_in', token: 'tok-1', me, idle_lock_seconds: 900, changes: [] }),
    sign_out: () => null,
    lock_session: () => null,
    unlock_session: () => ({ token: 'tok-1', me, idle_lock_seconds: 900, changes: [] }),
    set_my_language: (a) => ({ ...me, language: a.language }),
    get_clinic_profile: () => ({ name: 'Al-Hayat Gulberg', address: '12 Main Boulevard', phone: '042 111', logo_data_url: null }),
    get_settings: () => ({ idle_lock_minutes: 15 }),
    list_staff: () => [
      { id: 1, username: 'amina', full_name: 'Amina Khan', roles: ['administrator'], language: 'en', active: true, locked_until: null },
    ],
    ...extra,
  });
}

async function signIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByTestId('signin-username'), 'amina');
  await user.type(screen.getByTestId('signin-password'), 'a long passphrase{Enter}');
  await screen.findByTestId('me-name');
}

describe('signed-in shell', () => {
  it('keeps a half-typed settings form across lock and unlock', async () => {
    const user = userEvent.setup();
    backend(admin);
    renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('me-name')).toHaveTextContent('Amina Khan');

    await user.click(screen.getByTestId('nav-settings'));
    const name = await screen.findByTestId('clinic-name');
    await user.clear(name);
    await user.type(name, 'Al-Hayat DHA');
    await user.click(screen.getByTestId('lock-now'));

    expect(await screen.findByTestId('lock-overlay')).toBeInTheDocument();
    await user.type(screen.getByTestId('unlock-password'), 'a long passphrase');
    await user.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(screen.queryByTestId('lock-overlay')).not.toBeInTheDocument());
    expect(screen.getByTestId('clinic-name')).toHaveValue('Al-Hayat DHA');
  });

  it('shows only what the permissions allow', async () => {
    const user = userEvent.setup();
    backend({ ...admin, full_name: 'Sana Reception', roles: ['reception'], permissions: [] });
    renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('nav-home')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-staff')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-audit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-settings')).not.toBeInTheDocument();
    expect(screen.getByText('Reception')).toBeInTheDocument();
  });

  it('shows Services & rooms only with manage_catalogue', async () => {
    const user = userEvent.setup();
    backend(admin);
    const first = renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('nav-staff')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-catalogue')).not.toBeInTheDocument();
    first.unmount();

    invokeMock.mockReset();
    backend(
      { ...admin, permissions: ['manage_catalogue'] },
      { list_services: () => [], list_rooms: () => [], list_staff: () => [] },
    );
    renderUi(<App />);
    await signIn(user);
    expect(screen.queryByTestId('nav-staff')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('nav-catalogue'));
    expect(screen.getByTestId('nav-catalogue')).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Services & rooms' })).toBeInTheDocument();
    expect(await screen.findByTestId('room-name')).toBeInTheDocument();
  });

  it('opens the day’s appointments first for reception', async () => {
    const user = userEvent.setup();
    backend(reception, { appointments_on_day: () => [], search_patients: () => [] });
    renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('nav-today')).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByTestId('today-empty')).toBeInTheDocument();
    await user.click(screen.getByTestId('nav-patients'));
    expect(screen.getByTestId('patient-search')).toHaveFocus();
    expect(screen.getByTestId('patient-new')).toBeInTheDocument();
  });

  it('shows Today, Calendar and Reminders by permission', async () => {
    const user = userEvent.setup();
    backend(reception, { appointments_on_day: () => [] });
    const first = renderUi(<App />);
    await signIn(user);
    for (const id of ['nav-today', 'nav-calendar', 'nav-reminders']) expect(screen.getByTestId(id)).toBeInTheDocument();
    first.unmount();

    invokeMock.mockReset();
    const physio: Me = { ...reception, roles: ['physiotherapist'], permissions: ['view_patients', 'view_schedule', 'update_own_appointment_status'] };
    backend(physio, { appointments_on_day: () => [] });
    const second = renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('nav-today')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-calendar')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-reminders')).not.toBeInTheDocument();
    // Without book_appointments there is no booking button.
    await screen.findByTestId('today-empty');
    expect(screen.queryByTestId('book-open')).not.toBeInTheDocument();
    second.unmount();

    invokeMock.mockReset();
    backend(admin);
    renderUi(<App />);
    await signIn(user);
    for (const id of ['nav-today', 'nav-calendar', 'nav-reminders']) expect(screen.queryByTestId(id)).not.toBeInTheDocument();
  });

  it('shows Patients without registration to those who may only view', async () => {
    const user = userEvent.setup();
    backend({ ...admin, permissions: ['view_patients'] });
    renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('nav-home')).toHaveAttribute('aria-current', 'page');
    await user.click(screen.getByTestId('nav-patients'));
    expect(screen.getByTestId('patient-search')).toBeInTheDocument();
    expect(screen.queryByTestId('patient-new')).not.toBeInTheDocument();
  });

  it('switches to Urdu through the back end and flips the direction', async () => {
    const user = userEvent.setup();
    backend(admin);
    renderUi(<App />);
    await signIn(user);
    await user.click(screen.getByTestId('lang-ur'));
    await waitFor(() => expect(document.documentElement.dir).toBe('rtl'));
    expect(document.documentElement.lang).toBe('ur');
    expect(invokeMock).toHaveBeenCalledWith('set_my_language', { token: 'tok-1', language: 'ur' });
    expect(screen.getByTestId('nav-home')).toHaveTextContent('ہوم');
    await user.click(screen.getByTestId('lang-en'));
    await waitFor(() => expect(document.documentElement.dir).toBe('ltr'));
  });

  it('applies the signed-in person’s language', async () => {
    const user = userEvent.setup();
    backend({ ...admin, language: 'ur' });
    renderUi(<App />);
    await signIn(user);
    expect(document.documentElement.dir).toBe('rtl');
  });

  it('returns to sign-in when the session has ended', async () => {
    const user = userEvent.setup();
    backend(admin, {
      list_staff: () => {
        throw { kind: 'locked', message: ENDED };
      },
      unlock_session: () => {
        throw { kind: 'validation', message: ENDED, field: 'session' };
      },
    });
    renderUi(<App />);
    await signIn(user);
    await user.click(screen.getByTestId('nav-staff'));
    expect(await screen.findByTestId('lock-overlay')).toBeInTheDocument();
    await user.type(screen.getByTestId('unlock-password'), 'a long passphrase{Enter}');
    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended.');
  });
});

describe('settings screen', () => {
  it('saves the profile and the idle lock minutes', async () => {
    const user = userEvent.setup();
    backend(admin, {
      update_clinic_profile: (a) => a.req,
      update_settings: (a) => a.req,
    });
    renderUi(<App />);
    await signIn(user);
    await user.click(screen.getByTestId('nav-settings'));
    const name = await screen.findByTestId('clinic-name');
    await user.clear(name);
    await user.type(name, 'Al-Hayat DHA{Enter}');
    await waitFor(() => expect(screen.getByTestId('clinic-name-header')).toHaveTextContent('Al-Hayat DHA'));
    expect(invokeMock).toHaveBeenCalledWith('update_clinic_profile', {
      token: 'tok-1',
      req: { name: 'Al-Hayat DHA', address: '12 Main Boulevard', phone: '042 111', logo_data_url: null },
    });

    const minutes = screen.getByTestId('settings-idle-minutes');
    expect(minutes).toHaveValue(15);
    await user.clear(minutes);
    await user.type(minutes, '5{Enter}');
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('update_settings', { token: 'tok-1', req: { idle_lock_minutes: 5 } }));
    expect(await screen.findByText('The screen lock setting was saved.')).toBeInTheDocument();
  });

  it('shows an idle minutes error next to the field', async () => {
    const user = userEvent.setup();
    backend(admin, {
      update_settings: () => {
        throw { kind: 'validation', message: 'Choose between 1 and 60 minutes.', field: 'idle_lock_minutes' };
      },
    });
    renderUi(<App />);
    await signIn(user);
    await user.click(screen.getByTestId('nav-settings'));
    await user.click(await screen.findByTestId('settings-save-lock'));
    expect(await screen.findByTestId('settings-idle-minutes-error')).toHaveTextContent('Choose between 1 and 60 minutes.');
  });
});

describe('audit screen', () => {
  it('filters, pages with next_before and verifies', async () => {
    const user = userEvent.setup();
    const listAudit = vi.fn((a: Record<string, unknown>) => {
      const f = a.filter as { before_seq?: number };
      return f.before_seq === undefined
        ? { rows: [row(9, 'sign_in'), row(8, 'create')], next_before: 8 }
        : { rows: [row(7, 'audit_verified')], next_before: null };
    });
    let verified = 0;
    backend(admin, {
      list_audit: listAudit,
      verify_audit: () =>
        verified++ === 0
          ? { ok: true, entries_checked: 9, first_bad_seq: null, problem: null, restores: [] }
          : { ok: false, entries_checked: 9, first_bad_seq: 4, problem: 'Entry 4 does not match its hash.', restores: [] },
    });
    renderUi(<App />);
    await signIn(user);
    await user.click(screen.getByTestId('nav-audit'));

    const rows = await screen.findAllByTestId('audit-row');
    expect(rows.map((r) => r.dataset.action)).toEqual(['sign_in', 'create']);
    // 04:30 UTC is 09:30 in Karachi.
    expect(within(rows[0]!).getByText(/09:30/)).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Signed in')).toBeInTheDocument();

    await user.click(screen.getByTestId('audit-load-more'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    expect(listAudit).toHaveBeenLastCalledWith({ token: 'tok-1', filter: { limit: 50, before_seq: 8 } });
    expect(screen.queryByTestId('audit-load-more')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('audit-action'), 'create');
    await user.selectOptions(screen.getByTestId('audit-staff'), '1');
    await user.type(screen.getByTestId('audit-patient'), '42');
    await user.click(screen.getByTestId('audit-apply'));
    await waitFor(() =>
      expect(listAudit).toHaveBeenLastCalledWith({
        token: 'tok-1',
        filter: { limit: 50, action: 'create', staff_id: 1, patient_id: 42 },
      }),
    );

    await user.click(screen.getByTestId('audit-verify'));
    expect(await screen.findByTestId('audit-verify-result')).toHaveTextContent('The trail is intact: 9 entries checked.');
    await user.click(screen.getByTestId('audit-verify'));
    await waitFor(() =>
      expect(screen.getByTestId('audit-verify-result')).toHaveTextContent(
        'The trail was changed or damaged at entry 4. Entry 4 does not match its hash.',
      ),
    );
    expect(screen.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'false');
  });
});

describe('retention badge', () => {
  it("tells the privacy officer, in words too, how many patients' records have reached the end of their retention", async () => {
    const user = userEvent.setup();
    const officer: Me = {
      id: 5,
      username: 'privacy',
      full_name: 'Nadia Hussain',
      roles: ['privacy_officer'],
      language: 'en',
      permissions: ['view_patients', 'manage_rights_requests', 'record_disclosures', 'erase_records', 'export_patient_data'],
    };
    backend(officer, {
      retention_due_count: () => 3,
      rights_dashboard: () => ({ today: '2030-01-20', open: [], counts: [] }),
    });
    renderUi(<App />);
    await signIn(user);
    const badge = await screen.findByTestId('nav-retention-count');
    expect(badge).toHaveTextContent('3');
    expect(badge).toHaveAttribute('aria-label', "3 patients' records have reached the end of their retention");
    expect(screen.getByTestId('nav-retention')).toHaveAccessibleName(/3 patients' records have reached the end of their retention/);
  });
});
