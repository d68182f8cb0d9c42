import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SignInScreen } from '../screens/signin/SignInScreen';
import { StaffForm } from '../screens/staff/StaffForm';
import { SessionContext, type Session } from '../session';
import { admin, invokeMock, mockCommands, renderUi } from '../test/helpers';
import { Field } from './Field';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

describe('Field', () => {
  it('labels the input and announces its error', () => {
    renderUi(<Field id="clinic-phone" label="Phone" hint="With the city code." error="Enter a phone number." />);
    const input = screen.getByLabelText('Phone');
    expect(input).toHaveAttribute('data-testid', 'clinic-phone');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAttribute('aria-describedby', 'clinic-phone-hint clinic-phone-error');
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a phone number.');
  });

  it('has no error markup without an error', () => {
    renderUi(<Field id="x" label="X" />);
    expect(screen.getByLabelText('X')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('sign-in errors', () => {
  it('shows an error naming a field next to that field', async () => {
    const user = userEvent.setup();
    mockCommands({
      sign_in: () => {
        throw { kind: 'validation', message: 'That password is not right.', field: 'password' };
      },
    });
    renderUi(<SignInScreen clinicName="Al-Hayat" onSignedIn={() => {}} />);
    expect(screen.getByTestId('signin-username')).toHaveFocus();
    await user.type(screen.getByTestId('signin-username'), 'amina');
    await user.type(screen.getByTestId('signin-password'), 'wrong{Enter}');
    const error = await screen.findByTestId('signin-error');
    expect(error).toHaveTextContent('That password is not right.');
    expect(error).toHaveAttribute('id', 'signin-password-error');
    expect(screen.getByTestId('signin-password')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('signin-username')).not.toHaveAttribute('aria-invalid');
    expect(invokeMock).toHaveBeenCalledWith('sign_in', { username: 'amina', password: 'wrong' });
  });

  it('shows an error without a field as a banner', async () => {
    const user = userEvent.setup();
    mockCommands({
      sign_in: () => {
        throw { kind: 'locked', message: 'Too many attempts. Try again in 15 minutes.' };
      },
    });
    renderUi(<SignInScreen clinicName="Al-Hayat" onSignedIn={() => {}} />);
    await user.type(screen.getByTestId('signin-username'), 'amina');
    await user.type(screen.getByTestId('signin-password'), 'x');
    await user.click(screen.getByTestId('signin-submit'));
    // Before sign-in, "locked" means the account is locked out: shown, not left to an overlay.
    await waitFor(() => expect(screen.getByTestId('signin-error')).toHaveTextContent('Too many attempts.'));
    expect(screen.getByTestId('signin-error')).toHaveAttribute('role', 'alert');
  });
});

describe('staff form errors', () => {
  it('puts a conflict on the user name field', async () => {
    const user = userEvent.setup();
    mockCommands({
      create_staff: () => {
        throw { kind: 'conflict', message: 'That user name is taken.', field: 'username' };
      },
    });
    const session = { token: 'tok-1', me: admin } as unknown as Session;
    renderUi(
      <SessionContext.Provider value={session}>
        <StaffForm editing={null} onSaved={() => {}} onCancel={() => {}} />
      </SessionContext.Provider>,
    );
    await user.type(screen.getByTestId('staff-full-name'), 'Bilal Ahmed');
    await user.type(screen.getByTestId('staff-username'), 'amina');
    await user.click(screen.getByTestId('staff-role-reception'));
    await user.click(screen.getByTestId('staff-role-administrator'));
    await user.click(screen.getByTestId('staff-save'));
    expect(await screen.findByTestId('staff-username-error')).toHaveTextContent('That user name is taken.');
    expect(invokeMock).toHaveBeenCalledWith('create_staff', {
      token: 'tok-1',
      req: { full_name: 'Bilal Ahmed', username: 'amina', roles: ['administrator', 'reception'] },
    });
    // What was typed stays for correcting.
    expect(screen.getByTestId('staff-full-name')).toHaveValue('Bilal Ahmed');
  });

  it('shows a roles error under the role boxes', async () => {
    const user = userEvent.setup();
    mockCommands({
      create_staff: () => {
        throw { kind: 'validation', message: 'Choose at least one role.', field: 'roles' };
      },
    });
    const session = { token: 'tok-1', me: admin } as unknown as Session;
    renderUi(
      <SessionContext.Provider value={session}>
        <StaffForm editing={null} onSaved={() => {}} onCancel={() => {}} />
      </SessionContext.Provider>,
    );
    await user.click(screen.getByTestId('staff-save'));
    expect(await screen.findByTestId('staff-roles-error')).toHaveTextContent('Choose at least one role.');
  });
});
