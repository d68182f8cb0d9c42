import { useState } from 'react';
import { api } from '../../../api';
import type { InvoiceSummary } from '../../../bindings/InvoiceSummary';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';

type Props = {
  invoice: InvoiceSummary;
  /** Void the whole invoice, or take an amount off it with a credit note. */
  mode: 'void' | 'credit';
  onDone: (message: string) => void;
  onCancel: () => void;
};

/** The administrator's corrections: both are new documents with a reason; the invoice itself stays. */
export function CorrectInvoiceForm({ invoice, mode, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const number = invoice.number ?? '';
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const { busy, err, onSubmit } = useSubmit(['amount', 'reason'], async () => {
    if (mode === 'void') {
      await api.voidInvoice(token, invoice.id, reason.trim());
      onDone(t('bill.voided', { number }));
    } else {
      const note = await api.issueCreditNote(token, invoice.id, { amount: amount.trim(), reason: reason.trim() });
      onDone(t('bill.creditNoteIssued', { number: note.number ?? '' }));
    }
  });
  const title = mode === 'void' ? t('bill.voidLabel', { number }) : t('bill.creditNoteLabel', { number });
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-label={title} data-testid={`correct-${mode}-form`}>
      <h3>{title}</h3>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {mode === 'credit' ? (
        <Field
          id="correct-amount"
          label={t('bill.creditNoteAmount')}
          hint={t('bill.amountHint')}
          inputMode="decimal"
          autoComplete="off"
          dir="ltr"
          autoFocus
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={err.fieldError('amount')}
        />
      ) : null}
      <Field
        id="correct-reason"
        label={mode === 'void' ? t('bill.voidReason') : t('bill.creditNoteReason')}
        autoComplete="off"
        autoFocus={mode === 'void'}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={err.fieldError('reason')}
      />
      <div className="actions">
        <Button type="submit" variant={mode === 'void' ? 'danger' : 'primary'} busy={busy} testId="correct-submit">
          {mode === 'void' ? t('bill.voidConfirm') : t('bill.creditNoteIssue')}
        </Button>
        <Button testId="correct-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
