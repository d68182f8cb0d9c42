import { act, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LetterTemplate } from '../../bindings/LetterTemplate';
import type { Me } from '../../bindings/Me';
import { SessionContext, type Session } from '../../session';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { DUE_COUNT_EVERY_MS, useRetentionDueCount } from '../shell/useRetentionDueCount';
import { RightsScreen } from './RightsScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), Channel: class {} }));

beforeEach(() => {
  invokeMock.mockReset();
});

const officer: Me = {
  id: 5,
  username: 'privacy',
  full_name: 'Nadia Hussain',
  roles: ['privacy_officer'],
  language: 'en',
  permissions: ['view_patients', 'manage_rights_requests', 'record_disclosures', 'erase_records', 'export_patient_data'],
};
const session = { token: 'tok-1', me: officer, can: (p: string) => (officer.permissions as string[]).includes(p) } as unknown as Session;
const inSession = (ui: React.ReactElement) => renderUi(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);
const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const letter = (kind: string, outcome: string, language: string, extra: Partial<LetterTemplate> = {}): LetterTemplate => ({
  kind,
  outcome,
  language,
  subject: `Your ${kind} request`,
  body: `Dear {requester_name}, about {patient_name}.`,
  updated_at: null,
  ...extra,
});

const seeded = (): LetterTemplate[] => [
  letter('deletion', 'refused', 'en'),
  letter('access', 'fulfilled', 'ur', { subject: 'آپ کی درخواست', body: 'محترم {requester_name}' }),
  letter('access', 'fulfilled', 'en'),
  letter('access', 'refused', 'en'),
];

const empty = { today: '2030-01-20', open: [], counts: [] };

/** The requests screen, then "Letters and settings". */
async function openLetters(user: ReturnType<typeof userEvent.setup>) {
  inSession(<RightsScreen />);
  await user.click(await screen.findByTestId('rights-letters'));
  return screen.findAllByTestId('letter-row');
}

describe('letters and settings', () => {
  it('lists the letters by kind, outcome and language, and saves an edited one with the right arguments', async () => {
    const user = userEvent.setup();
    let stored = seeded();
    mockCommands({
      rights_dashboard: () => empty,
      rights_letter_templates: () => stored,
      rights_due_days: () => 30,
      set_rights_letter_template: (a) => {
        const req = a.req as LetterTemplate;
        stored = stored.map((l) =>
          l.kind === req.kind && l.outcome === req.outcome && l.language === req.language
            ? { ...l, subject: req.subject, body: req.body, updated_at: '2030-01-20T06:00:00Z' }
            : l,
        );
        return stored;
      },
    });
    const rows = await openLetters(user);
    expect(rows.map((r) => `${r.dataset.kind}-${r.dataset.outcome}-${r.dataset.language}`)).toEqual([
      'access-fulfilled-en',
      'access-fulfilled-ur',
      'access-refused-en',
      'deletion-refused-en',
    ]);

    // Urdu letters are written right to left.
    await user.click(screen.getByTestId('letter-edit-access-fulfilled-ur'));
    expect(screen.getByTestId('letter-subject')).toHaveAttribute('dir', 'rtl');
    expect(screen.getByTestId('letter-body')).toHaveAttribute('dir', 'rtl');
    expect(screen.getByTestId('letter-body')).toHaveValue('محترم {requester_name}');

    await user.click(screen.getByTestId('letter-edit-access-refused-en'));
    expect(screen.getByTestId('letter-body')).toHaveAttribute('dir', 'ltr');
    // Every placeholder is listed beside the letter with what it means.
    const aside = screen.getByTestId('letter-placeholders');
    expect(within(aside).getByTestId('letter-placeholder-reason')).toHaveTextContent('{reason}');
    expect(within(aside).getByTestId('letter-placeholder-reason')).toHaveTextContent('Why it was refused');
    expect(within(aside).getAllByTestId(/^letter-placeholder-/)).toHaveLength(11);

    await user.clear(screen.getByTestId('letter-subject'));
    await user.type(screen.getByTestId('letter-subject'), 'About your request');
    await user.clear(screen.getByTestId('letter-body'));
    await user.type(screen.getByTestId('letter-body'), 'We cannot do it because {{reason}.');
    await user.click(screen.getByTestId('letter-save'));

    await waitFor(() => expect(calls('set_rights_letter_template')).toHaveLength(1));
    expect(calls('set_rights_letter_template')[0]).toEqual({
      token: 'tok-1',
      req: { kind: 'access', outcome: 'refused', language: 'en', subject: 'About your request', body: 'We cannot do it because {reason}.' },
    });
    expect(await screen.findByTestId('letter-notice')).toHaveTextContent('The letter is saved');
    expect(screen.queryByTestId('letter-unsaved')).not.toBeInTheDocument();
  });

  it('shows an unknown placeholder by its field and keeps what was typed, also in another letter', async () => {
    const user = userEvent.setup();
    mockCommands({
      rights_dashboard: () => empty,
      rights_letter_templates: () => seeded(),
      rights_due_days: () => 30,
      set_rights_letter_template: () => {
        throw {
          kind: 'validation',
          field: 'body',
          message: 'The letter uses {nmae} which the app does not know. Use {patient_name}, {reason}.',
        };
      },
    });
    await openLetters(user);
    await user.click(screen.getByTestId('letter-edit-access-fulfilled-en'));
    await user.clear(screen.getByTestId('letter-body'));
    await user.type(screen.getByTestId('letter-body'), 'Dear {{nmae}');
    await user.click(screen.getByTestId('letter-save'));

    expect(await screen.findByTestId('letter-body-error')).toHaveTextContent('{nmae}');
    expect(screen.getByTestId('letter-body')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('letter-subject-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('letter-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('letter-body')).toHaveValue('Dear {nmae}');
    expect(screen.queryByTestId('letter-notice')).not.toBeInTheDocument();

    // Opening another letter and coming back does not lose it either.
    await user.click(screen.getByTestId('letter-edit-deletion-refused-en'));
    expect(screen.getByTestId('letter-body')).toHaveValue('Dear {requester_name}, about {patient_name}.');
    expect(screen.getAllByTestId('letter-unsaved')).toHaveLength(1);
    await user.click(screen.getByTestId('letter-edit-access-fulfilled-en'));
    expect(screen.getByTestId('letter-body')).toHaveValue('Dear {nmae}');
  });

  it('saves the days to answer, and shows a refused number by its box', async () => {
    const user = userEvent.setup();
    mockCommands({
      rights_dashboard: () => empty,
      rights_letter_templates: () => seeded(),
      rights_due_days: () => 30,
      set_rights_due_days: (a) => {
        if ((a.days as number) > 90) {
          throw { kind: 'validation', field: 'rights_due_days', message: 'The time to answer must be between 1 and 90 days.' };
        }
        return a.days;
      },
    });
    await openLetters(user);
    const box = screen.getByTestId('rights-due-days');
    expect(box).toHaveValue('30');

    await user.clear(box);
    await user.type(box, '120');
    await user.click(screen.getByTestId('rights-due-days-save'));
    expect(await screen.findByTestId('rights-due-days-error')).toHaveTextContent('between 1 and 90');
    expect(box).toHaveValue('120');
    expect(screen.queryByTestId('rights-due-days-notice')).not.toBeInTheDocument();

    // Not a number: told here, nothing sent.
    await user.clear(box);
    await user.type(box, 'thirty');
    await user.click(screen.getByTestId('rights-due-days-save'));
    expect(await screen.findByTestId('rights-due-days-error')).toHaveTextContent('whole number');
    expect(calls('set_rights_due_days')).toHaveLength(1);

    await user.clear(box);
    await user.type(box, '21');
    await user.click(screen.getByTestId('rights-due-days-save'));
    expect(await screen.findByTestId('rights-due-days-notice')).toHaveTextContent('21 days');
    expect(calls('set_rights_due_days').at(-1)).toEqual({ token: 'tok-1', days: 21 });
    expect(screen.queryByTestId('rights-due-days-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('rights-due-days')).toHaveValue('21');
  });
});

describe('retention badge count', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is asked at once, again every hour, and when the window shows again', async () => {
    vi.useFakeTimers();
    let due = 2;
    mockCommands({ retention_due_count: () => due });
    const { result, unmount } = renderHook(() => useRetentionDueCount('tok-1', true));
    await act(async () => {
      await Promise.resolve();
    });
    expect(calls('retention_due_count')).toEqual([{ token: 'tok-1' }]);
    expect(result.current[0]).toBe(2);

    // Not before the hour.
    due = 3;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DUE_COUNT_EVERY_MS - 1000);
    });
    expect(calls('retention_due_count')).toHaveLength(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(calls('retention_due_count')).toHaveLength(2);
    expect(result.current[0]).toBe(3);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DUE_COUNT_EVERY_MS);
    });
    expect(calls('retention_due_count')).toHaveLength(3);

    // Hidden, then shown again: asked at once.
    due = 4;
    const visibility = vi.spyOn(document, 'visibilityState', 'get');
    visibility.mockReturnValue('hidden');
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
      await Promise.resolve();
    });
    expect(calls('retention_due_count')).toHaveLength(3);
    visibility.mockReturnValue('visible');
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
      await Promise.resolve();
    });
    expect(calls('retention_due_count')).toHaveLength(4);
    expect(result.current[0]).toBe(4);
    visibility.mockRestore();

    // Signed out: no more asking.
    unmount();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3 * DUE_COUNT_EVERY_MS);
    });
    expect(calls('retention_due_count')).toHaveLength(4);
  });

  it('is not asked without the permission', async () => {
    vi.useFakeTimers();
    mockCommands({ retention_due_count: () => 1 });
    renderHook(() => useRetentionDueCount('tok-1', false));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2 * DUE_COUNT_EVERY_MS);
    });
    expect(calls('retention_due_count')).toHaveLength(0);
  });
});
