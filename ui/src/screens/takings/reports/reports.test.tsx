import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MonthlyRevenue } from '../../../bindings/MonthlyRevenue';
import type { TakingsRow } from '../../../bindings/TakingsRow';
import type { Session } from '../../../session';
import { SessionContext } from '../../../session';
import { billingAdmin } from '../../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { clinicToday } from '../../../time';
import ReportsScreen from './ReportsScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
// The canvas cannot be drawn in jsdom: the chart's props are what is checked.
vi.mock('react-chartjs-2', () => ({
  Bar: (props: { data: { labels: string[]; datasets: { data: number[] }[] } }) => (
    <canvas data-testid="bar-chart" data-labels={props.data.labels.join('|')} data-values={props.data.datasets[0]?.data.join('|')} />
  ),
}));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const TODAY = clinicToday();
const adminSession = {
  token: 'tok-1',
  me: { ...billingAdmin, permissions: [...billingAdmin.permissions, 'view_takings'] },
  can: () => true,
} as unknown as Session;

const takingsRows: TakingsRow[] = [
  { day: '2026-12-01', cashier_id: 2, cashier_name: 'Sana Reception', method: 'cash', payments: 4, paid_paisa: 1_200_000, refunds: 1, refunded_paisa: 20_000 },
  { day: '2026-12-01', cashier_id: 5, cashier_name: 'Bilal Desk', method: 'jazzcash', payments: 1, paid_paisa: 300_000, refunds: 0, refunded_paisa: 0 },
];

const revenue: MonthlyRevenue = {
  month: TODAY.slice(0, 7),
  by_practitioner: [
    { label: 'Dr. Bilal Ahmed', lines: 6, revenue_paisa: 1_800_000 },
    { label: 'No appointment', lines: 2, revenue_paisa: 51_000 },
  ],
  by_service: [
    { label: 'Physiotherapy session', lines: 6, revenue_paisa: 1_800_000 },
    { label: 'Pharmacy items', lines: 2, revenue_paisa: 51_000 },
  ],
  by_discipline: [
    { label: 'physiotherapy', lines: 6, revenue_paisa: 1_800_000 },
    { label: 'pharmacy', lines: 2, revenue_paisa: 51_000 },
  ],
  invoiced_paisa: 1_851_000,
  credited_paisa: 10_000,
  net_paisa: 1_841_000,
};

function renderReports(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}, lang: 'en' | 'ur' = 'en') {
  mockCommands({
    takings_report: () => takingsRows,
    day_closings: () => [],
    monthly_revenue: () => revenue,
    aged_balances: () => [
      { label: '0–30', invoices: 3, outstanding_paisa: 450_000, outstanding_text: '' },
      { label: '31–60', invoices: 0, outstanding_paisa: 0, outstanding_text: '' },
      { label: '61–90', invoices: 1, outstanding_paisa: 100_000, outstanding_text: '' },
      { label: '90+', invoices: 2, outstanding_paisa: 250_000, outstanding_text: '' },
    ],
    ...extra,
  });
  return renderUi(
    <SessionContext.Provider value={adminSession}>
      <ReportsScreen />
    </SessionContext.Provider>,
    lang,
  );
}

describe('the money reports', () => {
  it("shows the month's takings so far by day, cashier and method, and exports them as CSV", async () => {
    const user = userEvent.setup({ delay: null });
    renderReports({ export_takings_csv: () => '/home/admin/Downloads/takings-2026-12-01-2026-12-03.csv' });
    const rows = await screen.findAllByTestId('takings-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Sana Reception');
    expect(rows[0]).toHaveTextContent('Cash');
    expect(rows[1]).toHaveTextContent('JazzCash');
    expect(screen.getByTestId('takings-total')).toHaveTextContent('PKR 14,800.00');
    expect(calls('takings_report')).toEqual([{ token: 'tok-1', from: `${TODAY.slice(0, 8)}01`, to: TODAY }]);
    await user.clear(screen.getByTestId('takings-from'));
    await user.type(screen.getByTestId('takings-from'), '2026-11-01');
    await user.click(screen.getByTestId('takings-export'));
    expect(await screen.findByTestId('takings-export-path')).toHaveTextContent('takings-2026-12-01-2026-12-03.csv');
    expect(calls('export_takings_csv')).toEqual([{ token: 'tok-1', from: '2026-11-01', to: TODAY }]);
  });

  it('shows a refused span next to the field it names', async () => {
    const user = userEvent.setup({ delay: null });
    renderReports({
      takings_report: (a) => {
        if (a.to === '2026-01-01') throw { kind: 'validation', message: 'The last day must be on or after the first.', field: 'to' };
        return takingsRows;
      },
    });
    await screen.findAllByTestId('takings-row');
    await user.clear(screen.getByTestId('takings-to'));
    await user.type(screen.getByTestId('takings-to'), '2026-01-01');
    await user.click(screen.getByTestId('takings-show'));
    expect(await screen.findByTestId('takings-to-error')).toHaveTextContent('on or after the first');
    expect(screen.queryByTestId('takings-from-error')).toBeNull();
  });

  it("charts the month's revenue by practitioner, service or discipline, in the desk's words, and exports it", async () => {
    const user = userEvent.setup({ delay: null });
    renderReports({ export_monthly_revenue_csv: () => '/home/admin/Downloads/revenue-2026-12.csv' });
    const chart = await screen.findByTestId('bar-chart');
    expect(chart).toHaveAttribute('data-labels', 'Dr. Bilal Ahmed|No appointment');
    expect(chart).toHaveAttribute('data-values', '18000|510');
    expect(screen.getByTestId('revenue-net')).toHaveTextContent('Net revenue: PKR 18,410.00.');
    await user.selectOptions(screen.getByTestId('revenue-by'), 'discipline');
    expect(screen.getByTestId('bar-chart')).toHaveAttribute('data-labels', 'Physiotherapy|Pharmacy');
    expect(within(screen.getByTestId('revenue-rows')).getAllByTestId('revenue-row')[1]).toHaveTextContent('PKR 510.00');
    await user.click(screen.getByTestId('revenue-export'));
    expect(await screen.findByTestId('revenue-export-path')).toHaveTextContent('revenue-2026-12.csv');
    expect(calls('export_monthly_revenue_csv')).toEqual([{ token: 'tok-1', month: TODAY.slice(0, 7) }]);
  });

  it('names the month field when the month is refused, and shows no chart for an empty month', async () => {
    const user = userEvent.setup({ delay: null });
    renderReports({
      monthly_revenue: (a) => {
        if (a.month === '2026-13') throw { kind: 'validation', message: 'Type the month as YYYY-MM.', field: 'month' };
        return { ...revenue, by_practitioner: [], by_service: [], by_discipline: [], invoiced_paisa: 0, credited_paisa: 0, net_paisa: 0 };
      },
    });
    expect(await screen.findByTestId('revenue-none')).toBeInTheDocument();
    expect(screen.queryByTestId('revenue-chart')).toBeNull();
    await user.clear(screen.getByTestId('revenue-month'));
    await user.type(screen.getByTestId('revenue-month'), '2026-13');
    await user.click(screen.getByTestId('revenue-show'));
    expect(await screen.findByTestId('revenue-month-error')).toHaveTextContent('YYYY-MM');
  });

  it('shows what is owed by age with its total, and exports it', async () => {
    const user = userEvent.setup({ delay: null });
    renderReports({ export_aged_balances_csv: () => '/home/admin/Downloads/balances-by-age.csv' });
    const rows = await screen.findAllByTestId('aged-row');
    expect(rows.map((r) => r.getAttribute('data-label'))).toEqual(['0–30', '31–60', '61–90', '90+']);
    expect(rows[3]).toHaveTextContent('90+ days');
    expect(screen.getByTestId('aged-total')).toHaveTextContent('PKR 8,000.00');
    await user.click(screen.getByTestId('aged-export'));
    expect(await screen.findByTestId('aged-export-path')).toHaveTextContent('balances-by-age.csv');
  });

  it("lists every cashier's closed days in the span, with their Z reports", async () => {
    const user = userEvent.setup({ delay: null });
    renderReports({
      day_closings: () => [
        { id: 4, cashier_id: 2, cashier_name: 'Sana Reception', day: '2026-12-01', workstation: 'DESK-1', expected_cash_paisa: 1_180_000, counted_cash_paisa: 1_180_000, difference_paisa: 0, note: null, closed_at: '2026-12-01T13:00:00Z', methods: [] },
      ],
      z_report_pdf: () => '/home/admin/Downloads/z-report.pdf',
    });
    const row = await screen.findByTestId('closing-row');
    expect(row).toHaveTextContent('Sana Reception');
    await user.click(screen.getByTestId('closing-z-4'));
    expect(await screen.findByTestId('z-report-path')).toHaveTextContent('z-report.pdf');
    await waitFor(() => expect(calls('day_closings')).toEqual([{ token: 'tok-1', from: `${TODAY.slice(0, 8)}01`, to: TODAY }]));
  });

  it('reads in Urdu', async () => {
    renderReports({}, 'ur');
    const chart = await screen.findByTestId('bar-chart');
    expect(chart).toHaveAttribute('data-labels', 'Dr. Bilal Ahmed|بغیر اپائنٹمنٹ');
    expect((await screen.findAllByTestId('aged-row'))[0]).toHaveTextContent('0–30 دن');
  });
});
