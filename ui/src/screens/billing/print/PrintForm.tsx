import { useState } from 'react';
import { api } from '../../../api';
import type { Language } from '../../../bindings/Language';
import type { Paper } from '../../../bindings/Paper';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { SelectField } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';

/** What is printed: a payment's receipt (or a refund's slip), or an issued invoice or credit note. */
export type Printable = { kind: 'receipt'; paymentId: number } | { kind: 'invoice'; invoiceId: number; number: string };

const PAPERS: Paper[] = ['a5', 'roll80'];

type Props = {
  doc: Printable;
  /** Prefix of the fields' ids and test ids, so two forms can share a screen. */
  idPrefix: string;
  onClose?: (() => void) | undefined;
};

/**
 * Saves a receipt or invoice as PDF in the chosen paper and language, the way the
 * record export does: the service writes it to the Downloads folder, audits the print,
 * marks a reprint COPY, and the path is shown here.
 */
export function PrintForm({ doc, idPrefix, onClose }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [paper, setPaper] = useState<Paper>('a5');
  // '' is the patient's own language, which the service looks up.
  const [language, setLanguage] = useState<Language | ''>('');
  const [path, setPath] = useState<string | null>(null);
  const { busy, err, onSubmit } = useSubmit(['paper', 'language'], async () => {
    setPath(null);
    const lang = language === '' ? null : language;
    setPath(
      doc.kind === 'receipt'
        ? await api.receiptPdf(token, doc.paymentId, paper, lang)
        : await api.invoicePdf(token, doc.invoiceId, paper, lang),
    );
  });
  const title = doc.kind === 'receipt' ? t('print.receiptTitle') : t('print.invoiceTitle', { number: doc.number });
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form className="print-form" onSubmit={onSubmit} noValidate aria-label={title} data-testid={id('form')}>
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
        <Button type="submit" variant="primary" busy={busy} testId={id('save')}>
          {doc.kind === 'receipt' ? t('print.receipt') : t('print.invoice')}
        </Button>
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
    </form>
  );
}
