import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api';

const ENDED = 'Your session has ended. Please sign in again.';
import { invokeMock, mockCommands, renderUi, signedIn } from '../test/helpers';
import { SessionLock } from './SessionLock';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

function setup(idleLockSeconds = 600) {
  const onUnlocked = vi.fn();
  const onSessionEnded = vi.fn();
  const onSignOut = vi.fn();
  renderUi(
    <SessionLock
      token="tok-1"
      fullName="Amina Khan"
      idleLockSeconds={idleLockSeconds}
      onUnlocked={onUnlocked}
      onSessionEnded={onSessionEnded}
      onSignOut={onSignOut}
    >
      {(lockNow) => (
        <form>
          <label htmlFor="note">Note</label>
          <input id="note" />
          <textarea aria-label="Long note" />
          <button type="button" onClick={lockNow}>
            Lock
          </button>
        </form>
      )}
    </SessionLock>,
  );
  return { onUnlocked, onSessionEnded, onSignOut };
}

describe('SessionLock', () => {
  it('keeps what was typed across a lock and unlock', async () => {
    const user = userEvent.setup();
    mockCommands({ lock_session: () => null, unlock_session: () => signedIn });
    const { onUnlocked } = setup();

    await user.type(screen.getByLabelText('Note'), 'Patient prefers mornings');
    await user.type(screen.getByLabelText('Long note'), 'Half a sentence');
    await user.click(screen.getByRole('button', { name: 'Lock' }));

    const overlay = await screen.findByTestId('lock-overlay');
    expect(overlay).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('lock_session', { token: 'tok-1' });
    // Still mounted underneath, only made inert.
    expect(screen.getByDisplayValue('Patient prefers mornings')).toBeInTheDocument();
    expect(screen.getByTestId('unlock-password')).toHaveFocus();

    await user.type(screen.getByTestId('unlock-password'), 'correct horse battery');
    await user.click(screen.getByTestId('unlock-submit'));

    await waitFor(() => expect(screen.queryByTestId('lock-overlay')).not.toBeInTheDocument());
    expect(invokeMock).toHaveBeenCalledWith('unlock_session', { token: 'tok-1', password: 'correct horse battery' });
    expect(onUnlocked).toHaveBeenCalledWith(signedIn);
    expect(screen.getByLabelText('Note')).toHaveValue('Patient prefers mornings');
    expect(screen.getByLabelText('Long note')).toHaveValue('Half a sentence');
  });

  it('locks after the idle time', async () => {
    vi.useFakeTimers();
    try {
      mockCommands({ lock_session: () => null });
      setup(120);
      fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'kept' } });
      act(() => {
        vi.advanceTimersByTime(119_000);
      });
      expect(screen.queryByTestId('lock-overlay')).not.toBeInTheDocument();
      act(() => {
        vi.advanceTimersByTime(1_000);
      });
      expect(screen.getByTestId('lock-overlay')).toBeInTheDocument();
      expect(invokeMock).toHaveBeenCalledWith('lock_session', { token: 'tok-1' });
      expect(screen.getByLabelText('Note')).toHaveValue('kept');
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells the back end of the person\'s keys and clicks, and locks when it answers "locked"', async () => {
    vi.useFakeTimers();
    try {
      let answer: 'ok' | 'locked' = 'ok';
      mockCommands({
        note_activity: () => (answer === 'ok' ? null : Promise.reject({ kind: 'locked', message: 'The screen is locked.' })),
      });
      setup(120);
      act(() => {
        vi.advanceTimersByTime(30_000);
      });
      fireEvent.keyDown(screen.getByLabelText('Note'), { key: 'a' });
      expect(invokeMock).toHaveBeenCalledWith('note_activity', { token: 'tok-1' });
      expect(screen.queryByTestId('lock-overlay')).not.toBeInTheDocument();

      answer = 'locked';
      act(() => {
        vi.advanceTimersByTime(30_000);
      });
      await act(async () => {
        fireEvent.pointerDown(screen.getByLabelText('Note'));
      });
      expect(screen.getByTestId('lock-overlay')).toBeInTheDocument();
      expect(invokeMock).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the overlay when any command answers "locked"', async () => {
    mockCommands({ list_staff: () => Promise.reject({ kind: 'locked', message: 'The screen is locked.' }) });
    setup();
    await act(async () => {
      await api.listStaff('tok-1').catch(() => {});
    });
    expect(screen.getByTestId('lock-overlay')).toBeInTheDocument();
  });

  it('shows a wrong password next to the password field and stays locked', async () => {
    const user = userEvent.setup();
    mockCommands({
      lock_session: () => null,
      unlock_session: () => {
        throw { kind: 'validation', message: 'That password is not right.', field: 'password' };
      },
    });
    const { onSessionEnded } = setup();
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await user.type(screen.getByTestId('unlock-password'), 'nope{Enter}');
    const error = await screen.findByTestId('unlock-password-error');
    expect(error).toHaveTextContent('That password is not right.');
    expect(error).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('unlock-password')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('lock-overlay')).toBeInTheDocument();
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it('goes back to sign-in when the session has ended', async () => {
    const user = userEvent.setup();
    const ended = { kind: 'validation', message: ENDED, field: 'session' };
    mockCommands({
      lock_session: () => null,
      unlock_session: () => {
        throw ended;
      },
    });
    const { onSessionEnded } = setup();
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await user.type(screen.getByTestId('unlock-password'), 'whatever{Enter}');
    await waitFor(() => expect(onSessionEnded).toHaveBeenCalledWith(ended));
  });

  it('offers signing out instead', async () => {
    const user = userEvent.setup();
    mockCommands({ lock_session: () => null });
    const { onSignOut } = setup();
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await user.click(screen.getByTestId('lock-sign-out'));
    expect(onSignOut).toHaveBeenCalled();
  });
});
