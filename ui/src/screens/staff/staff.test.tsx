import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../bindings/Me';
import type { Permission } from '../../bindings/Permission';
import type { RoleGrant } from '../../bindings/RoleGrant';
import type { StaffMember } from '../../bindings/StaffMember';
import { SessionContext, type Session } from '../../session';
import { admin, invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { RoleGrantsPanel } from './RoleGrantsPanel';
import { StaffScreen } from './StaffScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const inSession = (me: Me, ui: React.ReactElement) => {
  const session = {
    token: 'tok-1',
    me,
    clinicName: 'Al-Hayat Gulberg',
    can: (p: Permission) => me.permissions.includes(p),
  } as unknown as Session;
  return renderUi(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);
};
const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const member = (over: Partial<StaffMember>): StaffMember => ({
  id: 1,
  username: 'amina',
  full_name: 'Amina Khan',
  roles: ['administrator'],
  pending_roles: [],
  language: 'en',
  active: true,
  locked_until: null,
  waiting_for_password: false,
  ...over,
});

const grant = (over: Partial<RoleGrant>): RoleGrant => ({
  id: 7,
  staff_id: 3,
  staff_name: 'Bilal Ahmed',
  username: 'bilal',
  role: 'psychologist',
  cause: 'added',
  requested_by: 'Amina Khan',
  requested_at: '2026-12-01T05:00:00Z',
  state: 'pending',
  decided_by: null,
  decided_at: null,
  decline_reason: null,
  with_recovery_key: false,
  waiting_for_password: false,
  may_decide: true,
  recovery_key_confirms: false,
  ...over,
});

const CODE = { code: 'AB12-CD34-EF56-GH78', expires_at: '2026-12-02T05:00:00Z' };

describe('staff screen', () => {
  it('adds a person without a password and shows their one-time code once', async () => {
    const user = userEvent.setup();
    const bilal = member({ id: 3, username: 'bilal', full_name: 'Bilal Ahmed', roles: ['reception'], pending_roles: ['psychologist'], waiting_for_password: true });
    mockCommands({
      list_staff: () => [member({})],
      list_role_grants: () => [],
      create_staff: () => ({ member: bilal, code: CODE }),
    });
    inSession(admin, <StaffScreen />);
    await user.type(await screen.findByTestId('staff-full-name'), 'Bilal Ahmed');
    await user.type(screen.getByTestId('staff-username'), 'bilal');
    expect(screen.queryByTestId('staff-password')).toBeNull();
    await user.click(screen.getByTestId('staff-role-reception'));
    await user.click(screen.getByTestId('staff-role-psychologist'));
    await user.click(screen.getByTestId('staff-save'));
    expect(calls('create_staff')[0]).toEqual({
      token: 'tok-1',
      req: { full_name: 'Bilal Ahmed', username: 'bilal', roles: ['reception', 'psychologist'] },
    });
    expect(await screen.findByTestId('one-time-code')).toHaveTextContent('AB12-CD34-EF56-GH78');
    const row = screen.getAllByTestId('staff-row').find((r) => r.dataset.username === 'bilal')!;
    expect(within(row).getByTestId('staff-roles')).toHaveTextContent('Reception, Psychologist (waiting for confirmation)');
    expect(within(row).getByTestId('staff-waiting-for-password')).toBeInTheDocument();
    await user.click(screen.getByTestId('one-time-code-done'));
    expect(screen.queryByTestId('one-time-code')).toBeNull();
    expect(await screen.findByTestId('staff-form')).toBeInTheDocument();
  });

  it('does not offer clinical roles on the administrator’s own account', async () => {
    const user = userEvent.setup();
    mockCommands({ list_staff: () => [member({}), member({ id: 2, username: 'sana', full_name: 'Sana Malik', roles: ['reception'] })], list_role_grants: () => [] });
    inSession(admin, <StaffScreen />);
    await user.click(await screen.findByTestId('staff-edit-1'));
    expect(screen.getByTestId('staff-role-reception')).toBeInTheDocument();
    for (const r of ['physiotherapist', 'psychologist', 'pharmacist', 'privacy_officer']) {
      expect(screen.queryByTestId(`staff-role-${r}`), r).toBeNull();
    }
    await user.click(screen.getByTestId('staff-edit-2'));
    expect(screen.getByTestId('staff-role-psychologist')).toBeInTheDocument();
  });

  it('resets a password into a one-time code, never a typed password', async () => {
    const user = userEvent.setup();
    mockCommands({
      list_staff: () => [member({}), member({ id: 2, username: 'sana', full_name: 'Sana Malik', roles: ['reception'] })],
      list_role_grants: () => [],
      reset_staff_password: () => CODE,
    });
    inSession(admin, <StaffScreen />);
    await user.click(await screen.findByTestId('staff-reset-2'));
    expect(screen.getByTestId('staff-reset-form')).toHaveTextContent('stops working');
    await user.click(screen.getByTestId('staff-reset-submit'));
    expect(calls('reset_staff_password')).toEqual([{ token: 'tok-1', id: 2 }]);
    expect(await screen.findByTestId('one-time-code')).toHaveTextContent(CODE.code);
    await user.click(screen.getByTestId('one-time-code-done'));
    expect(await screen.findByTestId('staff-notice')).toHaveTextContent('Sana Malik');
  });
});

const privacy: Me = {
  id: 6,
  username: 'nadia',
  full_name: 'Nadia Hussain',
  roles: ['privacy_officer'],
  language: 'en',
  permissions: ['confirm_role_grants', 'view_audit_trail'],
};

describe('role changes waiting for a second person', () => {
  it('lets the privacy officer confirm, and asks a reason to decline', async () => {
    const user = userEvent.setup();
    let list = [grant({}), grant({ id: 8, staff_name: 'Omar Farooq', username: 'omar', may_decide: false })];
    mockCommands({
      list_role_grants: () => list,
      confirm_role_grant: (a) => {
        const g = grant({ id: a.id as number, state: 'confirmed', decided_by: 'Nadia Hussain' });
        list = [g, list[1]!];
        return g;
      },
      decline_role_grant: (a) => {
        if (!String(a.reason).trim()) throw { kind: 'validation', message: 'The reason is required.', field: 'reason' };
        return grant({ state: 'declined' });
      },
    });
    inSession(privacy, <RoleGrantsPanel standalone />);
    expect(await screen.findByTestId('grant-confirm-7')).toBeEnabled();
    expect(screen.queryByTestId('grant-confirm-8')).toBeNull();
    await user.click(screen.getByTestId('grant-decline-7'));
    await user.click(screen.getByTestId('grant-decline-submit'));
    expect(await screen.findByTestId('grant-decline-reason-error')).toHaveTextContent('The reason is required.');
    await user.click(screen.getByTestId('grant-decline-cancel'));
    await user.click(screen.getByTestId('grant-confirm-7'));
    expect(calls('confirm_role_grant')).toEqual([{ token: 'tok-1', id: 7 }]);
    expect(await screen.findByTestId('grants-notice')).toHaveTextContent('Psychologist of Bilal Ahmed was confirmed');
    await waitFor(() =>
      expect(screen.getAllByTestId('grant-row').find((r) => r.dataset.state === 'confirmed')).toBeDefined(),
    );
  });

  it('waits for the person’s own password, and offers the recovery key only for the only privacy officer', async () => {
    const user = userEvent.setup();
    mockCommands({
      list_role_grants: () => [
        grant({ id: 9, role: 'privacy_officer', may_decide: false, recovery_key_confirms: true, waiting_for_password: false }),
        grant({ id: 10, may_decide: true, waiting_for_password: true }),
      ],
      confirm_role_grant_with_recovery_key: () => {
        throw { kind: 'validation', message: 'This is not this clinic’s recovery key.', field: 'recovery_key' };
      },
    });
    inSession({ ...admin, permissions: [...admin.permissions, 'confirm_role_grants'] }, <RoleGrantsPanel standalone />);
    expect(await screen.findByTestId('grant-confirm-10')).toBeDisabled();
    await user.click(screen.getByTestId('grant-key-9'));
    await user.type(screen.getByTestId('grant-recovery-key'), 'AAAA-BBBB');
    await user.click(screen.getByTestId('grant-key-submit'));
    expect(await screen.findByTestId('grant-recovery-key-error')).toHaveTextContent('not this clinic’s recovery key');
    expect(calls('confirm_role_grant_with_recovery_key')).toEqual([{ token: 'tok-1', id: 9, recoveryKey: 'AAAA-BBBB' }]);
  });
});
