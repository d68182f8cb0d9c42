import type { EmergencyGrant } from '../../bindings/EmergencyGrant';
import { useI18n } from '../../i18n/context';
import { formatWhen } from '../../time';

/** Red for as long as the record is open through emergency access. */
export function EmergencyBanner({ grant }: { grant: EmergencyGrant }) {
  const { t, lang } = useI18n();
  return (
    <div className="banner banner-emergency" role="alert" data-testid="emergency-banner" data-expires={grant.expires_at}>
      <strong>{t('emergency.bannerTitle')}</strong> {t('emergency.banner', { until: formatWhen(grant.expires_at, lang) })}
    </div>
  );
}
