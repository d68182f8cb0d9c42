import { useState } from 'react';
import { api } from '../../../api';
import type { Payment } from '../../../bindings/Payment';
import type { PaymentMethod } from '../../../bindings/PaymentMethod';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDateTime } from '../../../time';
import { formatPkr, typedRupees } from '../money';
import { METHODS } from '../payment/parts';

type Props = {
  payment: Payment;
  onDone: (message: string) => void;
  onCancel: () => void;
};

/**
 * Gives money back against one payment: how much, how, and why. The service allows
 * no more than was paid and not yet applied to an invoice; its refusals appear next to
 * the field they name.
 */
export function RefundPaymentForm({ payment, onDone, onCancel }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [amount, setAmount] = useState(() => typedRupees(payment.amount_paisa));
  const [method, setMethod] = useState<PaymentMethod>(() => (METHODS.find((m) => m === payment.method) ?? 'cash'));
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const { busy, err, onSubmit } = useSubmit(['amount', 'method', 'reference', 'reason'], async () => {
    const refund = await api.refundPayment(token, payment.id, {
      amount: amount.trim(),
      method,
      reference: method === 'cash' || reference.trim() === '' ? null : reference.trim(),
      reason: reason.trim(),
    });
    onDone(t('refund.done', { amount: formatPkr(refund.amount_paisa) }));
  });
  const title = t('refund.paymentTitle', { amount: formatPkr(payment.amount_paisa), date: formatDateTime(payment.taken_at, lang) });
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-label={title} data-testid="refund-payment-form">
      <h3>{title}</h3>
      <p className="muted">{t('refund.paymentHint')}</p>
      {err.banner ? (
        <Banner tone="error" testId="refund-error">
          {err.banner}
        </Banner>
      ) : null}
      <Field
        id="refund-amount"
        label={t('refund.amount')}
        hint={t('bill.amountHint')}
        inputMode="decimal"
        autoComplete="off"
        dir="ltr"
        autoFocus
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        error={err.fieldError('amount')}
      />
      <SelectField
        id="refund-method"
        label={t('refund.method')}
        value={method}
        onChange={(e) => setMethod(e.target.value as PaymentMethod)}
        error={err.fieldError('method')}
      >
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`bill.method.${m}`)}
          </option>
        ))}
      </SelectField>
      {method !== 'cash' ? (
        <Field
          id="refund-reference"
          label={t('bill.reference')}
          hint={t(`bill.reference.${method}`)}
          autoComplete="off"
          dir="ltr"
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          error={err.fieldError('reference')}
        />
      ) : null}
      <Field
        id="refund-reason"
        label={t('refund.reason')}
        autoComplete="off"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={err.fieldError('reason')}
      />
      <div className="actions">
        <Button type="submit" variant="danger" busy={busy} testId="refund-submit">
          {t('refund.submit')}
        </Button>
        <Button testId="refund-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
