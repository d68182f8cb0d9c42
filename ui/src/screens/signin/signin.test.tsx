import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import type { AccountChange } from '../../bindings/AccountChange';
import { admin, invokeMock, mockCommands, reception, renderUi } from '../../test/helpers';
import { SignInScreen } from './SignInScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

describe('signing in with a one-time code', () => {
  it('asks for the person’s own password before any session exists', async () => {
    const user = userEvent.setup();
    const onSignedIn = vi.fn();
    mockCommands({
      sign_in: () => ({ state: 'choose_password' }),
      choose_password: (a) => {
        if (String(a.newPassword).length < 10) {
          throw { kind: 'validation', message: 'The password must be at least 10 characters long.', field: 'new_password' };
        }
        return { token: 'tok-9', me: reception, idle_lock_seconds: 600, changes: [] };
      },
    });
    renderUi(<SignInScreen clinicName="Al-Hayat" onSignedIn={onSignedIn} />);
    await user.type(screen.getByTestId('signin-username'), ' sana ');
    await user.type(screen.getByTestId('signin-password'), 'AB12-CD34-EF56-GH78{Enter}');
    expect(await screen.findByTestId('choose-password')).toBeInTheDocument();
    expect(onSignedIn).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('choose-new-password'), 'her-own-secret');
    await user.type(screen.getByTestId('choose-repeat'), 'her-own-secrex');
    await user.click(screen.getByTestId('choose-submit'));
    expect(await screen.findByTestId('choose-repeat-error')).toBeInTheDocument();
    expect(calls('choose_password')).toEqual([]);

    await user.clear(screen.getByTestId('choose-new-password'));
    await user.clear(screen.getByTestId('choose-repeat'));
    await user.type(screen.getByTestId('choose-new-password'), 'short');
    await user.type(screen.getByTestId('choose-repeat'), 'short');
    await user.click(screen.getByTestId('choose-submit'));
    expect(await screen.findByTestId('choose-new-password-error')).toHaveTextContent('at least 10');

    await user.clear(screen.getByTestId('choose-new-password'));
    await user.clear(screen.getByTestId('choose-repeat'));
    await user.type(screen.getByTestId('choose-new-password'), 'her-own-secret');
    await user.type(screen.getByTestId('choose-repeat'), 'her-own-secret');
    await user.click(screen.getByTestId('choose-submit'));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(calls('choose_password').at(-1)).toEqual({ username: 'sana', code: 'AB12-CD34-EF56-GH78', newPassword: 'her-own-secret' });
  });
});

describe('after sign-in', () => {
  it('shows what changed on the account once, until OK', async () => {
    const user = userEvent.setup();
    const changes: AccountChange[] = [
      { kind: 'password_reset', role: null, by: 'Amina Khan', decided_by: null, reason: null, at: '2026-12-01T05:00:00Z' },
      { kind: 'role_given', role: 'psychologist', by: 'Amina Khan', decided_by: 'Nadia Hussain', reason: null, at: '2026-12-01T06:00:00Z' },
    ];
    mockCommands({
      app_status: () => ({ state: 'ready', clinic_name: 'Al-Hayat Gulberg' }),
      sign_in: () => ({ state: 'signed_in', token: 'tok-1', me: admin, idle_lock_seconds: 900, changes }),
      sign_out: () => null,
    });
    renderUi(<App />);
    await user.type(await screen.findByTestId('signin-username'), 'amina');
    await user.type(screen.getByTestId('signin-password'), 'a long passphrase{Enter}');
    const notice = await screen.findByTestId('account-changes');
    expect(notice).toHaveTextContent('Amina Khan reset your password.');
    expect(notice).toHaveTextContent('Amina Khan gave you the role Psychologist; Nadia Hussain confirmed it.');
    await user.click(screen.getByTestId('account-changes-ok'));
    expect(screen.queryByTestId('account-changes')).toBeNull();
    expect(screen.getByTestId('me-name')).toHaveTextContent('Amina Khan');
  });
});
