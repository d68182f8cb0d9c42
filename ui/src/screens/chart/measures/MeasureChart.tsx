import { Chart as ChartJS, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { Line } from 'react-chartjs-2';
import type { InstrumentInfo } from '../../../bindings/InstrumentInfo';
import type { Measure } from '../../../bindings/Measure';
import { useI18n } from '../../../i18n/context';
import { chartConfig } from './chartConfig';

// Only what a line over time needs, so the rest of Chart.js stays out of the bundle.
ChartJS.register(LinearScale, PointElement, LineElement, Tooltip, annotationPlugin);

/** One instrument's line chart; loaded with its library the first time measures are shown. */
export default function MeasureChart({ info, measures }: { info: InstrumentInfo; measures: Measure[] }) {
  const { t, lang } = useI18n();
  const { data, options } = chartConfig(info, measures, lang, t);
  return (
    <div className="measure-chart-canvas">
      <Line data={data} options={options} aria-hidden="true" />
    </div>
  );
}
