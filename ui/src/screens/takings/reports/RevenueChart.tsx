import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useI18n } from '../../../i18n/context';
import { formatPkr } from '../../billing/money';

// Only what a bar chart needs, so the rest of Chart.js stays out of the bundle.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

type Props = { labels: string[]; paisa: number[] };

/**
 * The month's revenue as bars, one per practitioner, service or discipline. Loaded
 * with Chart.js only when the reports screen shows a month; the table beside it has
 * the same figures for whoever cannot see the chart.
 */
export default function RevenueChart({ labels, paisa }: Props) {
  const { t, lang } = useI18n();
  const rtl = lang === 'ur';
  return (
    <div className="revenue-chart">
      <Bar
        aria-hidden="true"
        data={{
          labels,
          datasets: [{ label: t('reports.revenue'), data: paisa.map((p) => p / 100), backgroundColor: '#2f7d6d' }],
        }}
        options={{
          indexAxis: 'y',
          maintainAspectRatio: false,
          animation: false,
          locale: rtl ? 'ur-PK' : 'en-PK',
          scales: {
            x: { beginAtZero: true, reverse: rtl, ticks: { callback: (v) => formatPkr(Math.round(Number(v) * 100)) } },
            y: { position: rtl ? 'right' : 'left' },
          },
          plugins: {
            tooltip: { rtl, callbacks: { label: (c) => formatPkr(Math.round((c.parsed.x ?? 0) * 100)) } },
          },
        }}
      />
    </div>
  );
}
