import { useState } from 'react';
import { api } from '../../../api';
import type { PaymentOutcome } from '../../../bindings/PaymentOutcome';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { MoneyText } from '../Money';
import { typedRupees } from '../money';
import { PaymentPartFields } from './PaymentPartFields';
import { newPart, partsTotal, toInput, type PartDraft } from './parts';

/** The invoice being paid, if the desk chose one. */
export type PayingFor = { id: number; number: string; outstanding_paisa: number };

type Props = {
  patientId: number;
  invoice: PayingFor | null;
  onPaid: (o: PaymentOutcome) => void;
  /** A second button beside "Take the payment" (e.g. "Pay later"). */
  onLater?: (() => void) | undefined;
};

/** The most methods one payment may be split into, as the service allows. */
const MAX_PARTS = 10;

/**
 * Takes a payment in one or several methods. The figures are read as they are typed,
 * to show the change due and what is left; the service reads them again and its
 * errors appear next to the field they name.
 */
export function PaymentForm({ patientId, invoice, onPaid, onLater }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const owed = invoice?.outstanding_paisa ?? 0;
  const [parts, setParts] = useState<PartDraft[]>(() => [newPart('cash', owed > 0 ? typedRupees(owed) : '')]);
  const fields = parts.flatMap((_, i) => ['method', 'amount', 'tendered', 'reference'].map((n) => `parts.${i}.${n}`));
  const { busy, err, onSubmit } = useSubmit([...fields, 'parts'], async () => {
    onPaid(await api.takePayment(token, { patient_id: patientId, invoice_id: invoice?.id ?? null, parts: toInput(parts) }));
  });

  const total = partsTotal(parts);
  const left = total === null ? null : owed - total;
  const setPart = (i: number, p: PartDraft) => setParts((all) => all.map((q, j) => (j === i ? p : q)));
  const addPart = () =>
    setParts((all) => {
      const sum = partsTotal(all);
      const rest = sum === null ? 0 : owed - sum;
      // The next method is a card more often than not; the desk changes it if not.
      return [...all, newPart('card', rest > 0 ? typedRupees(rest) : '')];
    });

  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="pay-form">
      {invoice ? (
        <p data-testid="pay-for">
          <MoneyText text={t('bill.payFor', { number: invoice.number })} paisa={invoice.outstanding_paisa} />
        </p>
      ) : (
        <p className="muted">{t('bill.payOldest')}</p>
      )}
      {err.banner ? (
        <Banner tone="error" testId="pay-error">
          {err.banner}
        </Banner>
      ) : null}
      {parts.map((p, i) => (
        <PaymentPartFields
          key={i}
          index={i}
          part={p}
          autoFocus={i === 0 || i === parts.length - 1}
          onChange={(q) => setPart(i, q)}
          onRemove={parts.length > 1 ? () => setParts((all) => all.filter((_, j) => j !== i)) : null}
          fieldError={err.fieldError}
        />
      ))}
      {err.fieldError('parts') ? (
        <p className="field-error" role="alert" data-testid="parts-error">
          {err.fieldError('parts')}
        </p>
      ) : null}
      {parts.length < MAX_PARTS ? (
        <div>
          <Button testId="pay-add-part" onClick={addPart}>
            {t('bill.addPart')}
          </Button>
        </div>
      ) : null}
      <div className="pay-sums" aria-live="polite" data-testid="pay-sums">
        {total === null ? (
          <p className="muted">{t('bill.notAmount')}</p>
        ) : (
          <>
            <p>
              <MoneyText text={t('bill.paying')} paisa={total} testId="pay-total" />
            </p>
            {invoice && left !== null && left >= 0 ? (
              <p>
                <MoneyText text={t('bill.leftAfter')} paisa={left} testId="pay-left" />
              </p>
            ) : null}
            {invoice && left !== null && left < 0 ? (
              <p>
                <MoneyText text={t('bill.toCredit')} paisa={-left} testId="pay-to-credit" />
              </p>
            ) : null}
          </>
        )}
      </div>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="pay-submit">
          {t('bill.takePayment')}
        </Button>
        {onLater ? (
          <Button testId="pay-later" onClick={onLater}>
            {t('bill.payLater')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
