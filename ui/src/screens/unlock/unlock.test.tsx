import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import type { AppStatus } from '../../bindings/AppStatus';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

describe('recovery screen', () => {
  it('explains the reason and sends the typed key', async () => {
    const user = userEvent.setup();
    let status: AppStatus = { state: 'recovery_needed', reason: 'key_missing', backups: [] };
    mockCommands({
      app_status: () => status,
      recover_with_key: () => (status = { state: 'ready', clinic_name: 'Al-Hayat' }),
    });
    renderUi(<App />);
    expect(await screen.findByText(/no longer has the key/)).toBeInTheDocument();
    await user.type(screen.getByTestId('recovery-key-input'), '  7QK2-AB3D  ');
    await user.click(screen.getByTestId('recover-submit'));
    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('recover_with_key', { recoveryKey: '7QK2-AB3D' });
  });

  it('shows a wrong key next to the key field', async () => {
    const user = userEvent.setup();
    mockCommands({
      app_status: () => ({ state: 'recovery_needed', reason: 'key_does_not_open', backups: [] }),
      recover_with_key: () => {
        throw { kind: 'validation', message: 'A character was mistyped.', field: 'recovery_key' };
      },
    });
    renderUi(<App />);
    await user.type(await screen.findByTestId('recovery-key-input'), 'XXXX{Enter}');
    expect(await screen.findByTestId('recovery-key-input-error')).toHaveTextContent('A character was mistyped.');
  });
});

const outcome = {
  restored_from: '2026-11-20T05:00:00Z',
  replaced_kept_as: 'replaced-20261203-170000.db',
  erased_again: 0,
  not_erased_again: [],
  restore_entry: 12,
};

describe('recovery screen when the keyring key does not open the file', () => {
  const backup = { name: 'clinic-20261120-before-migration-2.db', size_bytes: 40960, written_at: '2026-11-20T05:00:00Z' };

  it('offers the backups too, since the file itself may be damaged, restored with the recovery key', async () => {
    const user = userEvent.setup();
    let status: AppStatus = { state: 'recovery_needed', reason: 'key_does_not_open', backups: [backup] };
    mockCommands({
      app_status: () => status,
      restore_with_recovery_key: () => {
        status = { state: 'ready', clinic_name: 'Al-Hayat' };
        return outcome;
      },
    });
    renderUi(<App />);
    await user.click(await screen.findByTestId(`restore-${backup.name}`));
    await user.type(screen.getByTestId('restore-recovery-key'), ' 7QK2-AB3D {Enter}');
    expect(await screen.findByTestId('restored')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('restore_with_recovery_key', { file: backup.name, recoveryKey: '7QK2-AB3D' });
    await user.click(screen.getByTestId('restored-continue'));
    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
  });

  it('does not offer backups when only the keyring lost the key', async () => {
    mockCommands({ app_status: () => ({ state: 'recovery_needed', reason: 'key_missing', backups: [backup] }) });
    renderUi(<App />);
    await screen.findByTestId('recovery-key-input');
    expect(screen.queryByTestId(`restore-${backup.name}`)).not.toBeInTheDocument();
  });
});

describe('damaged screen', () => {
  it('restores a backup only with the recovery key, then shows the outcome before sign-in', async () => {
    const user = userEvent.setup();
    // As it comes over the wire: a u64 arrives as a JSON number whatever ts-rs calls it.
    let status = JSON.parse(
      '{"state":"damaged","backups":[{"name":"clinic-2025-01-14.db","size_bytes":3145728,"written_at":"2025-01-14T18:00:00Z"}]}',
    ) as AppStatus;
    mockCommands({
      app_status: () => status,
      restore_with_recovery_key: (a) => {
        if (a.recoveryKey !== 'GOOD-KEY') {
          throw { kind: 'validation', message: 'One or more characters of the recovery key are mistyped.', field: 'recovery_key' };
        }
        status = { state: 'ready', clinic_name: 'Al-Hayat' };
        return { ...outcome, restored_from: '2025-01-14T18:00:00Z', erased_again: 1, not_erased_again: [31, 32] };
      },
    });
    renderUi(<App />);
    expect(await screen.findByText(/left untouched/)).toBeInTheDocument();
    expect(screen.getByText('3.0 MB')).toBeInTheDocument();
    await user.click(screen.getByTestId('restore-clinic-2025-01-14.db'));
    // Choosing a backup only asks for the key: nothing is restored yet.
    expect(invokeMock).not.toHaveBeenCalledWith('restore_with_recovery_key', expect.anything());
    expect(screen.getByTestId('restore-key-form')).toHaveTextContent('Restore the backup clinic-2025-01-14.db?');
    expect(screen.queryByTestId('restore-file')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('restore-recovery-key'), 'BAD');
    await user.click(screen.getByTestId('restore-key-submit'));
    expect(await screen.findByTestId('restore-recovery-key-error')).toHaveTextContent('mistyped');

    await user.clear(screen.getByTestId('restore-recovery-key'));
    await user.type(screen.getByTestId('restore-recovery-key'), 'GOOD-KEY');
    await user.click(screen.getByTestId('restore-key-submit'));
    const done = await screen.findByTestId('restored');
    expect(invokeMock).toHaveBeenCalledWith('restore_with_recovery_key', { file: 'clinic-2025-01-14.db', recoveryKey: 'GOOD-KEY' });
    expect(done).toHaveTextContent('replaced-20261203-170000.db');
    expect(screen.getByTestId('restored-erased-again')).toHaveAttribute('data-count', '1');
    expect(screen.getByTestId('restored-not-erased')).toHaveTextContent('#31, #32');
    await user.click(screen.getByTestId('restored-continue'));
    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
  });

  it('shows a refused backup in a banner and changes nothing', async () => {
    const user = userEvent.setup();
    mockCommands({
      app_status: () => ({ state: 'damaged', backups: [{ name: 'b.db', size_bytes: 1024, written_at: '2025-01-14T18:00:00Z' }] }),
      restore_with_recovery_key: () => {
        throw { kind: 'validation', message: 'This backup was not restored, and nothing was changed. The file is damaged.', field: 'backup' };
      },
    });
    renderUi(<App />);
    await user.click(await screen.findByTestId('restore-b.db'));
    await user.type(screen.getByTestId('restore-recovery-key'), 'KEY{Enter}');
    expect(await screen.findByTestId('restore-key-error')).toHaveTextContent('nothing was changed');
    expect(screen.queryByTestId('restored')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('restore-key-cancel'));
    expect(screen.queryByTestId('restore-key-form')).not.toBeInTheDocument();
  });
});

describe('unavailable screen', () => {
  it('tries again', async () => {
    const user = userEvent.setup();
    let calls = 0;
    mockCommands({
      app_status: () =>
        calls++ === 0 ? { state: 'unavailable', message: 'The data folder cannot be written.' } : { state: 'ready', clinic_name: 'C' },
    });
    renderUi(<App />);
    expect(await screen.findByText('The data folder cannot be written.')).toBeInTheDocument();
    await user.click(screen.getByTestId('try-again'));
    await waitFor(() => expect(screen.getByTestId('signin-username')).toBeInTheDocument());
  });
});
