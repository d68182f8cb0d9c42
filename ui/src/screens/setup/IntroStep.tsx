import { useState } from 'react';
import { api } from '../../api';
import type { RecoveryKeyOffer } from '../../bindings/RecoveryKeyOffer';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';

export function IntroStep({ onOffer }: { onOffer: (o: RecoveryKeyOffer) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const err = useCommandError([]);

  const begin = async () => {
    setBusy(true);
    err.clear();
    try {
      onOffer(await api.beginSetup());
    } catch (raw) {
      err.setError(raw);
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="intro-title">
      <h2 id="intro-title" className="visually-hidden">
        {t('setup.title')}
      </h2>
      <p className="lead">{t('setup.intro.p1')}</p>
      <p>{t('setup.intro.p2')}</p>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="actions">
        <Button variant="primary" autoFocus busy={busy} onClick={() => void begin()} testId="begin-setup">
          {t('setup.begin')}
        </Button>
      </div>
    </section>
  );
}
