import { lazy, Suspense, useCallback, useState } from 'react';
import { api } from '../../../api';
import type { InstrumentInfo } from '../../../bindings/InstrumentInfo';
import type { Measure } from '../../../bindings/Measure';
import { Button } from '../../../components/Button';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDay } from '../../../time';
import { useChart } from '../ChartContext';
import { disciplinesOf } from '../clinician';
import { PartView } from '../PartView';
import { usePart } from '../usePart';
import { bandLabel } from './bands';
import { MeasureForm } from './MeasureForm';
import { MeasureResult } from './MeasureResult';

// Chart.js comes with the first chart, not with the app.
const MeasureChart = lazy(() => import('./MeasureChart'));

type Props = {
  /** The chart's risk flag may change with a new PHQ-9. */
  onRecorded: () => void;
  /** A measure to point at (a link from the timeline). */
  highlight?: number | undefined;
};

/** Outcome measures: entered item by item, each instrument's scores charted over time with its bands. */
export function MeasuresTab({ onRecorded, highlight }: Props) {
  const { t, lang } = useI18n();
  const { token, me } = useSession();
  const { patientId, openings } = useChart();
  const mine = disciplinesOf(me);
  const [entering, setEntering] = useState<InstrumentInfo | null>(null);
  const [last, setLast] = useState<Measure | null>(null);
  const [recorded, setRecorded] = useState(0);
  const loadInfo = useCallback(() => api.instrumentInfo(token), [token]);
  const instruments = usePart(loadInfo);
  const loadMeasures = useCallback(
    () => api.listMeasures(token, patientId, null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, patientId, openings, recorded],
  );
  const measures = usePart(loadMeasures);

  return (
    <PartView part={instruments.part} onRetry={instruments.reload}>
      {(infos) => {
        const writable = infos.filter((i) => mine.includes(i.discipline));
        const infoOf = (m: Measure) => infos.find((i) => i.instrument === m.instrument);
        return (
          <div className="stack" data-testid="measures">
            {writable.length > 0 && !entering ? (
              <div className="actions">
                {writable.map((i) => (
                  <Button
                    key={i.instrument}
                    testId={`measure-new-${i.instrument}`}
                    onClick={() => {
                      setLast(null);
                      setEntering(i);
                    }}
                  >
                    {t('measure.new', { name: i.name })}
                  </Button>
                ))}
              </div>
            ) : null}
            {last ? <MeasureResult measure={last} info={infoOf(last)} /> : null}
            {entering ? (
              <MeasureForm
                key={entering.instrument}
                info={entering}
                onCancel={() => setEntering(null)}
                onSaved={(m) => {
                  setLast(m);
                  setEntering(null);
                  setRecorded((n) => n + 1);
                  onRecorded();
                }}
              />
            ) : null}
            <PartView part={measures.part} onRetry={measures.reload}>
              {(list) => {
                const shown = infos.filter((i) => list.some((m) => m.instrument === i.instrument));
                if (shown.length === 0) {
                  return (
                    <p className="muted" data-testid="measures-empty">
                      {t('measure.none')}
                    </p>
                  );
                }
                return shown.map((info) => {
                  const own = list.filter((m) => m.instrument === info.instrument);
                  return (
                    <section key={info.instrument} className="card" aria-labelledby={`measure-title-${info.instrument}`}>
                      <h2 id={`measure-title-${info.instrument}`}>
                        {info.name} <span className="muted">{info.title}</span>
                      </h2>
                      <div
                        className="measure-chart"
                        data-testid={`measure-chart-${info.instrument}`}
                        data-points={own.length}
                        role="img"
                        aria-label={t('measure.chartLabel', { name: info.name, count: own.length })}
                      >
                        <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
                          <MeasureChart info={info} measures={own} />
                        </Suspense>
                      </div>
                      {info.note ? <p className="muted">{t('measure.psfs.noBands')}</p> : null}
                      <table className="measure-table">
                        <caption className="visually-hidden">{t('measure.tableCaption', { name: info.name })}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('measure.date')}</th>
                            <th scope="col">{t('measure.score')}</th>
                            <th scope="col">{t('measure.bandCol')}</th>
                            <th scope="col">{t('measure.by')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {own
                            .slice()
                            .sort((a, b) => b.taken_on.localeCompare(a.taken_on) || b.id - a.id)
                            .map((m) => (
                              <tr key={m.id} data-testid="measure-row" data-id={m.id} data-risk={m.risk} className={m.id === highlight ? 'active' : undefined}>
                                <td className="nowrap">{formatDay(m.taken_on, lang)}</td>
                                <td className="num">
                                  <span dir="ltr">
                                    {m.total} / {info.max}
                                  </span>
                                  {m.risk ? <span className="tag tag-amended"> {t('risk.tag')}</span> : null}
                                </td>
                                <td>{m.band ? bandLabel(t, m.band) : t('common.none')}</td>
                                <td>{m.recorded_by_name}</td>
                              </tr>
                            ))}
                        </tbody>
                      </table>
                    </section>
                  );
                });
              }}
            </PartView>
          </div>
        );
      }}
    </PartView>
  );
}
