import { Button } from '../../components/Button';
import { PublicPage } from '../../components/PublicPage';
import { useI18n } from '../../i18n/context';

export function UnavailableScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <PublicPage title={t('unavailable.title')}>
      <div className="card">
        <p className="lead" role="alert" data-testid="unavailable-message">
          {message}
        </p>
        <div className="actions">
          <Button variant="primary" autoFocus onClick={onRetry} testId="try-again">
            {t('common.tryAgain')}
          </Button>
        </div>
      </div>
    </PublicPage>
  );
}
