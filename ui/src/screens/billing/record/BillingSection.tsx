import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../api';
import type { InvoiceSummary } from '../../../bindings/InvoiceSummary';
import type { Payment } from '../../../bindings/Payment';
import type { BillingStatement } from '../../../bindings/BillingStatement';
import type { SessionPackage } from '../../../bindings/SessionPackage';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { useCommandError } from '../../../components/useCommandError';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { AccountSummary } from '../AccountSummary';
import { PaymentDialog } from '../payment/PaymentDialog';
import { PrintForm, type PrintableInvoice } from '../print/PrintForm';
import type { PayingFor } from '../payment/PaymentForm';
import { CorrectInvoiceForm } from './CorrectInvoiceForm';
import { InvoiceTable } from './InvoiceTable';
import { PackageTable } from './PackageTable';
import { PaymentTable } from './PaymentTable';
import { RefundPackageForm } from './RefundPackageForm';
import { RefundPaymentForm } from './RefundPaymentForm';
import { SellPackageForm } from './SellPackageForm';

type Correcting = { invoice: InvoiceSummary; mode: 'void' | 'credit' };

/**
 * The record's Billing section for reception and the administrator: the account,
 * invoices, payments and packages. Buttons show only for what the person may do
 * (the service refuses the rest anyway): paying for the desk, voids and credit notes
 * for the administrator.
 */
export function BillingSection({ patientId }: { patientId: number }) {
  const { t } = useI18n();
  const { token, can } = useSession();
  const [statement, setStatement] = useState<BillingStatement | null>(null);
  const [packages, setPackages] = useState<SessionPackage[]>([]);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [paying, setPaying] = useState<PayingFor | 'any' | null>(null);
  const [selling, setSelling] = useState(false);
  const [correcting, setCorrecting] = useState<Correcting | null>(null);
  const [printing, setPrinting] = useState<{ receiptOf: number } | { invoice: PrintableInvoice } | null>(null);
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const [closingPackage, setClosingPackage] = useState<SessionPackage | null>(null);
  const err = useCommandError([]);
  const { setError } = err;
  const mayPay = can('take_payments');
  const mayCorrect = can('correct_invoices');
  const mayPrint = can('bill');

  const load = useCallback(async () => {
    try {
      const [s, k] = await Promise.all([api.billingStatement(token, patientId), api.patientPackages(token, patientId)]);
      setStatement(s);
      setPackages(k);
    } catch (e) {
      setError(e);
    }
  }, [token, patientId, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opening the section is the effect
    void load();
  }, [load]);

  const changed = (message: string | null) => {
    setNotice(message);
    setVersion((v) => v + 1);
    void load();
  };

  const discard = async (i: InvoiceSummary) => {
    err.clear();
    try {
      await api.discardDraftInvoice(token, i.id);
      changed(null);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="stack" aria-labelledby="billing-title" data-testid="billing-section">
      <h2 id="billing-title">{t('bill.section')}</h2>
      <AccountSummary patientId={patientId} withPackages={false} version={version} testId="record-account" />
      {notice ? (
        <Banner tone="success" testId="billing-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="actions">
        {mayPay ? (
          <Button testId="bill-take-any" onClick={() => setPaying('any')}>
            {t('bill.takeAny')}
          </Button>
        ) : null}
        <Button testId="bill-sell-package" onClick={() => setSelling(true)}>
          {t('bill.sellPackage')}
        </Button>
      </div>
      {selling ? (
        <SellPackageForm
          patientId={patientId}
          onCancel={() => setSelling(false)}
          onSold={(k) => {
            setSelling(false);
            changed(t('bill.sold', { number: k.invoice_number ?? '' }));
          }}
        />
      ) : null}
      {correcting ? (
        <CorrectInvoiceForm
          invoice={correcting.invoice}
          mode={correcting.mode}
          onCancel={() => setCorrecting(null)}
          onDone={(message) => {
            setCorrecting(null);
            changed(message);
          }}
        />
      ) : null}
      {printing ? (
        <section className="card stack" aria-labelledby="bill-print-title" data-testid="bill-print">
          <h3 id="bill-print-title">
            {'receiptOf' in printing ? t('print.receiptTitle') : t('print.invoiceTitle', { number: printing.invoice.number })}
          </h3>
          <PrintForm
            key={'receiptOf' in printing ? `r${printing.receiptOf}` : `i${printing.invoice.id}`}
            receiptOf={'receiptOf' in printing ? printing.receiptOf : null}
            invoice={'invoice' in printing ? printing.invoice : null}
            idPrefix="bill-print"
            onClose={() => setPrinting(null)}
          />
        </section>
      ) : null}
      <h3>{t('bill.invoices')}</h3>
      {statement === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : statement.invoices.length === 0 ? (
        <p className="muted" data-testid="bill-no-invoices">
          {t('bill.noInvoices')}
        </p>
      ) : (
        <InvoiceTable
          invoices={statement.invoices}
          onPay={mayPay ? (i) => setPaying({ id: i.id, number: i.number ?? '', outstanding_paisa: i.outstanding_paisa }) : null}
          onCorrect={mayCorrect ? (invoice, mode) => setCorrecting({ invoice, mode }) : null}
          onDiscard={(i) => void discard(i)}
          onPrint={mayPrint ? (i) => setPrinting({ invoice: { id: i.id, number: i.number ?? '' } }) : null}
        />
      )}
      <h3>{t('bill.payments')}</h3>
      {refunding ? (
        <RefundPaymentForm
          key={refunding.id}
          payment={refunding}
          onCancel={() => setRefunding(null)}
          onDone={(message) => {
            setRefunding(null);
            changed(message);
          }}
        />
      ) : null}
      {statement && statement.payments.length > 0 ? (
        <PaymentTable
          payments={statement.payments}
          onPrint={mayPrint ? (p) => setPrinting({ receiptOf: p.id }) : null}
          onRefund={mayPay ? setRefunding : null}
        />
      ) : statement ? (
        <p className="muted">{t('bill.noPayments')}</p>
      ) : null}
      <h3>{t('bill.packages')}</h3>
      {closingPackage ? (
        <RefundPackageForm
          key={closingPackage.id}
          pkg={closingPackage}
          onCancel={() => setClosingPackage(null)}
          onDone={(message) => {
            setClosingPackage(null);
            changed(message);
          }}
        />
      ) : null}
      {packages.length > 0 ? (
        <PackageTable packages={packages} onRefund={mayCorrect ? setClosingPackage : null} />
      ) : (
        <p className="muted">{t('bill.noPackages')}</p>
      )}
      {paying ? (
        <PaymentDialog
          patientId={patientId}
          invoice={paying === 'any' ? null : paying}
          onClose={() => setPaying(null)}
          onPaid={() => changed(null)}
        />
      ) : null}
    </section>
  );
}
