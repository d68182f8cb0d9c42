import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import type { AppStatus } from '../../bindings/AppStatus';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { ConfirmStep } from './ConfirmStep';
import { groupsToConfirm, keyGroups } from './recoveryKey';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const KEY = Array.from({ length: 14 }, (_, i) => `G${String(i + 1).padStart(3, '0')}`).join('-');

describe('recovery key helpers', () => {
  it('splits the key into its printed groups', () => {
    const groups = keyGroups(KEY);
    expect(groups).toHaveLength(14);
    expect(groups[0]).toBe('G001');
    expect(groups[13]).toBe('G014');
    expect(keyGroups(' AB12 - CD34\nEF56 ')).toEqual(['AB12', 'CD34', 'EF56']);
  });

  it('orders typed groups as the server asked, not by group number', () => {
    expect(groupsToConfirm([9, 2, 13], { 2: 'bbbb', 13: ' mmmm ', 9: 'iiii' })).toEqual(['iiii', 'bbbb', 'mmmm']);
    expect(groupsToConfirm([4], {})).toEqual(['']);
  });
});

describe('ConfirmStep', () => {
  it('sends the typed groups in the order of confirm_groups', async () => {
    const user = userEvent.setup();
    const onStatus = vi.fn();
    mockCommands({ confirm_recovery_key: () => ({ state: 'clinic_setup_needed' }) });
    renderUi(<ConfirmStep confirmGroups={[7, 2, 12]} onBack={() => {}} onStatus={onStatus} />);

    // One labelled input per group, first one focused.
    expect(screen.getByLabelText('Group 7')).toHaveFocus();
    await user.type(screen.getByTestId('confirm-group-12'), 'LLLL');
    await user.type(screen.getByTestId('confirm-group-2'), 'BBBB');
    await user.type(screen.getByLabelText('Group 7'), 'GGGG{Enter}');

    await waitFor(() => expect(onStatus).toHaveBeenCalledWith({ state: 'clinic_setup_needed' }));
    expect(invokeMock).toHaveBeenCalledWith('confirm_recovery_key', { groups: ['GGGG', 'BBBB', 'LLLL'] });
  });

  it('shows a groups error in plain words', async () => {
    const user = userEvent.setup();
    mockCommands({
      confirm_recovery_key: () => {
        throw { kind: 'validation', message: 'Group 2 does not match the key.', field: 'groups' };
      },
    });
    renderUi(<ConfirmStep confirmGroups={[2]} onBack={() => {}} onStatus={() => {}} />);
    await user.type(screen.getByTestId('confirm-group-2'), 'XXXX');
    await user.click(screen.getByTestId('confirm-key'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Group 2 does not match the key.');
    expect(screen.getByTestId('confirm-group-2')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('first run, end to end in the UI', () => {
  it('goes from the recovery key to the clinic form to sign-in', async () => {
    const user = userEvent.setup();
    let status: AppStatus = { state: 'first_run' };
    mockCommands({
      app_status: () => status,
      begin_setup: () => ({ recovery_key: KEY, confirm_groups: [3, 11] }),
      confirm_recovery_key: () => (status = { state: 'clinic_setup_needed' }),
      complete_setup: () => (status = { state: 'ready', clinic_name: 'Al-Hayat Gulberg' }),
    });
    renderUi(<App />);

    await user.click(await screen.findByTestId('begin-setup'));
    expect(await screen.findByTestId('recovery-key')).toHaveTextContent(KEY);
    expect(screen.getByTestId('to-confirm')).toBeDisabled();
    await user.click(screen.getByTestId('saved-checkbox'));
    await user.click(screen.getByTestId('to-confirm'));

    await user.type(screen.getByTestId('confirm-group-3'), 'G003');
    await user.type(screen.getByTestId('confirm-group-11'), 'G011');
    await user.click(screen.getByTestId('confirm-key'));
    expect(invokeMock).toHaveBeenCalledWith('confirm_recovery_key', { groups: ['G003', 'G011'] });

    expect(await screen.findByTestId('clinic-name')).toHaveFocus();
    await user.type(screen.getByTestId('clinic-name'), 'Al-Hayat Gulberg');
    await user.type(screen.getByTestId('clinic-address'), '12 Main Boulevard, Lahore');
    await user.type(screen.getByTestId('clinic-phone'), '+92 42 1234567');
    await user.type(screen.getByTestId('admin-full-name'), 'Amina Khan');
    await user.type(screen.getByTestId('admin-username'), 'amina');
    await user.type(screen.getByTestId('admin-password'), 'a long passphrase');
    await user.type(screen.getByTestId('admin-password-repeat'), 'a long passphrasE');
    await user.click(screen.getByTestId('complete-setup'));
    expect(await screen.findByTestId('admin-password-repeat-error')).toHaveTextContent('The two passwords are not the same.');
    expect(invokeMock).not.toHaveBeenCalledWith('complete_setup', expect.anything());

    await user.clear(screen.getByTestId('admin-password-repeat'));
    await user.type(screen.getByTestId('admin-password-repeat'), 'a long passphrase{Enter}');

    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Al-Hayat Gulberg');
    expect(invokeMock).toHaveBeenCalledWith('complete_setup', {
      req: {
        clinic: { name: 'Al-Hayat Gulberg', address: '12 Main Boulevard, Lahore', phone: '+92 42 1234567', logo_data_url: null },
        admin: { full_name: 'Amina Khan', username: 'amina', password: 'a long passphrase' },
      },
    });
  });
});

describe('first run on a new PC: restore from a backup', () => {
  it('shows each refusal next to its field, then restores and lets app_status choose the next screen', async () => {
    const user = userEvent.setup();
    let status: AppStatus = { state: 'first_run' };
    const path = '/media/usb/clinic-backups/clinic-20261203-140000-auto.db';
    mockCommands({
      app_status: () => status,
      restore_with_recovery_key: (a) => {
        const key = a.recoveryKey as string;
        const file = a.file as string;
        if (key !== 'GOOD-KEY') throw { kind: 'validation', message: 'The recovery key is too short or too long.', field: 'recovery_key' };
        if (file === '') throw { kind: 'validation', message: 'Choose the backup file to restore.', field: 'file' };
        if (file !== path) throw { kind: 'validation', message: 'There is no backup file there.', field: 'backup' };
        status = { state: 'ready', clinic_name: 'Al-Hayat Bahria' };
        return { restored_from: '2026-12-03T09:00:00Z', replaced_kept_as: null, erased_again: 0, not_erased_again: [], restore_entry: 90 };
      },
    });
    renderUi(<App />);
    // Both ways are offered: a new clinic, or a clinic moved here from a backup.
    expect(await screen.findByTestId('begin-setup')).toBeInTheDocument();
    await user.click(screen.getByTestId('setup-restore-backup'));
    expect(screen.getByTestId('restore-file')).toHaveFocus();

    await user.type(screen.getByTestId('restore-recovery-key'), 'SHORT');
    await user.click(screen.getByTestId('restore-key-submit'));
    expect(await screen.findByTestId('restore-recovery-key-error')).toHaveTextContent('too short or too long');
    expect(screen.queryByTestId('restore-file-error')).not.toBeInTheDocument();

    await user.clear(screen.getByTestId('restore-recovery-key'));
    await user.type(screen.getByTestId('restore-recovery-key'), 'GOOD-KEY');
    await user.click(screen.getByTestId('restore-key-submit'));
    expect(await screen.findByTestId('restore-file-error')).toHaveTextContent('Choose the backup file to restore.');
    expect(screen.queryByTestId('restore-recovery-key-error')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('restore-file'), '/media/usb/wrong.db');
    await user.click(screen.getByTestId('restore-key-submit'));
    expect(await screen.findByTestId('restore-file-error')).toHaveTextContent('There is no backup file there.');

    await user.clear(screen.getByTestId('restore-file'));
    await user.type(screen.getByTestId('restore-file'), `  ${path} `);
    await user.click(screen.getByTestId('restore-key-submit'));
    expect(await screen.findByTestId('restored')).toHaveTextContent('There was no readable data to keep aside.');
    expect(invokeMock).toHaveBeenCalledWith('restore_with_recovery_key', { file: path, recoveryKey: 'GOOD-KEY' });
    expect(invokeMock).not.toHaveBeenCalledWith('begin_setup', expect.anything());

    await user.click(screen.getByTestId('restored-continue'));
    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
  });

  it('goes back to setting up a new clinic', async () => {
    const user = userEvent.setup();
    mockCommands({ app_status: () => ({ state: 'first_run' }) });
    renderUi(<App />);
    await user.click(await screen.findByTestId('setup-restore-backup'));
    await user.click(screen.getByTestId('restore-key-cancel'));
    expect(screen.getByTestId('begin-setup')).toBeInTheDocument();
    expect(screen.queryByTestId('restore-key-form')).not.toBeInTheDocument();
  });
});
