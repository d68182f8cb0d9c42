import { useState } from 'react';
import { api } from '../../../api';
import type { SessionPackage } from '../../../bindings/SessionPackage';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { MoneyText } from '../Money';
import { formatPkr } from '../money';
import { proRataPaisa } from '../packages';

type Props = {
  pkg: SessionPackage;
  onDone: (message: string) => void;
  onCancel: () => void;
};

/**
 * The administrator closes a package and credits its unused sessions pro rata on its
 * invoice, with a reason; the desk then gives the credit back as a refund.
 */
export function RefundPackageForm({ pkg, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [reason, setReason] = useState('');
  const { busy, err, onSubmit } = useSubmit(['reason'], async () => {
    await api.refundPackage(token, pkg.id, reason.trim());
    onDone(t('refund.packageDone', { amount: formatPkr(proRataPaisa(pkg)) }));
  });
  const title = t('refund.packageTitle', { service: pkg.service_name });
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-label={title} data-testid="refund-package-form">
      <h3>{title}</h3>
      <p data-testid="refund-package-amount" data-paisa={proRataPaisa(pkg)}>
        <MoneyText
          text={t('refund.packageProRata', { left: pkg.remaining, sessions: pkg.sessions, number: pkg.invoice_number ?? '' })}
          paisa={proRataPaisa(pkg)}
        />
      </p>
      {err.banner ? (
        <Banner tone="error" testId="refund-package-error">
          {err.banner}
        </Banner>
      ) : null}
      <Field
        id="refund-package-reason"
        label={t('refund.reason')}
        autoComplete="off"
        autoFocus
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={err.fieldError('reason')}
      />
      <div className="actions">
        <Button type="submit" variant="danger" busy={busy} testId="refund-package-submit">
          {t('refund.packageSubmit')}
        </Button>
        <Button testId="refund-package-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
