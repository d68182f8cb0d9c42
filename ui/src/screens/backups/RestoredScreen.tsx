import type { RestoreOutcome } from '../../bindings/RestoreOutcome';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { PublicPage } from '../../components/PublicPage';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../time';

/**
 * After a restore (signed in, or with the recovery key): when the data is from, where
 * the replaced data was kept, the erasures made again, and any that could not be. Every
 * session has ended, so the next step is signing in.
 */
export function RestoredScreen({ outcome, onContinue }: { outcome: RestoreOutcome; onContinue: () => void }) {
  const { t, lang } = useI18n();
  const missed = outcome.not_erased_again;
  return (
    <PublicPage title={t('restored.title')}>
      <div className="card stack" data-testid="restored">
        <p className="lead" data-testid="restored-from">
          {t('restored.from', { date: formatDateTime(outcome.restored_from, lang) })}
        </p>
        <p data-testid="restored-kept-as">
          {outcome.replaced_kept_as ? (
            <>
              {t('restored.keptAs')} <bdi dir="ltr" className="mono">{outcome.replaced_kept_as}</bdi>
            </>
          ) : (
            t('restored.nothingKept')
          )}
        </p>
        <p data-testid="restored-erased-again" data-count={outcome.erased_again}>
          {outcome.erased_again > 0 ? t('restored.erasedAgain', { n: outcome.erased_again }) : t('restored.noneErasedAgain')}
        </p>
        {missed.length > 0 ? (
          <Banner tone="warning" testId="restored-not-erased">
            <strong>{t('restored.notErased', { n: missed.length })}</strong>{' '}
            <bdi dir="ltr">{missed.map((id) => `#${id}`).join(', ')}</bdi>
            <p>{t('restored.notErasedWhat')}</p>
          </Banner>
        ) : null}
        <p>{t('restored.signInAgain')}</p>
        <div className="actions">
          <Button variant="primary" autoFocus onClick={onContinue} testId="restored-continue">
            {t('restored.continue')}
          </Button>
        </div>
      </div>
    </PublicPage>
  );
}
