import { screen, within } from '@testing-library/react';
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
