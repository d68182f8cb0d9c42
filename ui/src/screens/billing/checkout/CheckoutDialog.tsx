import { useEffect, useRef, useState } from 'react';
import { api } from '../../../api';
import type { Appointment } from '../../../bindings/Appointment';
import type { Invoice } from '../../../bindings/Invoice';
import type { PaymentOutcome } from '../../../bindings/PaymentOutcome';
import type { PriceEntry } from '../../../bindings/PriceEntry';
import type { SessionPackage } from '../../../bindings/SessionPackage';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Dialog } from '../../../components/Dialog';
import { useCommandError } from '../../../components/useCommandError';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { AccountSummary } from '../AccountSummary';
import { usable } from '../packages';
import { PaidSummary } from '../payment/PaidSummary';
import { PrintForm, type PrintableInvoice } from '../print/PrintForm';
import { PaymentForm } from '../payment/PaymentForm';
import { ComposeStep, type Composed } from './ComposeStep';
import { draftFields, invoiceInput } from './draft';
import { InvoiceView } from './InvoiceView';

type Props = {
  appointment: Appointment;
  onClose: () => void;
  /** Something was billed or paid: the screen behind may read again. */
  onChanged: () => void;
};

type Step =
  | { kind: 'compose' }
  | { kind: 'draft'; invoice: Invoice }
  | { kind: 'pay'; invoice: Invoice }
  | { kind: 'done'; notice: string; outcome: PaymentOutcome | null; printable?: PrintableInvoice };

/**
 * Check-out of one appointment: extra lines and discounts, the draft as the service
 * prices it, the invoice issued, then the payment. Closing before issuing throws the
 * draft away, so the appointment can be checked out again.
 */
export function CheckoutDialog({ appointment, onClose, onChanged }: Props) {
  const { t } = useI18n();
  const { token, can } = useSession();
  const [step, setStep] = useState<Step>({ kind: 'compose' });
  const [composed, setComposed] = useState<Composed>({ lines: [], discount: null });
  const [prices, setPrices] = useState<PriceEntry[]>([]);
  const [limit, setLimit] = useState<number | null>(null);
  const [packages, setPackages] = useState<SessionPackage[]>([]);
  const [version, setVersion] = useState(0);
  const [takingSession, setTakingSession] = useState(false);
  const loadErr = useCommandError([]);
  const { setError: setLoadError } = loadErr;
  const draftRef = useRef<number | null>(null);
  const mayPay = can('take_payments');

  useEffect(() => {
    let live = true;
    Promise.all([api.priceList(token), api.billingSettings(token), api.patientPackages(token, appointment.patient_id)]).then(
      ([p, s, k]) => {
        if (!live) return;
        setPrices(p);
        setLimit(s.reception_discount_limit_percent);
        setPackages(usable(k).filter((x) => x.service_id === appointment.service_id));
      },
      (e: unknown) => {
        if (live) setLoadError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [token, appointment.patient_id, appointment.service_id, setLoadError]);

  // A draft left behind would block the appointment's next check-out.
  useEffect(
    () => () => {
      if (draftRef.current !== null) api.discardDraftInvoice(token, draftRef.current).catch(() => {});
    },
    [token],
  );

  const make = useSubmit(draftFields(composed.lines), async () => {
    const invoice = await api.createInvoice(token, invoiceInput(appointment.patient_id, appointment.id, composed.lines, composed.discount));
    draftRef.current = invoice.id;
    setStep({ kind: 'draft', invoice });
  });

  const issue = useSubmit(['discount'], async () => {
    if (step.kind !== 'draft') return;
    const invoice = await api.issueInvoice(token, step.invoice.id);
    draftRef.current = null;
    setVersion((v) => v + 1);
    onChanged();
    const notice = t('bill.issued', { number: invoice.number ?? '' });
    const printable = { id: invoice.id, number: invoice.number ?? '' };
    setStep(invoice.outstanding_paisa > 0 && mayPay ? { kind: 'pay', invoice } : { kind: 'done', notice, outcome: null, printable });
  });

  const change = async () => {
    if (step.kind !== 'draft') return;
    issue.err.clear();
    try {
      await api.discardDraftInvoice(token, step.invoice.id);
      draftRef.current = null;
      setStep({ kind: 'compose' });
    } catch (e) {
      issue.err.setError(e);
    }
  };

  const takeSession = async (k: SessionPackage) => {
    if (takingSession) return;
    make.err.clear();
    setTakingSession(true);
    try {
      const after = await api.usePackageSession(token, k.id, appointment.id);
      setVersion((v) => v + 1);
      onChanged();
      setStep({ kind: 'done', notice: t('bill.packageUsed', { left: after.remaining }), outcome: null });
    } catch (e) {
      make.err.setError(e);
    } finally {
      setTakingSession(false);
    }
  };

  return (
    <Dialog title={t('bill.checkoutTitle', { name: appointment.patient_name })} onClose={onClose} testId="checkout-dialog" wide>
      <div className="stack">
        <AccountSummary patientId={appointment.patient_id} version={version} testId="checkout-account" />
        {loadErr.banner ? <Banner tone="error">{loadErr.banner}</Banner> : null}
        {step.kind === 'compose' ? (
          <ComposeStep
            appointment={appointment}
            prices={prices}
            limitPercent={limit}
            packages={packages}
            value={composed}
            onChange={setComposed}
            err={make.err}
            busy={make.busy}
            onSubmit={(e) => void make.onSubmit(e)}
            onUsePackage={(k) => void takeSession(k)}
            usingPackage={takingSession}
          />
        ) : null}
        {step.kind === 'draft' ? (
          <form className="stack" onSubmit={(e) => void issue.onSubmit(e)} noValidate data-testid="checkout-draft">
            <h3>{t('bill.draftTitle')}</h3>
            <InvoiceView invoice={step.invoice} />
            {issue.err.banner ?? issue.err.fieldError('discount') ? (
              <Banner tone="error" testId="checkout-issue-error">
                {issue.err.banner ?? issue.err.fieldError('discount')}
              </Banner>
            ) : null}
            <div className="actions">
              <Button type="submit" variant="primary" busy={issue.busy} testId="checkout-issue" autoFocus>
                {t('bill.issue')}
              </Button>
              <Button testId="checkout-change" onClick={() => void change()}>
                {t('bill.change')}
              </Button>
            </div>
          </form>
        ) : null}
        {step.kind === 'pay' ? (
          <div className="stack" data-testid="checkout-pay">
            <Banner tone="success" testId="checkout-issued">
              {t('bill.issued', { number: step.invoice.number ?? '' })}
            </Banner>
            <InvoiceView invoice={step.invoice} />
            <PaymentForm
              patientId={appointment.patient_id}
              invoice={{ id: step.invoice.id, number: step.invoice.number ?? '', outstanding_paisa: step.invoice.outstanding_paisa }}
              onPaid={(outcome) => {
                setVersion((v) => v + 1);
                onChanged();
                setStep({ kind: 'done', notice: '', outcome, printable: { id: step.invoice.id, number: step.invoice.number ?? '' } });
              }}
              onLater={onClose}
            />
          </div>
        ) : null}
        {step.kind === 'done' ? (
          <div className="stack" data-testid="checkout-done">
            {step.outcome ? <PaidSummary outcome={step.outcome} /> : null}
            {step.outcome || step.printable ? (
              <PrintForm receiptOf={step.outcome?.payments[0]?.id ?? null} invoice={step.printable} idPrefix="checkout-print" />
            ) : null}
            {step.notice ? (
              <Banner tone="success" testId="checkout-notice">
                {step.notice}
              </Banner>
            ) : null}
            <div className="actions">
              <Button variant="primary" testId="checkout-close" autoFocus onClick={onClose}>
                {t('bill.done')}
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
