import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../bindings/Me';
import type { ReviewItem } from '../../bindings/ReviewItem';
import type { ReviewProgress } from '../../bindings/ReviewProgress';
import { SessionContext, type Session } from '../../session';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { RetentionReview } from './RetentionReview';
import { RetentionRules } from './RetentionRules';

// A stand-in for Tauri's Channel: the test sends what the Rust side would.
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  Channel: class {
    onmessage: (m: unknown) => void = () => {};
  },
}));

beforeEach(() => {
  invokeMock.mockReset();
});

const me: Me = {
  id: 5,
  username: 'privacy',
  full_name: 'Nadia Hussain',
  roles: ['privacy_officer', 'administrator'],
  language: 'en',
  permissions: ['erase_records', 'edit_retention_rules'],
};
const session = { token: 'tok-1', me, can: () => true } as unknown as Session;
const inSession = (ui: React.ReactElement) => renderUi(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);
const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const item = (patient_id: number, full_name: string): ReviewItem => ({
  patient_id,
  mrn: `AH-0000${patient_id}`,
  full_name,
  due: ['clinical_notes', 'appointments'],
  whole_record: true,
});

describe('retention review', () => {
  it('states the count before erasing, and fills the progress bar from the channel', async () => {
    const user = userEvent.setup();
    let send: ((p: ReviewProgress) => void) | null = null;
    let finish: (r: unknown) => void = () => {};
    let list = [item(11, 'Old Patient One'), item(12, 'Old Patient Two'), item(13, 'Old Patient Three')];
    const onDueCount = vi.fn();
    mockCommands({
      retention_review: () => list,
      process_retention_review: (a) => {
        send = (a.progress as { onmessage: (p: ReviewProgress) => void }).onmessage;
        return new Promise((resolve) => {
          finish = resolve;
        });
      },
    });
    inSession(<RetentionReview onDueCount={onDueCount} />);
    await screen.findAllByTestId('retention-row');
    expect(onDueCount).toHaveBeenLastCalledWith(3);
    expect(screen.getByTestId('retention-erase')).toBeDisabled();
    await user.click(screen.getByTestId('retention-pick-11'));
    await user.click(screen.getByTestId('retention-pick-13'));
    await user.click(screen.getByTestId('retention-erase'));
    expect(screen.getByTestId('retention-confirm')).toHaveTextContent('Erase the due records of 2 patients? This cannot be undone.');
    // Cancelling sends nothing.
    await user.click(screen.getByTestId('retention-confirm-no'));
    expect(calls('process_retention_review')).toHaveLength(0);

    await user.click(screen.getByTestId('retention-erase'));
    await user.click(screen.getByTestId('retention-confirm-yes'));
    await waitFor(() => expect(calls('process_retention_review')).toHaveLength(1));
    expect(calls('process_retention_review')[0]).toMatchObject({
      token: 'tok-1',
      patientIds: [11, 13],
      action: 'erase',
      confirmCount: 2,
    });
    const bar = screen.getByTestId('retention-progress');
    expect(bar).toHaveAttribute('data-done', '0');
    act(() => send?.({ done: 1, total: 2, patient_id: 11, problem: null }));
    expect(bar).toHaveAttribute('data-done', '1');
    expect(bar).toHaveAttribute('value', '1');
    act(() => send?.({ done: 2, total: 2, patient_id: 13, problem: 'A deletion request for this patient is still open.' }));
    expect(bar).toHaveAttribute('data-done', '2');
    expect(screen.getByTestId('retention-problems')).toHaveTextContent('Old Patient Three: A deletion request');

    list = [item(12, 'Old Patient Two')];
    await act(async () => finish({ processed: 1, skipped: 1 }));
    expect(await screen.findByTestId('retention-result')).toHaveTextContent('1 done, 1 skipped');
    await waitFor(() => expect(onDueCount).toHaveBeenLastCalledWith(1));
  });

  it('asks about anonymising with the count too', async () => {
    const user = userEvent.setup();
    mockCommands({ retention_review: () => [item(11, 'A'), item(12, 'B')] });
    inSession(<RetentionReview />);
    await user.click(await screen.findByTestId('retention-all'));
    await user.click(screen.getByTestId('retention-anonymise'));
    expect(screen.getByTestId('retention-confirm')).toHaveTextContent('Anonymise 2 patients?');
    expect(screen.getByTestId('retention-confirm')).toHaveTextContent('cannot be undone');
  });
});

describe('retention rules', () => {
  it('saves a rule as numbers and shows a server error by its field', async () => {
    const user = userEvent.setup();
    const rules = [
      { kind: 'clinical_notes', period_years: 7, period_months: 0, counted_from: 'last_visit_or_adulthood', updated_at: '2030-01-01T00:00:00Z', updated_by_name: null },
      { kind: 'audit_trail', period_years: 0, period_months: 0, counted_from: 'kept_always', updated_at: '2030-01-01T00:00:00Z', updated_by_name: null },
    ];
    mockCommands({
      retention_rules: () => rules,
      set_retention_rule: (a) => {
        const r = a.rule as { period_months: number };
        if (r.period_months > 11) throw { kind: 'validation', field: 'period_months', message: 'Months must be between 0 and 11.' };
        return rules;
      },
    });
    inSession(<RetentionRules />);
    expect(await screen.findByTestId('rule-audit_trail-fixed')).toBeInTheDocument();
    await user.clear(screen.getByTestId('rule-clinical_notes-years'));
    await user.type(screen.getByTestId('rule-clinical_notes-years'), '10');
    await user.clear(screen.getByTestId('rule-clinical_notes-months'));
    await user.type(screen.getByTestId('rule-clinical_notes-months'), '14');
    await user.click(screen.getByTestId('rule-clinical_notes-save'));
    expect(await screen.findByTestId('rule-clinical_notes-months-error')).toHaveTextContent('between 0 and 11');
    expect(calls('set_retention_rule')[0]).toEqual({
      token: 'tok-1',
      rule: { kind: 'clinical_notes', period_years: 10, period_months: 14, counted_from: 'last_visit_or_adulthood' },
    });
    expect(screen.getByTestId('rule-clinical_notes-years')).toHaveValue('10');
  });
});

describe('backups and erasure (policy 8)', () => {
  it('says by when a patient erased today is gone from the backups', async () => {
    mockCommands({
      retention_rules: () => [],
      backup_reach: () => ({ max_age_days: 365, erased_today_gone_by: '2027-12-03' }),
    });
    inSession(<RetentionRules />);
    const note = await screen.findByTestId('backup-reach');
    expect(note.textContent).toContain('365 days');
    expect(note.textContent).toContain('2027');
    expect(calls('backup_reach')).toEqual([{ token: 'tok-1' }]);
  });
});
