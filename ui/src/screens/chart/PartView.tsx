import type { ReactNode } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import type { Part } from './usePart';
import { Refused } from './Refused';

type Props<T> = {
  part: Part<T>;
  onRetry: () => void;
  children: (value: T) => ReactNode;
};

/** A part of the chart: "loading", the calm refusal, a failure with "try again", or the part itself. */
export function PartView<T>({ part, onRetry, children }: Props<T>) {
  const { t } = useI18n();
  switch (part.state) {
    case 'loading':
      return <p aria-busy="true">{t('common.loading')}</p>;
    case 'refused':
      return <Refused message={part.message} />;
    case 'failed':
      return (
        <Banner tone="error" testId="chart-error">
          {part.message || t('common.errorUnknown')}{' '}
          <Button variant="quiet" testId="chart-retry" onClick={onRetry}>
            {t('common.tryAgain')}
          </Button>
        </Banner>
      );
    case 'ready':
      return <>{children(part.value)}</>;
  }
}
