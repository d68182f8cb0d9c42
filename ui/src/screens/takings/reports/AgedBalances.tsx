import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { AgeBucket } from '../../../bindings/AgeBucket';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { Money } from '../../billing/Money';
import { SavedPath } from './SavedPath';
import { useReportAction } from './useReportAction';

/** What is still owed on issued invoices, by how long ago they were issued; exported as CSV. */
export function AgedBalances() {
  const { t } = useI18n();
  const { token } = useSession();
  const [buckets, setBuckets] = useState<AgeBucket[] | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const { err, running, run } = useReportAction([]);

  useEffect(() => {
    void run('show', async () => setBuckets(await api.agedBalances(token)));
  }, [run, token]);
  const total = buckets?.reduce((s, b) => s + b.outstanding_paisa, 0) ?? 0;

  return (
    <section className="stack" aria-labelledby="aged-title" data-testid="aged-report">
      <h2 id="aged-title">{t('reports.aged')}</h2>
      <div className="actions">
        <Button
          testId="aged-export"
          busy={running === 'export'}
          onClick={() =>
            void run('export', async () => {
              setPath(null);
              setPath(await api.exportAgedBalancesCsv(token));
            })
          }
        >
          {t('reports.exportCsv')}
        </Button>
      </div>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <SavedPath path={path} testId="aged-export" />
      {buckets ? (
        <Table caption={t('reports.aged')} testId="aged-rows" head={[t('reports.age'), t('reports.invoices'), t('bill.outstanding')]}>
          {buckets.map((b) => (
            <tr key={b.label} data-testid="aged-row" data-label={b.label}>
              <td>{t('reports.ageDays', { range: b.label })}</td>
              <td className="num">{b.invoices}</td>
              <td className="num">
                <Money paisa={b.outstanding_paisa} />
              </td>
            </tr>
          ))}
          <tr className="total-row">
            <th scope="row" colSpan={2}>
              {t('reports.totalOwed')}
            </th>
            <td className="num">
              <Money paisa={total} testId="aged-total" />
            </td>
          </tr>
        </Table>
      ) : null}
    </section>
  );
}
