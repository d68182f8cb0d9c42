import { Banner } from '../../../components/Banner';
import { useI18n } from '../../../i18n/context';

/** Where an exported file was saved, as the other exports show it. */
export function SavedPath({ path, testId }: { path: string | null; testId: string }) {
  const { t } = useI18n();
  if (!path) return null;
  return (
    <Banner tone="success" testId={`${testId}-notice`}>
      {t('reports.csvSaved')}{' '}
      <span dir="ltr" className="mono-path" data-testid={`${testId}-path`}>
        {path}
      </span>
    </Banner>
  );
}
