import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { PriceEntry } from '../../../bindings/PriceEntry';
import type { SessionPackage } from '../../../bindings/SessionPackage';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { addDays, clinicToday } from '../../../time';

type Props = { patientId: number; onSold: (k: SessionPackage) => void; onCancel: () => void };

/** Sells N sessions of a service for one price, until a day; the service issues its invoice. */
export function SellPackageForm({ patientId, onSold, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [services, setServices] = useState<PriceEntry[]>([]);
  const [serviceId, setServiceId] = useState('');
  const [sessions, setSessions] = useState('');
  const [price, setPrice] = useState('');
  const [expires, setExpires] = useState(() => addDays(clinicToday(), 90));
  const { busy, err, onSubmit } = useSubmit(['service_id', 'sessions', 'price', 'expires_on'], async () => {
    const n = Number(sessions.trim());
    onSold(
      await api.sellPackage(token, {
        patient_id: patientId,
        service_id: Number(serviceId) || 0,
        sessions: sessions.trim() !== '' && Number.isFinite(n) ? n : 0,
        price: price.trim(),
        expires_on: expires.trim(),
      }),
    );
  });
  const { setError } = err;

  useEffect(() => {
    api.priceList(token).then((all) => setServices(all.filter((p) => p.thing === 'service')), setError);
  }, [token, setError]);

  return (
    <form className="card filters" onSubmit={onSubmit} noValidate aria-labelledby="sell-package-title" data-testid="sell-package-form">
      <h3 id="sell-package-title" className="full-row">
        {t('bill.sellTitle')}
      </h3>
      {err.banner ? (
        <div className="full-row">
          <Banner tone="error">{err.banner}</Banner>
        </div>
      ) : null}
      <SelectField
        id="package-service"
        label={t('bill.packageService')}
        autoFocus
        value={serviceId}
        onChange={(e) => setServiceId(e.target.value)}
        error={err.fieldError('service_id')}
      >
        <option value="">{t('bill.choose')}</option>
        {services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <Field
        id="package-sessions"
        label={t('bill.packageSessions')}
        inputMode="numeric"
        autoComplete="off"
        dir="ltr"
        value={sessions}
        onChange={(e) => setSessions(e.target.value)}
        error={err.fieldError('sessions')}
      />
      <Field
        id="package-price"
        label={t('bill.packagePrice')}
        hint={t('bill.amountHint')}
        inputMode="decimal"
        autoComplete="off"
        dir="ltr"
        value={price}
        onChange={(e) => setPrice(e.target.value)}
        error={err.fieldError('price')}
      />
      <Field
        id="package-expires"
        label={t('bill.packageExpires')}
        hint={t('common.dayHint')}
        autoComplete="off"
        dir="ltr"
        value={expires}
        onChange={(e) => setExpires(e.target.value)}
        error={err.fieldError('expires_on')}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="package-sell">
          {t('bill.sell')}
        </Button>
        <Button testId="package-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
