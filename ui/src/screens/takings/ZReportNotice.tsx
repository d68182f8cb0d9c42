import { Banner } from '../../components/Banner';
import { useI18n } from '../../i18n/context';

/** Where the Z report was saved, or why it was not. */
export function ZReportNotice({ path, error }: { path: string | null; error: string | undefined }) {
  const { t } = useI18n();
  return (
    <>
      {path ? (
        <Banner tone="success" testId="z-report-notice">
          {t('print.saved')}{' '}
          <span dir="ltr" className="mono-path" data-testid="z-report-path">
            {path}
          </span>
        </Banner>
      ) : null}
      {error ? (
        <Banner tone="error" testId="z-report-error">
          {error}
        </Banner>
      ) : null}
    </>
  );
}
