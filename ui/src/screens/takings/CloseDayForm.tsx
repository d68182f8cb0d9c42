import { useState } from 'react';
import { api } from '../../api';
import type { DayClosing } from '../../bindings/DayClosing';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, TextAreaField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { MoneyText } from '../billing/Money';
import { parseRupees } from '../billing/money';

type Props = {
  day: string;
  expectedCashPaisa: number;
  onClosed: (c: DayClosing) => void;
};

/**
 * The cashier types the cash counted in the drawer; the difference from what was
 * expected is shown while typing, and a difference needs a note. The service reads
 * the count again and is the judge; its errors appear next to the field they name.
 */
export function CloseDayForm({ day, expectedCashPaisa, onClosed }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [noteNeeded, setNoteNeeded] = useState(false);
  const countedPaisa = parseRupees(counted);
  const difference = countedPaisa === null ? null : countedPaisa - expectedCashPaisa;
  const { busy, err, onSubmit } = useSubmit(
    ['counted_cash', 'note', 'day'],
    async () => {
      onClosed(await api.closeDay(token, { day, counted_cash: counted.trim(), note: note.trim() === '' ? null : note.trim() }));
    },
    {
      validate: () => {
        const missing = difference !== null && difference !== 0 && note.trim() === '';
        setNoteNeeded(missing);
        return !missing;
      },
    },
  );
  const noteError = err.fieldError('note') ?? (noteNeeded && note.trim() === '' ? t('takings.noteNeeded') : undefined);

  return (
    <form className="stack card" onSubmit={onSubmit} noValidate aria-label={t('takings.closeTitle')} data-testid="close-day-form">
      <p>
        <MoneyText text={t('takings.expectedCash')} paisa={expectedCashPaisa} testId="close-expected" />
      </p>
      {err.banner ? (
        <Banner tone="error" testId="close-error">
          {err.banner}
        </Banner>
      ) : null}
      {err.fieldError('day') ? (
        <p className="field-error" role="alert" data-testid="close-day-error">
          {err.fieldError('day')}
        </p>
      ) : null}
      <Field
        id="close-counted"
        label={t('takings.countedCash')}
        hint={t('takings.countedHint')}
        inputMode="decimal"
        autoComplete="off"
        dir="ltr"
        autoFocus
        value={counted}
        onChange={(e) => setCounted(e.target.value)}
        error={err.fieldError('counted_cash')}
      />
      <div aria-live="polite" data-testid="close-difference" data-paisa={difference ?? ''}>
        {counted.trim() === '' ? null : difference === null ? (
          <p className="muted">{t('bill.notAmount')}</p>
        ) : difference === 0 ? (
          <p>{t('takings.matches')}</p>
        ) : (
          <p className="cash-differs">
            <MoneyText text={difference > 0 ? t('takings.over') : t('takings.short')} paisa={Math.abs(difference)} />
          </p>
        )}
      </div>
      <TextAreaField
        id="close-note"
        label={difference !== null && difference !== 0 ? t('takings.noteRequired') : t('takings.noteOptional')}
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={noteError}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="close-submit">
          {t('takings.closeSubmit')}
        </Button>
      </div>
    </form>
  );
}
