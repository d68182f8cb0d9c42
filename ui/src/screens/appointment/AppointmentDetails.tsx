import './appointment.css';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import type { AppointmentEvent } from '../../bindings/AppointmentEvent';
import type { Practitioner } from '../../bindings/Practitioner';
import type { Room } from '../../bindings/Room';
import type { Status } from '../../bindings/Status';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { mayChangeStatusOf } from './statusRights';
import { formatTime, formatWhen } from '../../time';
import { StatusBadge } from '../schedule/StatusBadge';
import { useNow } from '../schedule/useNow';
import { stepLabel } from '../today/rows';
import { CancelForm } from './CancelForm';
import { HistoryList } from './HistoryList';
import { RescheduleForm } from './RescheduleForm';

type Props = {
  id: number;
  /** The appointment as the screen behind already has it; it is fetched again anyway. */
  initial?: Appointment | undefined;
  onClose: () => void;
  /** Something changed: the screen behind fetches its list again. */
  onChanged: () => void;
};

type Mode = 'view' | 'cancel' | 'reschedule';

/** One appointment: who, when, where, its history, and what can be done with it. */
export function AppointmentDetails({ id, initial, onClose, onChanged }: Props) {
  const { t, lang } = useI18n();
  const session = useSession();
  const { token, can } = session;
  const now = useNow();
  const [a, setA] = useState<Appointment | null>(initial ?? null);
  const [history, setHistory] = useState<AppointmentEvent[] | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [choices, setChoices] = useState<{ practitioners: Practitioner[]; rooms: Room[] } | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const load = useCallback(async () => {
    try {
      const [appt, events] = await Promise.all([api.getAppointment(token, id), api.appointmentHistory(token, id)]);
      setA(appt);
      setHistory(events);
    } catch (e) {
      setError(e);
    }
  }, [token, id, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opening the details is the effect
    void load();
  }, [load]);

  const changed = async (message: string) => {
    setMode('view');
    setNotice(message);
    onChanged();
    await load();
  };

  const openReschedule = async () => {
    err.clear();
    setNotice(null);
    if (!choices) {
      try {
        const [practitioners, rooms] = await Promise.all([api.listPractitioners(token), api.listRooms(token)]);
        setChoices({ practitioners, rooms });
      } catch (e) {
        setError(e);
        return;
      }
    }
    setMode('reschedule');
  };

  const step = async (to: Status) => {
    if (!a || busy) return;
    setBusy(true);
    err.clear();
    setNotice(null);
    try {
      const u = await api.setAppointmentStatus(token, a.id, to);
      await changed(t('today.changed', { name: u.patient_name, status: t(`status.${u.status}`) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const slip = async () => {
    if (!a) return;
    err.clear();
    try {
      setNotice(t('slip.saved', { path: await api.printSlip(token, a.id) }));
    } catch (e) {
      setError(e);
    }
  };

  const title = a ? t('appt.title', { name: a.patient_name }) : t('appt.titleLoading');
  const mayBook = can('book_appointments');
  const open = a !== null && (a.status === 'booked' || a.status === 'arrived');

  return (
    <Dialog title={title} onClose={onClose} testId="appt-details" wide>
      {notice ? (
        <Banner tone="success" testId="appt-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="appt-error">
          {err.banner}
        </Banner>
      ) : null}
      {!a ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : (
        <div className="stack" data-id={a.id} data-status={a.status}>
          <dl className="details appt-facts">
            <div>
              <dt>{t('today.col.patient')}</dt>
              <dd>
                {a.patient_name}{' '}
                {a.patient_name_ur ? (
                  <span className="urdu" dir="rtl" lang="ur">
                    {a.patient_name_ur}
                  </span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>{t('patients.col.mrn')}</dt>
              <dd dir="ltr">{a.mrn}</dd>
            </div>
            <div>
              <dt>{t('patients.col.phone')}</dt>
              <dd dir="ltr">{a.patient_phone ?? t('common.none')}</dd>
            </div>
            <div>
              <dt>{t('book.when')}</dt>
              <dd data-testid="appt-when" dir="ltr" className={a.status === 'cancelled' ? 'struck-all' : undefined}>
                {formatWhen(a.starts_at, lang)}–{formatTime(a.ends_at, lang)}
              </dd>
            </div>
            <div>
              <dt>{t('today.col.practitioner')}</dt>
              <dd>{a.practitioner_name}</dd>
            </div>
            <div>
              <dt>{t('today.col.service')}</dt>
              <dd>{a.service_name}</dd>
            </div>
            <div>
              <dt>{t('today.col.room')}</dt>
              <dd>{a.room_name}</dd>
            </div>
            <div>
              <dt>{t('today.col.status')}</dt>
              <dd>
                <StatusBadge appointment={a} now={now} />
                {a.series_id !== null ? (
                  <>
                    {' '}
                    <span className="tag" data-testid="appt-series">
                      {t('appt.inSeries')}
                    </span>
                  </>
                ) : null}
              </dd>
            </div>
            {a.status === 'cancelled' ? (
              <div>
                <dt>{t('appt.cancelledBy')}</dt>
                <dd data-testid="appt-cancelled">
                  {a.cancelled_by === 'clinic' ? t('appt.by.clinic') : t('appt.by.patient')}
                  {a.cancel_reason ? ` — ${a.cancel_reason}` : ''}
                </dd>
              </div>
            ) : null}
          </dl>

          {mode === 'view' ? (
            <div className="actions">
              {mayChangeStatusOf(session, a)
                ? a.steps.map((s) => (
                    <Button
                      key={s.to}
                      variant={s.undo ? 'quiet' : s.to === 'arrived' ? 'primary' : 'secondary'}
                      busy={busy}
                      testId={`appt-status-${s.to}`}
                      onClick={() => void step(s.to)}
                    >
                      {s.to === 'arrived' && a.status === 'booked' ? t('today.checkin') : t(stepLabel(a.status, s.to, s.undo))}
                    </Button>
                  ))
                : null}
              {mayBook && a.status === 'booked' ? (
                <Button testId="appt-reschedule" onClick={() => void openReschedule()}>
                  {t('appt.reschedule')}
                </Button>
              ) : null}
              {mayBook && open ? (
                <Button variant="danger" testId="appt-cancel" onClick={() => setMode('cancel')}>
                  {t('appt.cancel')}
                </Button>
              ) : null}
              <Button variant="quiet" testId="appt-slip" onClick={() => void slip()}>
                {t('book.slip')}
              </Button>
            </div>
          ) : null}
          {mode === 'cancel' ? (
            <CancelForm
              appointment={a}
              onBack={() => setMode('view')}
              onDone={(list) => void changed(t('appt.cancelled', { count: list.length }))}
            />
          ) : null}
          {mode === 'reschedule' && choices ? (
            <RescheduleForm
              appointment={a}
              practitioners={choices.practitioners}
              rooms={choices.rooms}
              onBack={() => setMode('view')}
              onDone={(list) => void changed(t('appt.moved', { count: list.length }))}
            />
          ) : null}

          <section aria-labelledby="appt-history-title">
            <h3 id="appt-history-title">{t('history.title')}</h3>
            {history === null ? <p>{t('common.loading')}</p> : <HistoryList events={history} />}
          </section>
        </div>
      )}
    </Dialog>
  );
}
