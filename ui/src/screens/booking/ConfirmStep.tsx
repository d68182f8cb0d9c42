import { useState } from 'react';
import { api, errorField, toAppError } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { bookingInput, type Chosen, type Parties } from './draft';
import { Suggestions } from './SlotPicker';

type Props = {
  parties: Parties;
  chosen: Chosen;
  onChosen: (c: Chosen) => void;
  pastReason: string;
  onPastReason: (s: string) => void;
  onBooked: (booked: Appointment[]) => void;
  /** "Repeat" turns the booking into a series, booked from the series form below. */
  repeat: boolean;
  onRepeat: (on: boolean) => void;
};

/**
 * Books the picked time with Enter. A taken slot shows the back end's message and the
 * next free times; Enter on one of them books it at once.
 */
export function ConfirmStep({ parties, chosen, onChosen, pastReason, onPastReason, onBooked, repeat, onRepeat }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [busy, setBusy] = useState(false);
  const [suggestions, setSuggestions] = useState<string[] | null>(null);
  const [needReason, setNeedReason] = useState(false);
  const err = useCommandError(['past_reason']);

  const book = async (c: Chosen) => {
    if (busy) return;
    setBusy(true);
    err.clear();
    setSuggestions(null);
    const req = bookingInput(parties, c.starts_at, c.room_id, pastReason);
    try {
      onBooked([await api.bookAppointment(token, req)]);
    } catch (raw) {
      const e = toAppError(raw);
      err.setError(e);
      if (errorField(e) === 'past_reason') setNeedReason(true);
      if (e.kind === 'conflict' && errorField(e) === 'starts_at') {
        // The refusal names the next free times in words; check_slot gives them to pick.
        try {
          setSuggestions((await api.checkSlot(token, req, null)).suggestions);
        } catch {
          setSuggestions([]);
        }
      }
      setBusy(false);
    }
  };

  const taken = err.error?.kind === 'conflict' && errorField(err.error) === 'starts_at';
  const showReason = chosen.in_past || needReason || pastReason !== '';

  return (
    <form
      className="book-step stack"
      data-testid="book-step-confirm"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!repeat) void book(chosen);
      }}
    >
      {showReason ? (
        <Field
          id="book-past-reason"
          label={t('book.pastReason')}
          hint={t('book.pastReasonHint')}
          autoComplete="off"
          autoFocus={needReason || chosen.in_past}
          value={pastReason}
          onChange={(e) => onPastReason(e.target.value)}
          error={err.fieldError('past_reason')}
        />
      ) : null}
      {taken ? (
        <div className="stack">
          <div className="clash" data-testid="book-clash" role="alert">
            <p>{err.error?.message}</p>
          </div>
          {suggestions && suggestions.length > 0 ? (
            <Suggestions
              starts={suggestions}
              autoFocus
              onPick={(s) => {
                const next = { ...chosen, starts_at: s, in_past: false };
                onChosen(next);
                void book(next);
              }}
            />
          ) : null}
        </div>
      ) : err.banner ? (
        <Banner tone="error" testId="book-error">
          {err.banner}
        </Banner>
      ) : null}
      <label className="check">
        <input type="checkbox" data-testid="book-repeat" checked={repeat} onChange={(e) => onRepeat(e.target.checked)} />
        {t('book.repeat')}
      </label>
      {repeat ? null : (
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy} testId="book-confirm" autoFocus={!showReason}>
            {t('book.confirm')}
          </Button>
        </div>
      )}
    </form>
  );
}
