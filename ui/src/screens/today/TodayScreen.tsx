import '../schedule/schedule.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import type { Status } from '../../bindings/Status';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { mayChangeSomeStatus, mayChangeStatusOf } from '../appointment/statusRights';
import { addDays, clinicToday, formatDay, isDay } from '../../time';
import { AppointmentDetails } from '../appointment/AppointmentDetails';
import { AccountSummary } from '../billing/AccountSummary';
import { CheckoutDialog } from '../billing/checkout/CheckoutDialog';
import { BookingPanel } from '../booking/BookingPanel';
import { useOpenChart } from '../chart/openChart';
import { isNewBookingKey, useShortcut } from '../schedule/keys';
import { KeyHints } from '../schedule/KeyHints';
import { canStep, isLate, undoStep } from '../schedule/status';
import { useNow } from '../schedule/useNow';
import { rowDomId } from './rows';
import { TodayTable } from './TodayTable';

/** How often the day's list is fetched again on its own: others book at the same time. */
const REFRESH_MS = 60_000;

/** The front desk's day: who comes when, checked in with one key. */
export function TodayScreen() {
  const { t, lang } = useI18n();
  const session = useSession();
  const { token, can } = session;
  const [day, setDay] = useState(() => clinicToday());
  const [typedDay, setTypedDay] = useState(day);
  const [rows, setRows] = useState<Appointment[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const err = useCommandError(['date']);
  const { setError, clear } = err;
  const now = useNow();
  // Each load takes a number; an answer for an older day is dropped.
  const latest = useRef(0);
  const focusedDay = useRef<string | null>(null);
  const mayChangeStatus = mayChangeSomeStatus(session);
  const mayBook = can('book_appointments');
  const openChart = useOpenChart();
  const [booking, setBooking] = useState(false);
  const [details, setDetails] = useState<Appointment | null>(null);
  const [checkout, setCheckout] = useState<Appointment | null>(null);
  // The patient just checked in: their balance and credit are shown to the desk.
  const [arrivedPatient, setArrivedPatient] = useState<number | null>(null);
  const mayBill = can('bill');
  const dialogOpen = booking || details !== null || checkout !== null;
  useShortcut(isNewBookingKey, () => setBooking(true), mayBook && !dialogOpen);

  const load = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const list = await api.appointmentsOnDay(token, day);
      if (latest.current === mine) setRows(list);
    } catch (e) {
      if (latest.current === mine) setError(e);
    }
  }, [token, day, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the day is the effect
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  // When a day's list first arrives and nothing has the focus, the keyboard starts on its first open appointment.
  useEffect(() => {
    if (!rows || rows.length === 0 || focusedDay.current === day) return;
    focusedDay.current = day;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const first = rows.find((a) => a.status === 'booked' || a.status === 'arrived') ?? rows[0];
    if (first) document.getElementById(rowDomId(first.id))?.focus();
  }, [rows, day]);

  const showDay = (d: string) => {
    setTypedDay(d);
    if (d === day) return;
    setRows(null);
    setSelected(null);
    setNotice(null);
    clear();
    setDay(d);
  };

  const changeStatus = async (a: Appointment, to: Status) => {
    if (busyId !== null) return;
    setNotice(null);
    clear();
    if (!canStep(a, to)) {
      setError({ kind: 'validation', message: t('today.notAllowed', { name: a.patient_name, from: t(`status.${a.status}`), to: t(`status.${to}`) }) });
      return;
    }
    setBusyId(a.id);
    setArrivedPatient(null);
    const from = a.status;
    try {
      const changed = await api.setAppointmentStatus(token, a.id, to);
      if (changed.status === 'arrived' && from === 'booked') setArrivedPatient(changed.patient_id);
      setNotice(t('today.changed', { name: changed.patient_name, status: t(`status.${changed.status}`) }));
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusyId(null);
    }
  };

  const undo = (a: Appointment) => {
    const back = undoStep(a);
    if (back) void changeStatus(a, back);
    else setError({ kind: 'validation', message: t('today.noUndo', { status: t(`status.${a.status}`) }) });
  };

  const slip = async (a: Appointment) => {
    setNotice(null);
    clear();
    try {
      setNotice(t('slip.saved', { path: await api.printSlip(token, a.id) }));
    } catch (e) {
      setError(e);
    }
  };

  const list = rows ?? [];
  const count = (s: Status) => list.filter((a) => a.status === s).length;
  const late = list.filter((a) => isLate(a, now)).length;

  return (
    <>
      <section aria-labelledby="today-title" className="stack" inert={dialogOpen}>
        <div className="title-row">
          <h1 id="today-title">
            {day === clinicToday() ? t('today.title') : t('today.titleOther')} <span className="muted">{formatDay(day, lang)}</span>
          </h1>
          {mayBook ? (
            <Button variant="primary" testId="book-open" aria-keyshortcuts="N Control+B" onClick={() => setBooking(true)}>
              {t('book.open')} <kbd dir="ltr">N</kbd>
            </Button>
          ) : null}
        </div>
        <div className="card day-picker">
          <Button testId="today-prev" aria-label={t('today.prevDay')} onClick={() => showDay(addDays(day, -1))}>
            {lang === 'ur' ? '→' : '←'}
          </Button>
          <Field
            id="today-date"
            label={t('today.date')}
            hint={t('common.dayHint')}
            dir="ltr"
            inputMode="numeric"
            autoComplete="off"
            value={typedDay}
            onChange={(e) => {
              const v = e.target.value.trim();
              setTypedDay(e.target.value);
              if (isDay(v)) showDay(v);
            }}
            error={err.fieldError('date')}
          />
          <Button testId="today-next" aria-label={t('today.nextDay')} onClick={() => showDay(addDays(day, 1))}>
            {lang === 'ur' ? '←' : '→'}
          </Button>
          <Button testId="today-today" onClick={() => showDay(clinicToday())}>
            {t('today.goToday')}
          </Button>
          <Button variant="quiet" testId="today-refresh" onClick={() => void load()}>
            {t('today.refresh')}
          </Button>
        </div>
        {notice ? (
          <Banner tone="success" testId="today-notice">
            {notice}
          </Banner>
        ) : null}
        {notice && arrivedPatient !== null ? <AccountSummary key={arrivedPatient} patientId={arrivedPatient} testId="today-account" /> : null}
        {err.banner ? (
          <Banner tone="error" testId="today-error">
            {err.banner}
          </Banner>
        ) : null}
        <KeyHints
          label={t('keys.title')}
          testId="today-keys"
          hints={[
            [['↑', '↓'], t('keys.select')],
            ...(mayChangeStatus
              ? ([
                  [['Enter'], t('keys.arrived')],
                  [['A'], t('keys.arrived')],
                  [['I'], t('keys.inSession')],
                  [['C'], t('keys.completed')],
                  [['M'], t('keys.noShow')],
                  [['U'], t('keys.undo')],
                ] as [string[], string][])
              : []),
            [['O'], t('keys.details')],
            [['P'], t('keys.slip')],
            ...(openChart ? ([[['R'], t('keys.chart')]] as [string[], string][]) : []),
            ...(mayBill ? ([[['B'], t('bill.keys.checkout')]] as [string[], string][]) : []),
            ...(mayBook ? ([[['N'], t('keys.newBooking')], [['Ctrl', 'B'], t('keys.newBooking')]] as [string[], string][]) : []),
          ]}
        />
        {rows === null ? (
          err.banner ? null : <p>{t('common.loading')}</p>
        ) : rows.length === 0 ? (
          <p className="muted" data-testid="today-empty">
            {t('today.none')}
          </p>
        ) : (
          <>
            <p className="day-counts" data-testid="today-counts">
              {t('today.counts', { total: rows.length, arrived: count('arrived') + count('in_session'), late, noShow: count('no_show') })}
            </p>
            <TodayTable
              rows={rows}
              now={now}
              selected={selected}
              busyId={busyId}
              mayChangeStatus={(a) => mayChangeStatusOf(session, a)}
              onSelect={setSelected}
              onStatus={(a, to) => void changeStatus(a, to)}
              onUndo={undo}
              onSlip={(a) => void slip(a)}
              onOpen={setDetails}
              onChart={openChart ? (a) => openChart(a.patient_id) : null}
              onCheckout={mayBill ? setCheckout : null}
            />
          </>
        )}
      </section>
      {details ? (
        <AppointmentDetails
          id={details.id}
          initial={details}
          onClose={() => setDetails(null)}
          onChanged={() => {
            setNotice(null);
            void load();
          }}
        />
      ) : null}
      {checkout ? (
        <CheckoutDialog
          appointment={checkout}
          onClose={() => setCheckout(null)}
          onChanged={() => {
            setNotice(null);
            void load();
          }}
        />
      ) : null}
      {booking ? (
        <BookingPanel
          onClose={() => setBooking(false)}
          onBooked={() => {
            setNotice(null);
            void load();
          }}
        />
      ) : null}
    </>
  );
}
