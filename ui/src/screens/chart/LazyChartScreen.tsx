import { lazy, Suspense, type ComponentProps } from 'react';
import { useI18n } from '../../i18n/context';

// The chart and its tabs are loaded the first time a clinician opens one.
const ChartScreen = lazy(() => import('./ChartScreen').then((m) => ({ default: m.ChartScreen })));

export function LazyChartScreen(props: ComponentProps<typeof ChartScreen>) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
      <ChartScreen {...props} />
    </Suspense>
  );
}
