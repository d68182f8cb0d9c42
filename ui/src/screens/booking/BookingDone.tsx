import { useState } from 'react';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatSpan, formatTime, formatWhen } from '../../time';

type Props = { booked: Appointment[]; onAnother: () => void; onClose: () => void };

/** What was booked, with its slip; Enter prints the slip. */
export function BookingDone({ booked, onAnother, onClose }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [saved, setSaved] = useState<string | null>(null);
  const err = useCommandError([]);
  const first = booked[0];
  if (!first) return null;

  const slip = async () => {
    err.clear();
    try {
      setSaved(await api.printSlip(token, first.id));
    } catch (e) {
      err.setError(e);
    }
  };

  return (
    <div className="stack" data-testid="book-done" data-id={first.id}>
      <Banner tone="success">
        {booked.length === 1
          ? t('book.done', {
              name: first.patient_name,
              practitioner: first.practitioner_name,
              when: formatSpan(first.starts_at, first.ends_at, lang),
              room: first.room_name,
            })
          : t('book.doneSeries', { count: booked.length, name: first.patient_name, practitioner: first.practitioner_name })}
      </Banner>
      {booked.length > 1 ? (
        <ul className="done-list">
          {booked.map((a) => (
            <li key={a.id} data-testid="book-done-row" data-id={a.id} dir="ltr">
              {formatWhen(a.starts_at, lang)}–{formatTime(a.ends_at, lang)} · {a.room_name}
            </li>
          ))}
        </ul>
      ) : null}
      {saved ? (
        <Banner tone="info" testId="book-slip-saved">
          {t('slip.saved', { path: saved })}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="actions">
        <Button variant="primary" testId="book-slip" autoFocus onClick={() => void slip()}>
          {t('book.slip')}
        </Button>
        <Button testId="book-another" onClick={onAnother}>
          {t('book.another')}
        </Button>
        <Button variant="quiet" testId="book-finish" onClick={onClose}>
          {t('common.close')}
        </Button>
      </div>
    </div>
  );
}
