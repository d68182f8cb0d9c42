import { useState } from 'react';
import { api } from '../../../api';
import type { Language } from '../../../bindings/Language';
import type { Paper } from '../../../bindings/Paper';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { SelectField } from '../../../components/Field';
import { useCommandError } from '../../../components/useCommandError';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';

/** An issued (or voided) invoice or credit note, by id and number. */
export type PrintableInvoice = { id: number; number: string };

const PAPERS: Paper[] = ['a5', 'roll80'];

type Props = {
  /** The payment whose receipt (or the refund whose slip) may be printed. */
  receiptOf?: number | null | undefined;
  invoice?: PrintableInvoice | null | undefined;
  /** Prefix of the fields' ids and test ids, so two forms can share a screen. */
  idPrefix: string;
  onClose?: (() => void) | undefined;
};

/**
 * Saves a receipt or an invoice as PDF in the chosen paper and language, the way the
 * record export does: the service writes it to the Downloads folder, audits the print,
 * marks a reprint COPY, and the path is shown here.
 */
export function PrintForm({ receiptOf = null, invoice = null, idPrefix, onClose }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [paper, setPaper] = useState<Paper>('a5');
  // '' is the patient's own language, which the service looks up.
  const [language, setLanguage] = useState<Language | ''>('');
  const [path, setPath] = useState<string | null>(null);
  const [busy, setBusy] = useState<'receipt' | 'invoice' | null>(null);
  const err = useCommandError(['paper', 'language']);
  const id = (name: string) => `${idPrefix}-${name}`;

  const save = async (what: 'receipt' | 'invoice') => {
    if (busy) return;
    err.clear();
    setPath(null);
    setBusy(what);
    const lang = language === '' ? null : language;
    try {
      if (what === 'receipt' && receiptOf !== null) setPath(await api.receiptPdf(token, receiptOf, paper, lang));
      if (what === 'invoice' && invoice) setPath(await api.invoicePdf(token, invoice.id, paper, lang));
    } catch (e) {
      err.setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="print-form" role="group" aria-label={t('print.title')} data-testid={id('form')}>
      <SelectField
        id={id('paper')}
        label={t('print.paper')}
        value={paper}
        onChange={(e) => setPaper(e.target.value as Paper)}
        error={err.fieldError('paper')}
      >
        {PAPERS.map((p) => (
          <option key={p} value={p}>
            {t(`print.paper.${p}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={id('language')}
        label={t('print.language')}
        value={language}
        onChange={(e) => setLanguage(e.target.value as Language | '')}
        error={err.fieldError('language')}
      >
        <option value="">{t('print.language.patient')}</option>
        <option value="en">{t('print.language.en')}</option>
        <option value="ur">{t('print.language.ur')}</option>
      </SelectField>
      <div className="actions">
        {receiptOf !== null ? (
          <Button variant="primary" busy={busy === 'receipt'} testId={id('receipt')} onClick={() => void save('receipt')}>
            {t('print.receipt')}
          </Button>
        ) : null}
        {invoice ? (
          <Button
            variant={receiptOf === null ? 'primary' : 'secondary'}
            busy={busy === 'invoice'}
            testId={id('invoice')}
            aria-label={t('print.invoiceLabel', { number: invoice.number })}
            onClick={() => void save('invoice')}
          >
            {t('print.invoice')}
          </Button>
        ) : null}
        {onClose ? (
          <Button testId={id('close')} onClick={onClose}>
            {t('print.close')}
          </Button>
        ) : null}
      </div>
      <p className="field-hint">{t('print.copyHint')}</p>
      {path ? (
        <Banner tone="success" testId={id('notice')}>
          {t('print.saved')}{' '}
          <span dir="ltr" className="mono-path" data-testid={id('path')}>
            {path}
          </span>
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId={id('error')}>
          {err.banner}
        </Banner>
      ) : null}
    </div>
  );
}
