import type { AppointmentEvent } from '../../bindings/AppointmentEvent';
import { useI18n } from '../../i18n/context';
import { isMessageKey } from '../../i18n/translate';
import { formatSpan, formatWhen } from '../../time';

/** An appointment's history, oldest first: booked, each status change, each move. */
export function HistoryList({ events }: { events: AppointmentEvent[] }) {
  const { t, lang } = useI18n();
  const status = (s: string | null) => {
    const key = `status.${s ?? ''}`;
    return isMessageKey(key) ? t(key) : (s ?? '');
  };

  const what = (e: AppointmentEvent) => {
    switch (e.kind) {
      case 'booked':
        return t('history.booked');
      case 'status':
        return t('history.status', { from: status(e.from_status), to: status(e.to_status) });
      case 'rescheduled': {
        const from = e.old_starts_at
          ? e.old_ends_at
            ? formatSpan(e.old_starts_at, e.old_ends_at, lang)
            : formatWhen(e.old_starts_at, lang)
          : t('common.none');
        const extra = [e.old_practitioner_name, e.old_room_name].filter(Boolean).join(', ');
        return extra ? t('history.movedFromWith', { from, extra }) : t('history.movedFrom', { from });
      }
      default:
        return e.kind;
    }
  };

  if (events.length === 0) return <p className="muted">{t('history.none')}</p>;
  return (
    <ol className="history-list">
      {events.map((e, i) => (
        <li key={i} data-testid="appt-history-row" data-kind={e.kind}>
          <span className="when" dir="ltr">
            {formatWhen(e.at, lang)}
          </span>
          <span>{what(e)}</span>
          <span className="muted">{e.staff_name}</span>
          {e.reason ? <span className="history-reason">{t('history.reason', { reason: e.reason })}</span> : null}
        </li>
      ))}
    </ol>
  );
}
