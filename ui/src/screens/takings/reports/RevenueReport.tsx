import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../../api';
import type { MonthlyRevenue } from '../../../bindings/MonthlyRevenue';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { clinicToday } from '../../../time';
import { Money, MoneyText } from '../../billing/Money';
import { REVENUE_BY, revenueLabel, rowsBy, type RevenueBy } from './revenueRows';
import { SavedPath } from './SavedPath';
import { useReportAction } from './useReportAction';

// Chart.js is loaded the first time a month with revenue is shown, and only here.
const RevenueChart = lazy(() => import('./RevenueChart'));

/** A month's invoiced revenue by practitioner, service or discipline, as a chart and a table; exported as CSV. */
export function RevenueReport() {
  const { t } = useI18n();
  const { token } = useSession();
  const [month, setMonth] = useState(clinicToday().slice(0, 7));
  const [by, setBy] = useState<RevenueBy>('practitioner');
  const [report, setReport] = useState<MonthlyRevenue | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const { err, running, run } = useReportAction(['month']);

  const show = () => run('show', async () => setReport(await api.monthlyRevenue(token, month.trim())));
  useEffect(() => {
    void show();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on opening
  }, []);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void show();
  };
  const rows = report ? rowsBy(report, by) : [];
  const labels = rows.map((r) => revenueLabel(r.label, by, t));

  return (
    <section className="stack" aria-labelledby="revenue-title" data-testid="revenue-report">
      <h2 id="revenue-title">{t('reports.revenue')}</h2>
      <form className="report-controls" onSubmit={onSubmit} noValidate>
        <Field
          id="revenue-month"
          label={t('reports.month')}
          hint={t('reports.monthHint')}
          dir="ltr"
          autoComplete="off"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          error={err.fieldError('month')}
        />
        <SelectField id="revenue-by" label={t('reports.by')} value={by} onChange={(e) => setBy(e.target.value as RevenueBy)}>
          {REVENUE_BY.map((b) => (
            <option key={b} value={b}>
              {t(`reports.by.${b}`)}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <Button type="submit" variant="primary" busy={running === 'show'} testId="revenue-show">
            {t('reports.show')}
          </Button>
          <Button
            testId="revenue-export"
            busy={running === 'export'}
            onClick={() =>
              void run('export', async () => {
                setPath(null);
                setPath(await api.exportMonthlyRevenueCsv(token, month.trim()));
              })
            }
          >
            {t('reports.exportCsv')}
          </Button>
        </div>
      </form>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <SavedPath path={path} testId="revenue-export" />
      {report ? (
        <>
          <p data-testid="revenue-totals">
            <MoneyText text={t('reports.invoiced')} paisa={report.invoiced_paisa} testId="revenue-invoiced" />{' '}
            <MoneyText text={t('reports.credited')} paisa={report.credited_paisa} testId="revenue-credited" />{' '}
            <strong>
              <MoneyText text={t('reports.netRevenue')} paisa={report.net_paisa} testId="revenue-net" />
            </strong>
          </p>
          {rows.length === 0 ? (
            <p className="muted" data-testid="revenue-none">
              {t('reports.noRevenue')}
            </p>
          ) : (
            <>
              <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
                <div data-testid="revenue-chart" data-bars={rows.length}>
                  <RevenueChart labels={labels} paisa={rows.map((r) => r.revenue_paisa)} />
                </div>
              </Suspense>
              <Table caption={t('reports.revenue')} testId="revenue-rows" head={[t(`reports.by.${by}`), t('reports.lines'), t('reports.revenue')]}>
                {rows.map((r, i) => (
                  <tr key={r.label} data-testid="revenue-row">
                    <td>{labels[i]}</td>
                    <td className="num">{r.lines}</td>
                    <td className="num">
                      <Money paisa={r.revenue_paisa} />
                    </td>
                  </tr>
                ))}
              </Table>
            </>
          )}
        </>
      ) : null}
    </section>
  );
}
