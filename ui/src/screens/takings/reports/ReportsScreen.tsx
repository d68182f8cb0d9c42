import '../takings.css';
import { useI18n } from '../../../i18n/context';
import { AgedBalances } from './AgedBalances';
import { RevenueReport } from './RevenueReport';
import { TakingsReport } from './TakingsReport';

/**
 * The administrator's money reports (ViewTakings): takings by day, cashier and method
 * with the closed days; a month's revenue with its chart; balances by age. Loaded the
 * first time it is opened.
 */
export default function ReportsScreen() {
  const { t } = useI18n();
  return (
    <div className="stack" data-testid="reports-screen">
      <h1>{t('reports.title')}</h1>
      <TakingsReport />
      <RevenueReport />
      <AgedBalances />
    </div>
  );
}
