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

describe('recovery screen when the keyring key does not open the file', () => {
  const backup = { name: 'clinic-20261120-before-migration-2.db', size_bytes: 40960, written_at: '2026-11-20T05:00:00Z' };

  it('offers the backups too, since the file itself may be damaged', async () => {
    const user = userEvent.setup();
    let status: AppStatus = { state: 'recovery_needed', reason: 'key_does_not_open', backups: [backup] };
    mockCommands({
      app_status: () => status,
      restore_backup: () => (status = { state: 'ready', clinic_name: 'Al-Hayat' }),
    });
    renderUi(<App />);
    await user.click(await screen.findByTestId(`restore-${backup.name}`));
    await user.click(screen.getByTestId('restore-confirm-yes'));
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
  it('restores a backup after confirmation', async () => {
    const user = userEvent.setup();
    // As it comes over the wire: a u64 arrives as a JSON number whatever ts-rs calls it.
    let status = JSON.parse(
      '{"state":"damaged","backups":[{"name":"clinic-2025-01-14.db","size_bytes":3145728,"written_at":"2025-01-14T18:00:00Z"}]}',
    ) as AppStatus;
    mockCommands({
      app_status: () => status,
      restore_backup: () => (status = { state: 'ready', clinic_name: 'Al-Hayat' }),
    });
    renderUi(<App />);
    expect(await screen.findByText(/left untouched/)).toBeInTheDocument();
    expect(screen.getByText('3.0 MB')).toBeInTheDocument();
    await user.click(screen.getByTestId('restore-clinic-2025-01-14.db'));
    expect(invokeMock).not.toHaveBeenCalledWith('restore_backup', expect.anything());
    await user.click(screen.getByTestId('restore-confirm-yes'));
    expect(await screen.findByTestId('signin-username')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('restore_backup', { name: 'clinic-2025-01-14.db' });
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
