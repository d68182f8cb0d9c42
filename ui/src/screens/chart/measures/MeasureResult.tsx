import type { InstrumentInfo } from '../../../bindings/InstrumentInfo';
import type { Measure } from '../../../bindings/Measure';
import { useI18n } from '../../../i18n/context';
import { bandLabel } from './bands';

/** What a saved form came to: the score, its band, and the risk flag when item 9 says so. */
export function MeasureResult({ measure, info }: { measure: Measure; info: InstrumentInfo | undefined }) {
  const { t } = useI18n();
  return (
    <div
      className={measure.risk ? 'banner banner-error measure-result' : 'banner banner-success measure-result'}
      role={measure.risk ? 'alert' : 'status'}
      data-testid="measure-result"
      data-total={measure.total}
      data-band={measure.band ?? ''}
      data-risk={measure.risk}
    >
      <p>
        <strong>{info?.name ?? measure.instrument}</strong>{' '}
        {t('measure.total', { total: measure.total, max: info?.max ?? '' })}
        {measure.band ? <> · {t('measure.band', { band: bandLabel(t, measure.band) })}</> : null}
      </p>
      {measure.risk ? (
        <p className="risk-flag" data-testid="measure-risk">
          <strong>{t('risk.title')}</strong> {t('measure.riskRaised')}
        </p>
      ) : null}
    </div>
  );
}
