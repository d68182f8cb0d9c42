import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import type { BackupEntry } from '../../bindings/BackupEntry';
import type { BackupStatus } from '../../bindings/BackupStatus';
import type { Me } from '../../bindings/Me';
import type { RestorePreview } from '../../bindings/RestorePreview';
import { SessionContext, type Session } from '../../session';
import { admin, invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { BackupsScreen } from './BackupsScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const backupAdmin: Me = { ...admin, permissions: [...admin.permissions, 'manage_backups'] };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const entry = (name: string, over: Partial<BackupEntry> = {}): BackupEntry => ({
  folder: 'backups',
  name,
  size_bytes: 2 * 1024 * 1024,
  taken_at: hoursAgo(3),
  verified: true,
  problem: null,
  manifest: {
    file: name,
    taken_at: hoursAgo(3),
    size_bytes: 2 * 1024 * 1024,
    sha256: 'ab',
    schema_version: 20261221000001,
    app_version: '0.1.0',
    method: 'vacuum_into',
    audit_newest: { seq: 40, hash: 'cd' },
    counts: { patients: 12, appointments: 340, notes: 20, invoices: 5, audit_log: 40 },
    result: 'verified',
    problem: null,
  },
  ...over,
});

const status = (over: Partial<BackupStatus> = {}): BackupStatus => ({
  newest_verified_at: hoursAgo(3),
  backup_overdue: false,
  drill: { last_at: hoursAgo(24 * 3), last_ok: true, last_backup: 'clinic-a.db', last_problem: null, last_passed_at: hoursAgo(24 * 3) },
  drill_overdue: false,
  destinations: [
    { folder: 'backups', written: null, problem: null },
    { folder: '/media/usb/clinic', written: null, problem: 'The backup folder /media/usb/clinic is missing: is the drive or network share connected?' },
  ],
  policy: { every_hours: 4, extra_folders: ['/media/usb/clinic'], keep_all_hours: 48, daily_days: 30, weekly_weeks: 12, monthly_months: 12, max_age_days: 365 },
  backups: [
    entry('clinic-20261203-140000-manual.db'),
    entry('failed-clinic-20261202-100000-auto.db', { verified: false, problem: 'The audit chain does not verify.' }),
  ],
  ...over,
});

const preview: RestorePreview = {
  folder: 'backups',
  name: 'clinic-20261203-140000-manual.db',
  taken_at: hoursAgo(3),
  size_bytes: 2 * 1024 * 1024,
  lost_audit_entries: 7,
  lost_appointments: 0,
  lost_notes: 0,
  lost_patients: 1,
  lost_invoices: 0,
  erasures_to_repeat: 2,
};

function backend(me: Me, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    app_status: () => ({ state: 'ready', clinic_name: 'Al-Hayat Gulberg' }),
    sign_in: () => ({ state: 'signed_in', token: 'tok-1', me, idle_lock_seconds: 900, changes: [] }),
    sign_out: () => null,
    note_activity: () => null,
    backup_status: () => status(),
    ...extra,
  });
}

async function signIn(user: ReturnType<typeof userEvent.setup>) {
  // Short words: typing costs time, and the back end is a stand-in here.
  await user.type(await screen.findByTestId('signin-username'), 'a');
  await user.type(screen.getByTestId('signin-password'), 'p{Enter}');
  await screen.findByTestId('me-name');
}

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

describe('restoring a backup from the Backups screen', () => {
  it('previews what is lost, asks for a confirmation, shows the outcome, and goes back to sign-in', async () => {
    const user = userEvent.setup();
    backend(backupAdmin, {
      restore_preview: () => preview,
      restore_backup: () => ({
        restored_from: preview.taken_at,
        replaced_kept_as: 'replaced-20261203-170000.db',
        erased_again: 2,
        not_erased_again: [17],
        restore_entry: 41,
      }),
    });
    renderUi(<App />);
    await signIn(user);
    // The administrator starts at home, where the backups card links to the screen.
    await user.click(await screen.findByTestId('home-open-backups'));
    expect(screen.getByTestId('nav-backups')).toHaveAttribute('aria-current', 'page');

    const rows = await screen.findAllByTestId('backup-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('12 patients · 340 appointments · 20 notes · 5 invoices');
    expect(rows[0]).toHaveTextContent('Checked');
    expect(rows[1]).toHaveTextContent('Not checked: The audit chain does not verify.');
    // Only a checked copy can be restored.
    expect(within(rows[1]!).queryByTestId('backup-restore')).not.toBeInTheDocument();

    await user.click(within(rows[0]!).getByTestId('backup-restore'));
    const dialog = await screen.findByTestId('restore-preview');
    expect(await within(dialog).findByTestId('restore-lost-patients')).toHaveTextContent('1 patients registered');
    expect(within(dialog).getByTestId('restore-lost-patients')).toHaveAttribute('data-count', '1');
    expect(within(dialog).getByTestId('restore-lost-audit')).toHaveTextContent('7 audit trail entries');
    expect(within(dialog).getByTestId('restore-erasures')).toHaveTextContent('2 patients erased since then will be erased again');
    expect(calls('restore_preview')).toEqual([{ token: 'tok-1', folder: 'backups', name: 'clinic-20261203-140000-manual.db' }]);

    // Nothing happens without the explicit confirmation.
    await user.click(within(dialog).getByTestId('restore-submit'));
    expect(await within(dialog).findByTestId('restore-understood-error')).toHaveTextContent('Tick the box');
    expect(calls('restore_backup')).toEqual([]);

    await user.click(within(dialog).getByTestId('restore-understood'));
    await user.click(within(dialog).getByTestId('restore-submit'));

    const done = await screen.findByTestId('restored');
    expect(calls('restore_backup')).toEqual([{ token: 'tok-1', folder: 'backups', name: 'clinic-20261203-140000-manual.db' }]);
    expect(screen.queryByTestId('me-name')).not.toBeInTheDocument();
    expect(within(done).getByTestId('restored-kept-as')).toHaveTextContent('replaced-20261203-170000.db');
    expect(within(done).getByTestId('restored-erased-again')).toHaveTextContent('2 patients erased after this backup was taken were erased again.');
    expect(within(done).getByTestId('restored-not-erased')).toHaveTextContent('1 patients could not be erased again: #17');

    const statusCalls = calls('app_status').length;
    await user.click(screen.getByTestId('restored-continue'));
    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
    expect(calls('app_status').length).toBe(statusCalls + 1);
  });

  it('shows a refusal in plain words and keeps the administrator signed in', async () => {
    const user = userEvent.setup();
    const refusal = 'Someone else is signed in. A restore replaces the data they are working on: ask them to sign out first, then restore.';
    backend(backupAdmin, {
      restore_preview: () => preview,
      restore_backup: () => {
        throw { kind: 'conflict', message: refusal };
      },
    });
    renderUi(<App />);
    await signIn(user);
    await user.click(screen.getByTestId('nav-backups'));
    await user.click(within((await screen.findAllByTestId('backup-row'))[0]!).getByTestId('backup-restore'));
    await user.click(await screen.findByTestId('restore-understood'));
    await user.click(screen.getByTestId('restore-submit'));
    expect(await screen.findByTestId('restore-error')).toHaveTextContent(refusal);
    expect(screen.getByTestId('me-name')).toBeInTheDocument();
    expect(screen.queryByTestId('restored')).not.toBeInTheDocument();
  });
});

describe('the backups on the administrator’s home screen', () => {
  it('is red and says Overdue after 26 hours without a backup and 35 days without a test restore', async () => {
    const user = userEvent.setup();
    backend(backupAdmin, {
      backup_status: () =>
        status({
          newest_verified_at: hoursAgo(30),
          backup_overdue: true,
          drill: { last_at: hoursAgo(24 * 40), last_ok: true, last_backup: 'clinic-a.db', last_problem: null, last_passed_at: hoursAgo(24 * 40) },
          drill_overdue: true,
        }),
    });
    renderUi(<App />);
    await signIn(user);
    const newest = await screen.findByTestId('backup-newest');
    expect(newest).toHaveAttribute('data-overdue', 'true');
    expect(newest).toHaveClass('overdue');
    expect(newest).toHaveTextContent('30 hours ago');
    expect(newest).toHaveTextContent('Overdue: there has been no checked backup for more than 26 hours.');
    const drill = screen.getByTestId('backup-drill');
    expect(drill).toHaveAttribute('data-overdue', 'true');
    expect(drill).toHaveTextContent('Overdue: no test restore has passed in the last 35 days.');
  });

  it('is not red, and has no alarm words, when both are recent', async () => {
    const user = userEvent.setup();
    backend(backupAdmin);
    renderUi(<App />);
    await signIn(user);
    const newest = await screen.findByTestId('backup-newest');
    expect(newest).toHaveAttribute('data-overdue', 'false');
    expect(newest).toHaveTextContent('3 hours ago');
    expect(screen.getByTestId('home-backups')).not.toHaveTextContent('Overdue');
  });

  it('says so when there has never been a backup or a test restore', async () => {
    const user = userEvent.setup();
    backend(backupAdmin, {
      backup_status: () =>
        status({
          newest_verified_at: null,
          backup_overdue: true,
          drill: { last_at: null, last_ok: false, last_backup: null, last_problem: null, last_passed_at: null },
          drill_overdue: true,
          backups: [],
        }),
    });
    renderUi(<App />);
    await signIn(user);
    expect(await screen.findByTestId('backup-newest')).toHaveTextContent('No backup has been checked yet.');
    expect(screen.getByTestId('backup-drill')).toHaveTextContent('No test restore has passed yet.');
  });

  it('names a backup folder that cannot take a copy', async () => {
    const user = userEvent.setup();
    backend(backupAdmin, {
      backup_status: () =>
        status({
          destinations: [
            { folder: 'backups', written: null, problem: null },
            { folder: '/media/usb/clinic', written: null, problem: 'The backup folder /media/usb/clinic is missing.' },
          ],
        }),
    });
    renderUi(<App />);
    await signIn(user);
    const problems = await screen.findAllByTestId('home-backup-folder-problem');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toHaveTextContent('/media/usb/clinic is missing');
  });

  it('is not shown to those who do not manage backups', async () => {
    const user = userEvent.setup();
    backend(admin);
    renderUi(<App />);
    await signIn(user);
    expect(screen.getByTestId('nav-home')).toHaveAttribute('aria-current', 'page');
    expect(screen.queryByTestId('home-backups')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-backups')).not.toBeInTheDocument();
    expect(calls('backup_status')).toEqual([]);
  });
});

const session = { token: 'tok-1', me: backupAdmin, can: () => true } as unknown as Session;
const inSession = (ui: React.ReactElement) => renderUi(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);

describe('the Backups screen', () => {
  it('backs up now and shows each folder’s result, then the fresh list', async () => {
    const user = userEvent.setup();
    let listed = status();
    mockCommands({
      backup_status: () => listed,
      back_up_now: () => {
        listed = status({ backups: [entry('clinic-20261203-170000-manual.db'), ...listed.backups] });
        return {
          taken_at: hoursAgo(0),
          verified: true,
          destinations: [
            { folder: 'backups', written: 'clinic-20261203-170000-manual.db', problem: null },
            { folder: '/media/usb/clinic', written: null, problem: 'The backup folder /media/usb/clinic is missing.' },
          ],
          deleted: 3,
        };
      },
    });
    inSession(<BackupsScreen onRestored={() => {}} />);
    expect(await screen.findAllByTestId('backup-row')).toHaveLength(2);
    const destinations = screen.getAllByTestId('backup-destination');
    expect(destinations[1]).toHaveAttribute('data-ok', 'false');
    expect(destinations[1]).toHaveTextContent('Problem: The backup folder /media/usb/clinic is missing');

    await user.click(screen.getByTestId('backups-back-up-now'));
    const result = await screen.findByTestId('backups-run-result');
    expect(result).toHaveAttribute('data-verified', 'true');
    const folders = within(result).getAllByTestId('backups-run-folder');
    expect(folders[0]).toHaveAttribute('data-written', 'clinic-20261203-170000-manual.db');
    expect(folders[1]).toHaveTextContent('missing');
    expect(result).toHaveTextContent('3 old copies were overwritten and deleted');
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(3));
  });

  it('runs a test restore and shows whether it passed', async () => {
    const user = userEvent.setup();
    let drill = status().drill;
    drill = { ...drill, last_ok: false, last_problem: 'The copy does not open with the key.' };
    mockCommands({
      backup_status: () => status({ drill }),
      test_restore: () => {
        drill = { last_at: hoursAgo(0), last_ok: true, last_backup: 'clinic-b.db', last_problem: null, last_passed_at: hoursAgo(0) };
        return drill;
      },
    });
    inSession(<BackupsScreen onRestored={() => {}} />);
    const before = await screen.findByTestId('backups-drill-result');
    expect(before).toHaveAttribute('data-ok', 'false');
    expect(before).toHaveTextContent('The copy does not open with the key.');
    await user.click(screen.getByTestId('backups-test-restore'));
    await waitFor(() => expect(screen.getByTestId('backups-drill-result')).toHaveAttribute('data-ok', 'true'));
    expect(screen.getByTestId('backups-drill-result')).toHaveTextContent('clinic-b.db');
  });

  it('saves the settings and shows the service’s objection next to its field', async () => {
    const user = userEvent.setup();
    mockCommands({
      backup_status: () => status(),
      set_backup_policy: (a) => {
        const req = a.req as { every_hours: number; extra_folders: string[] };
        if (req.every_hours > 24) throw { kind: 'validation', message: 'Enter a number from 1 to 24.', field: 'every_hours' };
        if (req.extra_folders.some((f) => !f.startsWith('/')))
          throw { kind: 'validation', message: 'Give the backup folder’s full path.', field: 'extra_folders' };
        return req;
      },
    });
    inSession(<BackupsScreen onRestored={() => {}} />);
    const every = await screen.findByTestId('policy-every-hours');
    expect(every).toHaveValue('4');
    expect(screen.getByTestId('policy-folder-1')).toHaveValue('/media/usb/clinic');
    await user.clear(every);
    await user.type(every, '30');
    await user.click(screen.getByTestId('policy-save'));
    expect(await screen.findByTestId('policy-every-hours-error')).toHaveTextContent('Enter a number from 1 to 24.');

    await user.clear(every);
    await user.type(every, '6');
    await user.type(screen.getByTestId('policy-folder-2'), 'usb2');
    await user.click(screen.getByTestId('policy-save'));
    expect(await screen.findByTestId('policy-folders-error')).toHaveTextContent('full path');

    await user.clear(screen.getByTestId('policy-folder-2'));
    await user.type(screen.getByTestId('policy-folder-2'), '/mnt/share/clinic');
    await user.click(screen.getByTestId('policy-save'));
    await screen.findByText('The backup settings were saved.');
    expect(calls('set_backup_policy').at(-1)).toEqual({
      token: 'tok-1',
      req: {
        every_hours: 6,
        keep_all_hours: 48,
        daily_days: 30,
        weekly_weeks: 12,
        monthly_months: 12,
        max_age_days: 365,
        extra_folders: ['/media/usb/clinic', '/mnt/share/clinic'],
      },
    });
  });
});

describe('the Backups screen in Urdu', () => {
  it('keeps file names and folder paths left to right inside the right-to-left page', async () => {
    mockCommands({ backup_status: () => status() });
    renderUi(
      <SessionContext.Provider value={session}>
        <BackupsScreen onRestored={() => {}} />
      </SessionContext.Provider>,
      'ur',
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'بیک اپ' })).toBeInTheDocument();
    const row = (await screen.findAllByTestId('backup-row'))[0]!;
    expect(within(row).getByText('clinic-20261203-140000-manual.db')).toHaveAttribute('dir', 'ltr');
    expect(within(row).getByText('ڈیٹا فولڈر کے اپنے بیک اپ')).not.toHaveAttribute('dir');
    const usb = screen.getAllByTestId('backup-destination')[1]!;
    expect(within(usb).getByText('/media/usb/clinic')).toHaveAttribute('dir', 'ltr');
    expect(screen.getByTestId('backup-newest')).toHaveTextContent('3 گھنٹے پہلے');
  });
});
