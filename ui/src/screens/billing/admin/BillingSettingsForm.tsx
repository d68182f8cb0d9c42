import { useEffect, useState } from 'react';
import { api } from '../../../api';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';

/** The administrator's billing settings: the discount the desk may give alone. Tax rates go with each price. */
export function BillingSettingsForm() {
  const { t } = useI18n();
  const { token } = useSession();
  const [limit, setLimit] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, err, onSubmit } = useSubmit(['reception_discount_limit_percent'], async () => {
    if (limit === null) return;
    setSaved(false);
    // The service checks the range; what is not a whole number goes as a figure it refuses in its words.
    const n = Number(limit.trim());
    const s = await api.setBillingSettings(token, { reception_discount_limit_percent: Number.isInteger(n) && n >= 0 ? n : 101 });
    setLimit(String(s.reception_discount_limit_percent));
    setSaved(true);
  });
  const { setError } = err;

  useEffect(() => {
    api.billingSettings(token).then((s) => setLimit(String(s.reception_discount_limit_percent)), setError);
  }, [token, setError]);

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="billing-settings-title" data-testid="billing-settings">
      <h2 id="billing-settings-title">{t('billingSettings.title')}</h2>
      {saved ? <Banner tone="success">{t('billingSettings.saved')}</Banner> : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {limit !== null ? (
        <>
          <Field
            id="billing-discount-limit"
            label={t('billingSettings.limit')}
            hint={t('billingSettings.limitHint')}
            inputMode="numeric"
            dir="ltr"
            className="short"
            value={limit}
            onChange={(e) => {
              setSaved(false);
              setLimit(e.target.value);
            }}
            error={err.fieldError('reception_discount_limit_percent')}
          />
          <div className="actions">
            <Button type="submit" variant="primary" busy={busy} testId="billing-settings-save">
              {t('common.save')}
            </Button>
          </div>
        </>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </form>
  );
}
