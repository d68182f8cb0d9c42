import type { ChartData, ChartOptions } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import type { InstrumentInfo } from '../../../bindings/InstrumentInfo';
import type { Language } from '../../../bindings/Language';
import type { Measure } from '../../../bindings/Measure';
import type { Translate } from '../../../i18n/translate';
import { CLINIC_TIME_ZONE } from '../../../time';
import { BAND_COLOURS, bandLabel } from './bands';

/** A clinic day as the chart's x value: noon UTC, which is the same day in Karachi. */
export function dayValue(day: string): number {
  return Date.parse(`${day}T12:00:00Z`);
}

const DAY_MS = 86_400_000;

const tickFormats = new Map<Language, Intl.DateTimeFormat>();

/** "12 Jan 2030" under a point. */
function tickDay(value: number, lang: Language): string {
  let f = tickFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'ur' ? 'ur-PK' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: CLINIC_TIME_ZONE });
    tickFormats.set(lang, f);
  }
  return f.format(new Date(value));
}

/**
 * One instrument's scores over time, the bands from instrument_info shaded behind
 * them. A pure function of the data, so the tests read what the chart is given.
 */
export function chartConfig(
  info: InstrumentInfo,
  measures: Measure[],
  lang: Language,
  t: Translate,
): { data: ChartData<'line', { x: number; y: number }[]>; options: ChartOptions<'line'> } {
  const points = measures
    .filter((m) => m.instrument === info.instrument)
    .slice()
    .sort((a, b) => a.taken_on.localeCompare(b.taken_on) || a.id - b.id)
    .map((m) => ({ x: dayValue(m.taken_on), y: m.total }));
  const first = points[0]?.x ?? Date.now();
  const last = points[points.length - 1]?.x ?? first;
  const annotations: Record<string, AnnotationOptions> = {};
  for (const b of info.bands) {
    // Bands are whole totals, both ends included: shade half a point either side.
    annotations[`band-${b.band}`] = {
      type: 'box',
      yMin: Math.max(0, b.from - 0.5),
      yMax: Math.min(info.max, b.to + 0.5),
      backgroundColor: BAND_COLOURS[b.band],
      borderWidth: 0,
      drawTime: 'beforeDatasetsDraw',
      label: {
        display: true,
        content: bandLabel(t, b.band),
        position: { x: lang === 'ur' ? 'end' : 'start', y: 'center' },
        color: '#52625f',
        font: { size: 11 },
      },
    };
  }
  return {
    data: {
      datasets: [
        {
          label: info.name,
          data: points,
          borderColor: '#0f6e63',
          backgroundColor: '#0f6e63',
          pointRadius: 4,
          tension: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      locale: lang === 'ur' ? 'ur-PK' : 'en-GB',
      layout: { padding: { left: 24, right: 24 } },
      scales: {
        x: {
          type: 'linear',
          reverse: lang === 'ur',
          min: first - DAY_MS,
          max: last + DAY_MS,
          // A tick under each score (the days are few), not at round numbers of milliseconds.
          afterBuildTicks: (axis) => {
            axis.ticks = points.map((p) => ({ value: p.x }));
          },
          ticks: { callback: (v) => tickDay(Number(v), lang), autoSkip: true, maxRotation: 0 },
        },
        y: {
          type: 'linear',
          min: 0,
          max: info.max,
          position: lang === 'ur' ? 'right' : 'left',
          title: { display: true, text: t(info.higher_is_better ? 'measure.axisBetterUp' : 'measure.axisWorseUp') },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          rtl: lang === 'ur',
          callbacks: {
            title: (items) => (items[0] ? tickDay(items[0].parsed.x ?? 0, lang) : ''),
          },
        },
        annotation: { annotations },
      },
    },
  };
}
