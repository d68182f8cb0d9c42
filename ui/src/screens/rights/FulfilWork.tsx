import { useState } from 'react';
import { api, newJobId } from '../../api';
import type { DeletionMode } from '../../bindings/DeletionMode';
import type { RightsRequest } from '../../bindings/RightsRequest';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

type Props = {
  request: RightsRequest;
  /** The request is answered: the files saved (their paths) and the request as it now stands. */
  onDone: (saved: string[], request: RightsRequest) => Promise<void>;
};

/**
 * Answers an access, portability or deletion request by doing it: the record and the
 * access report saved, the package saved, or the records erased or anonymised (after a
 * confirmation, since neither can be undone) with the letters saved at once, while the
 * names they address are still held. The back end fulfils the request in the same step.
 */
export function FulfilWork({ request, onDone }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<DeletionMode | null>(null);
  const err = useCommandError([]);

  const run = async (work: () => Promise<[string[], RightsRequest]>) => {
    err.clear();
    setBusy(true);
    try {
      const [saved, answered] = await work();
      await onDone(saved, answered);
    } catch (e) {
      err.setError(e);
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  const access = () =>
    run(async () => {
      const r = await api.fulfilAccessRequest(token, request.id);
      return [[r.record_path, r.report_path], r.request];
    });
  const portability = () =>
    run(async () => {
      const r = await api.fulfilPortabilityRequest(token, newJobId('package'), request.id);
      return [[r.package.path], r.request];
    });
  const deletion = (mode: DeletionMode) =>
    run(async () => {
      const r = await api.fulfilDeletionRequest(token, request.id, mode);
      return [r.letters, r.fulfilled.request];
    });

  return (
    <div className="card stack" data-testid="rights-work">
      {request.kind === 'access' ? (
        <>
          <p>{t('rights.work.accessIntro')}</p>
          <div className="actions">
            <Button variant="primary" testId="rights-fulfil-access" busy={busy} onClick={() => void access()}>
              {t('rights.work.access')}
            </Button>
          </div>
        </>
      ) : null}
      {request.kind === 'portability' ? (
        <>
          <p>{t('rights.packageIntro')}</p>
          <div className="actions">
            <Button variant="primary" testId="rights-package" busy={busy} onClick={() => void portability()}>
              {t('rights.package')}
            </Button>
          </div>
        </>
      ) : null}
      {request.kind === 'deletion' ? (
        <>
          <p>{t('rights.work.deletionIntro')}</p>
          <div className="actions">
            <Button variant="danger" testId="rights-erase" busy={busy} onClick={() => setAsking('erase')}>
              {t('rights.work.erase')}
            </Button>
            <Button testId="rights-anonymise" busy={busy} onClick={() => setAsking('anonymise')}>
              {t('rights.work.anonymise')}
            </Button>
          </div>
          {asking ? (
            <ConfirmDialog
              testId="rights-deletion-confirm"
              danger
              busy={busy}
              message={t(asking === 'erase' ? 'rights.work.confirmErase' : 'rights.work.confirmAnonymise')}
              confirmLabel={t(asking === 'erase' ? 'rights.work.erase' : 'rights.work.anonymise')}
              onConfirm={() => void deletion(asking)}
              onCancel={() => setAsking(null)}
            />
          ) : null}
        </>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="rights-work-error">
          {err.banner}
        </Banner>
      ) : null}
    </div>
  );
}
