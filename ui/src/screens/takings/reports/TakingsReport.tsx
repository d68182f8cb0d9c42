import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../../api';
import type { DayClosing } from '../../../bindings/DayClosing';
import type { TakingsRow } from '../../../bindings/TakingsRow';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { isMessageKey } from '../../../i18n/translate';
import { useSession } from '../../../session';
import { clinicToday, formatDay } from '../../../time';
import { Money } from '../../billing/Money';
import { ClosingsTable } from '../ClosingsTable';
import { ZReportNotice } from '../ZReportNotice';
import { useZReport } from '../useZReport';
import { SavedPath } from './SavedPath';
import { useReportAction } from './useReportAction';

/**
 * Takings per day, cashier and method over a span of days, with every cashier's
 * closed days in the same span; exported as CSV.
 */
export function TakingsReport() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const today = clinicToday();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [rows, setRows] = useState<TakingsRow[] | null>(null);
  const [closings, setClosings] = useState<DayClosing[]>([]);
  const [path, setPath] = useState<string | null>(null);
  const { err, running, run } = useReportAction(['from', 'to']);
  const z = useZReport();

  const show = () =>
    run('show', async () => {
      const [r, c] = await Promise.all([api.takingsReport(token, from.trim(), to.trim()), api.dayClosings(token, from.trim(), to.trim())]);
      setRows(r);
      setClosings([...c].reverse());
    });

  useEffect(() => {
    // The month so far is shown on opening; other spans when asked.
    void show();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on opening
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void show();
  };
  const method = (m: string) => {
    const key = `bill.method.${m}`;
    return isMessageKey(key) ? t(key) : m;
  };
  const total = rows?.reduce((s, r) => s + r.paid_paisa - r.refunded_paisa, 0) ?? 0;

  return (
    <section className="stack" aria-labelledby="takings-report-title" data-testid="takings-report">
      <h2 id="takings-report-title">{t('reports.takings')}</h2>
      <form className="report-controls" onSubmit={onSubmit} noValidate>
        <Field
          id="takings-from"
          label={t('reports.from')}
          hint={t('common.dayHint')}
          dir="ltr"
          autoComplete="off"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          error={err.fieldError('from')}
        />
        <Field
          id="takings-to"
          label={t('reports.to')}
          hint={t('common.dayHint')}
          dir="ltr"
          autoComplete="off"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={err.fieldError('to')}
        />
        <div className="actions">
          <Button type="submit" variant="primary" busy={running === 'show'} testId="takings-show">
            {t('reports.show')}
          </Button>
          <Button
            testId="takings-export"
            busy={running === 'export'}
            onClick={() =>
              void run('export', async () => {
                setPath(null);
                setPath(await api.exportTakingsCsv(token, from.trim(), to.trim()));
              })
            }
          >
            {t('reports.exportCsv')}
          </Button>
        </div>
      </form>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <SavedPath path={path} testId="takings-export" />
      {rows === null ? null : rows.length === 0 ? (
        <p className="muted" data-testid="takings-none">
          {t('reports.noTakings')}
        </p>
      ) : (
        <Table
          caption={t('reports.takings')}
          testId="takings-rows"
          head={[t('takings.day'), t('takings.cashier'), t('bill.method'), t('takings.payments'), t('takings.paid'), t('takings.refunds'), t('takings.refunded'), t('takings.net')]}
        >
          {rows.map((r) => (
            <tr key={`${r.day}-${r.cashier_id}-${r.method}`} data-testid="takings-row" data-method={r.method}>
              <td className="nowrap">{formatDay(r.day, lang)}</td>
              <td>{r.cashier_name}</td>
              <td>{method(r.method)}</td>
              <td className="num">{r.payments}</td>
              <td className="num">
                <Money paisa={r.paid_paisa} />
              </td>
              <td className="num">{r.refunds}</td>
              <td className="num">
                <Money paisa={r.refunded_paisa} />
              </td>
              <td className="num">
                <Money paisa={r.paid_paisa - r.refunded_paisa} />
              </td>
            </tr>
          ))}
          <tr className="total-row">
            <th scope="row" colSpan={7}>
              {t('reports.totalNet')}
            </th>
            <td className="num">
              <Money paisa={total} testId="takings-total" />
            </td>
          </tr>
        </Table>
      )}
      <h3>{t('takings.closings')}</h3>
      <ZReportNotice path={z.path} error={z.error} />
      {closings.length === 0 ? (
        <p className="muted">{t('reports.noClosings')}</p>
      ) : (
        <ClosingsTable closings={closings} withCashier onZReport={(c) => void z.save(c.id)} busyId={z.busyId} />
      )}
    </section>
  );
}
