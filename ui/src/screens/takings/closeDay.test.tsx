import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DayClosing } from '../../bindings/DayClosing';
import type { DayTakings } from '../../bindings/DayTakings';
import type { MethodTakings } from '../../bindings/MethodTakings';
import { SessionContext } from '../../session';
import { billingDeskSession } from '../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { clinicToday } from '../../time';
import { CloseDayScreen } from './CloseDayScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const TODAY = clinicToday();

const methods = (cashPaid: number, cashRefunded = 0): MethodTakings[] => [
  { method: 'cash', payments: 3, paid_paisa: cashPaid, refunds: cashRefunded ? 1 : 0, refunded_paisa: cashRefunded },
  { method: 'card', payments: 1, paid_paisa: 400_000, refunds: 0, refunded_paisa: 0 },
  { method: 'bank_transfer', payments: 0, paid_paisa: 0, refunds: 0, refunded_paisa: 0 },
  { method: 'jazzcash', payments: 0, paid_paisa: 0, refunds: 0, refunded_paisa: 0 },
  { method: 'easypaisa', payments: 0, paid_paisa: 0, refunds: 0, refunded_paisa: 0 },
];

const takings = (closingId: number | null = null): DayTakings => ({
  cashier_id: 2,
  day: TODAY,
  methods: methods(1_300_000, 50_000),
  expected_cash_paisa: 1_250_000,
  closing_id: closingId,
});

const closing = (extra: Partial<DayClosing> = {}): DayClosing => ({
  id: 7,
  cashier_id: 2,
  cashier_name: 'Sana Reception',
  day: TODAY,
  workstation: 'FRONT-DESK',
  expected_cash_paisa: 1_250_000,
  counted_cash_paisa: 1_200_000,
  difference_paisa: -50_000,
  note: 'Change given twice',
  closed_at: '2026-12-03T13:00:00Z',
  methods: methods(1_300_000, 50_000),
  ...extra,
});

function renderScreen(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({ day_takings: () => takings(), day_closings: () => [], ...extra });
  return renderUi(
    <SessionContext.Provider value={billingDeskSession}>
      <CloseDayScreen />
    </SessionContext.Provider>,
  );
}

describe('closing the day', () => {
  it('shows what each method took and the cash expected, and the difference while the count is typed', async () => {
    const user = userEvent.setup({ delay: null });
    renderScreen();
    expect(await screen.findByTestId('close-methods-net-cash')).toHaveTextContent('PKR 12,500.00');
    expect(screen.getByTestId('close-methods-net-card')).toHaveTextContent('PKR 4,000.00');
    expect(screen.getByTestId('close-expected')).toHaveTextContent('Cash expected in the drawer: PKR 12,500.00');
    const counted = screen.getByTestId('close-counted');
    const difference = screen.getByTestId('close-difference');
    await user.type(counted, '12,000');
    expect(difference).toHaveTextContent('PKR 500.00 less than expected.');
    expect(difference).toHaveAttribute('data-paisa', '-50000');
    await user.clear(counted);
    await user.type(counted, '12600.50');
    expect(difference).toHaveTextContent('PKR 100.50 more than expected.');
    await user.clear(counted);
    await user.type(counted, '12,500');
    expect(difference).toHaveTextContent('The count matches what was expected.');
    await user.type(counted, 'x');
    expect(difference).toHaveTextContent('This is not an amount yet.');
    expect(calls('day_takings')).toEqual([{ token: 'tok-1', day: TODAY }]);
  });

  it('needs a note when the count differs, then closes the day and saves its Z report', async () => {
    const user = userEvent.setup({ delay: null });
    let closed = false;
    renderScreen({
      day_takings: () => takings(closed ? 7 : null),
      day_closings: () => (closed ? [closing()] : []),
      close_day: () => {
        closed = true;
        return closing();
      },
      z_report_pdf: () => '/home/desk/Downloads/z-report-2026-12-03.pdf',
    });
    await user.type(await screen.findByTestId('close-counted'), '12,000');
    await user.click(screen.getByTestId('close-submit'));
    expect(screen.getByTestId('close-note-error')).toHaveTextContent('say why in a note');
    expect(calls('close_day')).toEqual([]);
    await user.type(screen.getByTestId('close-note'), 'Change given twice');
    expect(screen.queryByTestId('close-note-error')).toBeNull();
    await user.click(screen.getByTestId('close-submit'));
    expect(await screen.findByTestId('close-done')).toHaveTextContent('is closed. Difference: -PKR 500.00.');
    expect(calls('close_day')).toEqual([{ token: 'tok-1', req: { day: TODAY, counted_cash: '12,000', note: 'Change given twice' } }]);
    const row = await screen.findByTestId('closing-row');
    expect(row).toHaveTextContent('Change given twice');
    await user.click(screen.getByTestId('close-z-report'));
    expect(await screen.findByTestId('z-report-path')).toHaveTextContent('z-report-2026-12-03.pdf');
    expect(calls('z_report_pdf')).toEqual([{ token: 'tok-1', closingId: 7 }]);
  });

  it('closes without a note when the count matches', async () => {
    const user = userEvent.setup({ delay: null });
    renderScreen({ close_day: () => closing({ counted_cash_paisa: 1_250_000, difference_paisa: 0, note: null }) });
    await user.type(await screen.findByTestId('close-counted'), '12500');
    await user.click(screen.getByTestId('close-submit'));
    await screen.findByTestId('close-done');
    expect(calls('close_day')).toEqual([{ token: 'tok-1', req: { day: TODAY, counted_cash: '12500', note: null } }]);
  });

  it("shows the service's refusals next to the field they name", async () => {
    const user = userEvent.setup({ delay: null });
    let tries = 0;
    renderScreen({
      close_day: () => {
        tries += 1;
        if (tries === 1) throw { kind: 'validation', message: 'The counted cash has more than two decimals.', field: 'counted_cash' };
        throw { kind: 'conflict', message: 'You have already closed this day. A closed day is not closed again.', field: 'day' };
      },
    });
    await user.type(await screen.findByTestId('close-counted'), '12500');
    await user.click(screen.getByTestId('close-submit'));
    expect(await screen.findByTestId('close-counted-error')).toHaveTextContent('more than two decimals');
    await user.click(screen.getByTestId('close-submit'));
    expect(await screen.findByTestId('close-day-error')).toHaveTextContent('already closed');
    expect(screen.queryByTestId('close-counted-error')).toBeNull();
  });

  it('shows a closed day without the form, lists the closed days and prints any Z report', async () => {
    const user = userEvent.setup({ delay: null });
    renderScreen({
      day_takings: () => takings(7),
      day_closings: () => [closing({ id: 6, day: '2026-12-01', difference_paisa: 0, note: null }), closing()],
      z_report_pdf: () => {
        throw { kind: 'forbidden', message: 'A cashier prints the Z report of their own days only.' };
      },
    });
    expect(await screen.findByTestId('close-done')).toBeInTheDocument();
    expect(screen.queryByTestId('close-day-form')).toBeNull();
    const rows = screen.getAllByTestId('closing-row');
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['7', '6']);
    // A cashier's own list names no cashier.
    expect(within(screen.getByTestId('closings')).queryByText('Cashier')).toBeNull();
    await user.click(screen.getByTestId('closing-z-6'));
    expect(await screen.findByTestId('z-report-error')).toHaveTextContent('their own days only');
    await waitFor(() => expect(calls('z_report_pdf')).toEqual([{ token: 'tok-1', closingId: 6 }]));
  });

  it('reads a day closed before the list reaches on its own, for its Z report', async () => {
    const user = userEvent.setup({ delay: null });
    const old = closing({ id: 3, day: '2026-01-15' });
    renderScreen({
      day_takings: (a) => (a.day === '2026-01-15' ? { ...takings(3), day: '2026-01-15' } : takings()),
      day_closings: (a) => (a.from === '2026-01-15' ? [old] : []),
      z_report_pdf: () => '/home/desk/Downloads/z-report-2026-01-15.pdf',
    });
    const day = await screen.findByTestId('close-day');
    expect(await screen.findByTestId('close-day-form')).toBeInTheDocument();
    await user.clear(day);
    await user.type(day, '2026-01-15');
    await user.click(await screen.findByTestId('close-z-report'));
    expect(await screen.findByTestId('z-report-path')).toHaveTextContent('z-report-2026-01-15.pdf');
    expect(calls('z_report_pdf')).toEqual([{ token: 'tok-1', closingId: 3 }]);
    expect(calls('day_closings')).toContainEqual({ token: 'tok-1', from: '2026-01-15', to: '2026-01-15' });
  });
});
