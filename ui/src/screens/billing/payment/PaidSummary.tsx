import type { PaymentOutcome } from '../../../bindings/PaymentOutcome';
import { Banner } from '../../../components/Banner';
import { useI18n } from '../../../i18n/context';
import { MoneyText } from '../Money';

/** What was taken, the change to hand back and what went to credit. */
export function PaidSummary({ outcome }: { outcome: PaymentOutcome }) {
  const { t } = useI18n();
  const taken = outcome.payments.reduce((s, p) => s + p.amount_paisa, 0);
  return (
    <Banner tone="success" testId="paid-notice">
      <MoneyText text={t('bill.paidNotice')} paisa={taken} />
      {outcome.change_paisa > 0 ? (
        <>
          {' '}
          <strong>
            <MoneyText text={t('bill.paidChange')} paisa={outcome.change_paisa} testId="paid-change" />
          </strong>
        </>
      ) : null}
      {outcome.to_credit_paisa > 0 ? (
        <>
          {' '}
          <MoneyText text={t('bill.paidCredit')} paisa={outcome.to_credit_paisa} />
        </>
      ) : null}
    </Banner>
  );
}
