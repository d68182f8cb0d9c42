import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import { useChart } from './ChartContext';

/**
 * A part of the record the back end refused: its own words in one calm line, and for
 * a clinician the way in for an emergency. Not an error: the rules worked.
 */
export function Refused({ message }: { message: string }) {
  const { t } = useI18n();
  const { offerEmergency, grant } = useChart();
  return (
    <div className="refused" data-testid="chart-refused" role="status">
      <p>{message || t('chart.refused')}</p>
      {offerEmergency && !grant ? (
        <Button variant="danger" testId="emergency-open" onClick={offerEmergency}>
          {t('emergency.open')}
        </Button>
      ) : null}
    </div>
  );
}
