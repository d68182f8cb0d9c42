import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRow } from '../../bindings/AuditRow';
import { SessionContext, type Session } from '../../session';
import { admin, invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { AuditScreen } from './AuditScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const row = (seq: number, action: string, summary: string): AuditRow => ({
  seq,
  at: '2030-01-15T04:30:00Z',
  staff_id: 5,
  staff_name: 'Dr Bilal Ahmed',
  workstation: 'ROOM-2',
  action,
  entity: 'note',
  entity_id: String(seq),
  patient_id: 21,
  summary,
});

describe('the audit trail', () => {
  it('makes emergency access and overrides stand out', async () => {
    mockCommands({
      list_audit: () => ({
        rows: [
          row(3, 'emergency_access', 'note viewed under emergency access'),
          row(2, 'override', 'allergy 4'),
          row(1, 'view', 'notes listed'),
        ],
        next_before: null,
      }),
    });
    const session = { token: 'tok-1', me: { ...admin, permissions: ['view_audit_trail'] }, can: (p: string) => p === 'view_audit_trail' } as unknown as Session;
    renderUi(
      <SessionContext.Provider value={session}>
        <AuditScreen />
      </SessionContext.Provider>,
    );
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows[0]).toHaveClass('audit-emergency-row');
    expect(within(rows[0]!).getByTestId('audit-emergency')).toHaveTextContent('EMERGENCY');
    expect(rows[1]).toHaveClass('audit-override-row');
    expect(within(rows[1]!).getByTestId('audit-override')).toHaveTextContent('OVERRIDE');
    expect(rows[2]).not.toHaveClass('audit-emergency-row');
    expect(within(rows[2]!).queryByTestId('audit-emergency')).not.toBeInTheDocument();
  });
});

describe('verifying the trail', () => {
  const verifier = { ...admin, permissions: ['view_audit_trail', 'verify_audit_trail'] };
  const session = { token: 'tok-1', me: verifier, can: () => true } as unknown as Session;
  const restore = '#41 at 2026-12-03T17:00:00Z: restored from the backup of 2026-12-03T14:00:00Z, replacing a store whose newest entry was #48 ab12';

  it('lists the restores the trail records beneath a verification that passed', async () => {
    const user = userEvent.setup();
    let ok = true;
    mockCommands({
      list_audit: () => ({ rows: [row(1, 'backup_restored', 'restored')], next_before: null }),
      list_staff: () => [],
      verify_audit: () => ({ ok, entries_checked: 60, first_bad_seq: ok ? null : 12, problem: ok ? null : 'Entry 12 does not match.', restores: [restore] }),
    });
    renderUi(
      <SessionContext.Provider value={session}>
        <AuditScreen />
      </SessionContext.Provider>,
    );
    await user.click(await screen.findByTestId('audit-verify'));
    expect(await screen.findByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');
    const restores = screen.getAllByTestId('audit-verify-restore');
    expect(restores).toHaveLength(1);
    expect(restores[0]).toHaveTextContent(restore);
    expect(screen.getByTestId('audit-verify-restores')).toHaveTextContent('Restores recorded in the trail');

    // A failed verification shows the failure, not a list that would read as reassurance.
    ok = false;
    await user.click(screen.getByTestId('audit-verify'));
    await waitFor(() => expect(screen.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'false'));
    expect(screen.queryByTestId('audit-verify-restores')).not.toBeInTheDocument();
  });

  it('shows no restores section when the trail records none', async () => {
    const user = userEvent.setup();
    mockCommands({
      list_audit: () => ({ rows: [], next_before: null }),
      list_staff: () => [],
      verify_audit: () => ({ ok: true, entries_checked: 3, first_bad_seq: null, problem: null, restores: [] }),
    });
    renderUi(
      <SessionContext.Provider value={session}>
        <AuditScreen />
      </SessionContext.Provider>,
    );
    await user.click(await screen.findByTestId('audit-verify'));
    expect(await screen.findByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');
    expect(screen.queryByTestId('audit-verify-restores')).not.toBeInTheDocument();
  });
});
