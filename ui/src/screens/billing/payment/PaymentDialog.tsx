import { useState } from 'react';
import type { PaymentOutcome } from '../../../bindings/PaymentOutcome';
import { Button } from '../../../components/Button';
import { Dialog } from '../../../components/Dialog';
import { useI18n } from '../../../i18n/context';
import { AccountSummary } from '../AccountSummary';
import { PrintForm } from '../print/PrintForm';
import { PaidSummary } from './PaidSummary';
import { PaymentForm, type PayingFor } from './PaymentForm';

type Props = {
  patientId: number;
  invoice: PayingFor | null;
  onClose: () => void;
  onPaid: () => void;
};

/** A payment taken from the patient's record: for one invoice, or the oldest first. */
export function PaymentDialog({ patientId, invoice, onClose, onPaid }: Props) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);
  return (
    <Dialog title={t('bill.payTitle')} onClose={onClose} testId="pay-dialog">
      {outcome ? (
        <div className="stack">
          <PaidSummary outcome={outcome} />
          <PrintForm receiptOf={outcome.payments[0]?.id} invoice={invoice} idPrefix="pay-print" />
          <AccountSummary patientId={patientId} testId="pay-account" />
          <div className="actions">
            <Button variant="primary" testId="pay-done" autoFocus onClick={onClose}>
              {t('bill.done')}
            </Button>
          </div>
        </div>
      ) : (
        <PaymentForm
          patientId={patientId}
          invoice={invoice}
          onPaid={(o) => {
            setOutcome(o);
            onPaid();
          }}
        />
      )}
    </Dialog>
  );
}
