import { useState } from 'react';
import type { ClinicProfileInput } from '../bindings/ClinicProfileInput';
import { useI18n } from '../i18n/context';
import { Button } from './Button';
import { Field, FieldShell } from './Field';
import { isAcceptableLogo, readLogo } from './logo';

type Props = {
  value: ClinicProfileInput;
  onChange: (v: ClinicProfileInput) => void;
  fieldError: (field: string) => string | undefined;
  autoFocus?: boolean;
};

/** Name, address, phone and an optional logo (PNG or JPEG, at most 1 MB, kept as a data URL). */
export function ClinicProfileFields({ value, onChange, fieldError, autoFocus = false }: Props) {
  const { t } = useI18n();
  const [logoError, setLogoError] = useState<string | undefined>();
  const [fileKey, setFileKey] = useState(0);

  const pick = async (file: File | undefined) => {
    setLogoError(undefined);
    if (!file) return;
    if (!isAcceptableLogo(file)) {
      setLogoError(t('clinic.logoInvalid'));
      setFileKey((k) => k + 1);
      return;
    }
    try {
      onChange({ ...value, logo_data_url: await readLogo(file) });
    } catch {
      setLogoError(t('clinic.logoInvalid'));
    }
  };

  return (
    <>
      <Field
        id="clinic-name"
        label={t('clinic.name')}
        autoFocus={autoFocus}
        required
        value={value.name}
        onChange={(e) => onChange({ ...value, name: e.target.value })}
        error={fieldError('name')}
      />
      <Field
        id="clinic-address"
        label={t('clinic.address')}
        autoComplete="street-address"
        value={value.address}
        onChange={(e) => onChange({ ...value, address: e.target.value })}
        error={fieldError('address')}
      />
      <Field
        id="clinic-phone"
        label={t('clinic.phone')}
        type="tel"
        dir="ltr"
        autoComplete="tel"
        value={value.phone}
        onChange={(e) => onChange({ ...value, phone: e.target.value })}
        error={fieldError('phone')}
      />
      <FieldShell id="clinic-logo" label={t('clinic.logo')} hint={t('clinic.logoHint')} error={logoError ?? fieldError('logo')}>
        {(d) => (
          <div className="logo-row">
            <input
              key={fileKey}
              type="file"
              accept="image/png,image/jpeg"
              data-testid="clinic-logo"
              onChange={(e) => void pick(e.target.files?.[0])}
              {...d}
            />
            {value.logo_data_url ? (
              <>
                <img className="logo-preview" src={value.logo_data_url} alt={t('clinic.logoPreview')} />
                <Button
                  variant="quiet"
                  testId="clinic-logo-remove"
                  onClick={() => {
                    setFileKey((k) => k + 1);
                    onChange({ ...value, logo_data_url: null });
                  }}
                >
                  {t('clinic.logoRemove')}
                </Button>
              </>
            ) : null}
          </div>
        )}
      </FieldShell>
    </>
  );
}
