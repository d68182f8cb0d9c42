import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import '../schedule/schedule.css';
import './calendar.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Calendar, Views, type CalendarProps, type EventProps, type SlotInfo } from 'react-big-calendar';
import dragAndDrop, { type EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import type { Practitioner } from '../../bindings/Practitioner';
import type { RescheduleInput } from '../../bindings/RescheduleInput';
import type { Room } from '../../bindings/Room';
import type { Scope } from '../../bindings/Scope';
import type { WorkingHours } from '../../bindings/WorkingHours';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, SelectField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { addDays, clinicToday, formatDay, formatWhen, isDay, mondayOf, toTypedTime } from '../../time';
import { AppointmentDetails } from '../appointment/AppointmentDetails';
import { ScopeChoice } from '../appointment/ScopeChoice';
import { BookingPanel } from '../booking/BookingPanel';
import type { Prefill } from '../booking/draft';
import { isNewBookingKey, useShortcut } from '../schedule/keys';
import { isLate } from '../schedule/status';
import { useNow } from '../schedule/useNow';
import { canDrag, practitionerColumns, roomColumns, toEvents, type CalendarEvent, type CalendarView, type Column } from './events';
import { DAY_ENDS, DAY_STARTS, clinicDayOf, clinicMoment, formats, instant, isWorking, localizer } from './localizer';

// The add-on ships as CommonJS only: Node hands over its default export, while the
// browser bundle may hand over the module object with the function on `default`.
type WithDragAndDrop = typeof dragAndDrop;
const withDragAndDrop: WithDragAndDrop =
  typeof dragAndDrop === 'function' ? dragAndDrop : (dragAndDrop as unknown as { default: WithDragAndDrop }).default;

const DnDCalendar = withDragAndDrop<CalendarEvent, Column>(
  Calendar as unknown as React.ComponentType<CalendarProps<CalendarEvent, Column>>,
);

const VIEWS: CalendarView[] = ['day', 'room', 'week'];

/** A drag waiting for its scope (a series asks which of its appointments move). */
type Move = { appointment: Appointment; start: Date; end: Date; resized: boolean; practitionerId: number; roomId: number };
type Notice = { text: string; undo: { id: number; req: RescheduleInput } | null };

/**
 * The appointment book: a column per practitioner or per room for a day, or one
 * practitioner's week. Drag to move (the back end checks every conflict), with Undo;
 * click an empty slot to book there.
 */
export function CalendarScreen() {
  const { t, lang } = useI18n();
  const { token, can } = useSession();
  const now = useNow();
  const [view, setView] = useState<CalendarView>('day');
  const [day, setDay] = useState(() => clinicToday());
  const [typedDay, setTypedDay] = useState(day);
  const [practitioners, setPractitioners] = useState<Practitioner[]>([]);
  const [rooms, setRooms] = useState<Room[]>([]);
  const [hours, setHours] = useState<Map<number, WorkingHours[]>>(new Map());
  const [weekOf, setWeekOf] = useState<number | null>(null);
  const [list, setList] = useState<Appointment[] | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, setPending] = useState<Move | null>(null);
  const [pendingScope, setPendingScope] = useState<Scope>('this');
  const [busy, setBusy] = useState(false);
  const [booking, setBooking] = useState<Prefill | null>(null);
  const [details, setDetails] = useState<Appointment | null>(null);
  const err = useCommandError([]);
  const { setError, clear } = err;
  const latest = useRef(0);
  const mayBook = can('book_appointments');
  const dialogOpen = booking !== null || details !== null || pending !== null;
  useShortcut(isNewBookingKey, () => setBooking({ practitionerId: view === 'week' ? weekOf : null }), mayBook && !dialogOpen);

  useEffect(() => {
    let live = true;
    Promise.all([api.listPractitioners(token), api.listRooms(token)]).then(
      ([ps, rs]) => {
        if (!live) return;
        setPractitioners(ps);
        setRooms(rs);
        setWeekOf((w) => w ?? ps[0]?.id ?? null);
        // Working hours only shade the calendar: a practitioner whose hours cannot be read is shown unshaded.
        void Promise.all(ps.map((p) => api.getWorkingHours(token, p.id).then((h) => [p.id, h] as const, () => null))).then((all) => {
          if (live) setHours(new Map(all.filter((x): x is readonly [number, WorkingHours[]] => x !== null)));
        });
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [token, setError]);

  const monday = mondayOf(day);
  const load = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const appts =
        view === 'week'
          ? weekOf === null
            ? []
            : await api.appointmentsBetween(token, monday, addDays(monday, 6), { practitioner_id: weekOf, room_id: null })
          : await api.appointmentsOnDay(token, day);
      if (latest.current === mine) setList(appts);
    } catch (e) {
      if (latest.current === mine) setError(e);
    }
  }, [token, view, day, monday, weekOf, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the range is the effect
    void load();
  }, [load]);

  const showDay = (d: string) => {
    setTypedDay(d);
    setDay(d);
  };

  const reschedule = async (m: Move, scope: Scope) => {
    const a = m.appointment;
    const changedPractitioner = m.practitionerId !== a.practitioner_id;
    const changedRoom = m.roomId !== a.room_id;
    const req: RescheduleInput = {
      starts_at: instant(m.start),
      ends_at: m.resized ? instant(m.end) : null,
      practitioner_id: changedPractitioner ? m.practitionerId : null,
      room_id: changedRoom ? m.roomId : null,
      scope,
      reason: null,
    };
    const back: RescheduleInput = {
      starts_at: a.starts_at,
      ends_at: a.ends_at,
      practitioner_id: changedPractitioner ? a.practitioner_id : null,
      room_id: changedRoom ? a.room_id : null,
      scope,
      reason: null,
    };
    setBusy(true);
    clear();
    setNotice(null);
    try {
      const moved = await api.rescheduleAppointment(token, a.id, req);
      const first = moved.find((x) => x.id === a.id) ?? moved[0];
      setNotice({
        text: t('calendar.moved', {
          name: a.patient_name,
          when: first ? formatWhen(first.starts_at, lang) : formatWhen(req.starts_at, lang),
          count: moved.length,
        }),
        undo: { id: a.id, req: back },
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setPending(null);
      // Fetched again either way: a refused move snaps back to where it was.
      await load();
    }
  };

  const undo = async (u: { id: number; req: RescheduleInput }) => {
    setBusy(true);
    clear();
    try {
      await api.rescheduleAppointment(token, u.id, u.req);
      setNotice({ text: t('calendar.undone'), undo: null });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      await load();
    }
  };

  const onDrop = (resized: boolean) => (args: EventInteractionArgs<CalendarEvent>) => {
    const a = args.event.appointment;
    if (!canDrag(args.event) || busy) return;
    const start = new Date(args.start);
    const end = new Date(args.end);
    const column = typeof args.resourceId === 'number' ? args.resourceId : Number(args.resourceId ?? NaN);
    const m: Move = {
      appointment: a,
      start,
      end,
      resized,
      practitionerId: view === 'day' && Number.isFinite(column) ? column : a.practitioner_id,
      roomId: view === 'room' && Number.isFinite(column) ? column : a.room_id,
    };
    const same =
      instant(start) === a.starts_at && (!resized || instant(end) === a.ends_at) && m.practitionerId === a.practitioner_id && m.roomId === a.room_id;
    if (same) return;
    if (a.series_id !== null) {
      setPendingScope('this');
      setPending(m);
    } else void reschedule(m, 'this');
  };

  const onSelectSlot = (slot: SlotInfo) => {
    if (!mayBook) return;
    const column = typeof slot.resourceId === 'number' ? slot.resourceId : null;
    setBooking({
      practitionerId: view === 'day' ? column : view === 'week' ? weekOf : null,
      roomId: view === 'room' ? column : null,
      typedTime: toTypedTime(slot.start),
    });
  };

  const appts = useMemo(() => list ?? [], [list]);
  const events = useMemo(() => toEvents(appts, view, t('appt.restricted')), [appts, view, t]);
  const columns =
    view === 'day' ? practitionerColumns(practitioners, appts) : view === 'room' ? roomColumns(rooms, appts) : undefined;

  const slotProps = useCallback(
    (date: Date, resourceId?: number | string) => {
      const who = view === 'day' ? (typeof resourceId === 'number' ? resourceId : null) : view === 'week' ? weekOf : null;
      const h = who === null ? undefined : hours.get(who);
      return h && !isWorking(h, date) ? { className: 'cal-off-hours' } : {};
    },
    [view, weekOf, hours],
  );

  const components = useMemo(
    () => ({
      event: ({ event }: EventProps<CalendarEvent>) => {
        const a = event.appointment;
        return (
          <div className="cal-event" data-testid="calendar-event" data-id={a.id} data-status={a.status}>
            <strong>{a.restricted ? t('appt.restricted') : a.patient_name}</strong>
            <span className="cal-event-line">{view === 'room' ? a.practitioner_name : a.room_name}</span>
            <span className="cal-event-line">{a.service_name}</span>
            {a.status !== 'booked' || isLate(a, now) ? (
              <span className="cal-event-status">{isLate(a, now) ? t('status.late') : t(`status.${a.status}`)}</span>
            ) : null}
          </div>
        );
      },
    }),
    [view, now, t],
  );

  const rbcDate = clinicMoment(day, 12);
  const weekPractitioner = practitioners.find((p) => p.id === weekOf);

  const exportIcs = async () => {
    if (weekOf === null) return;
    clear();
    setNotice(null);
    try {
      const path = await api.exportPractitionerIcs(token, weekOf, monday, addDays(monday, 6));
      setNotice({ text: t('calendar.icsSaved', { path }), undo: null });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <section aria-labelledby="calendar-title" className="stack" inert={dialogOpen}>
        <div className="title-row">
          <h1 id="calendar-title">
            {t('calendar.title')}{' '}
            <span className="muted">
              {view === 'week'
                ? t('calendar.weekOf', { from: formatDay(monday, lang), to: formatDay(addDays(monday, 6), lang) })
                : formatDay(day, lang)}
            </span>
          </h1>
          {mayBook ? (
            <Button
              variant="primary"
              testId="book-open"
              aria-keyshortcuts="N Control+B"
              onClick={() => setBooking({ practitionerId: view === 'week' ? weekOf : null })}
            >
              {t('book.open')} <kbd dir="ltr">N</kbd>
            </Button>
          ) : null}
        </div>
        <div className="card day-picker cal-toolbar">
          <div className="view-switch" role="group" aria-label={t('calendar.view')}>
            {VIEWS.map((v) => (
              <Button
                key={v}
                variant={view === v ? 'primary' : 'secondary'}
                aria-pressed={view === v}
                testId={`calendar-view-${v}`}
                onClick={() => setView(v)}
              >
                {t(`calendar.view.${v}`)}
              </Button>
            ))}
          </div>
          <Button testId="calendar-prev" aria-label={t('calendar.prev')} onClick={() => showDay(addDays(day, view === 'week' ? -7 : -1))}>
            {lang === 'ur' ? '→' : '←'}
          </Button>
          <Field
            id="calendar-date"
            label={t('today.date')}
            hint={t('common.dayHint')}
            dir="ltr"
            inputMode="numeric"
            autoComplete="off"
            value={typedDay}
            onChange={(e) => {
              setTypedDay(e.target.value);
              if (isDay(e.target.value.trim())) setDay(e.target.value.trim());
            }}
          />
          <Button testId="calendar-next" aria-label={t('calendar.next')} onClick={() => showDay(addDays(day, view === 'week' ? 7 : 1))}>
            {lang === 'ur' ? '←' : '→'}
          </Button>
          <Button testId="calendar-today" onClick={() => showDay(clinicToday())}>
            {t('today.goToday')}
          </Button>
          {view === 'week' ? (
            <>
              <SelectField
                id="calendar-practitioner"
                label={t('book.practitioner')}
                value={weekOf === null ? '' : String(weekOf)}
                onChange={(e) => setWeekOf(e.target.value === '' ? null : Number(e.target.value))}
              >
                {practitioners.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.full_name}
                  </option>
                ))}
              </SelectField>
              <Button testId="calendar-export-ics" disabled={weekOf === null} onClick={() => void exportIcs()}>
                {t('calendar.exportIcs', { name: weekPractitioner?.full_name ?? '' })}
              </Button>
            </>
          ) : null}
        </div>
        {notice ? (
          <Banner tone="success" testId="calendar-notice">
            {notice.text}{' '}
            {notice.undo ? (
              <Button variant="quiet" busy={busy} testId="calendar-undo" onClick={() => notice.undo && void undo(notice.undo)}>
                {t('calendar.undo')}
              </Button>
            ) : null}
          </Banner>
        ) : null}
        {err.banner ? (
          <Banner tone="error" testId="calendar-error">
            {err.banner}
          </Banner>
        ) : null}
        <p className="muted">{mayBook ? t('calendar.hintBook') : t('calendar.hintView')}</p>
        <div className="calendar-frame" data-testid="calendar" data-view={view} data-day={day} aria-busy={list === null || undefined}>
          <DnDCalendar
            localizer={localizer}
            culture={lang === 'ur' ? 'ur-PK' : 'en-GB'}
            rtl={lang === 'ur'}
            formats={formats}
            toolbar={false}
            view={view === 'week' ? Views.WEEK : Views.DAY}
            views={[Views.DAY, Views.WEEK]}
            onView={() => {}}
            date={rbcDate}
            onNavigate={(d) => showDay(clinicDayOf(d))}
            events={events}
            resources={columns}
            resourceIdAccessor="id"
            resourceTitleAccessor="title"
            step={15}
            timeslots={4}
            min={clinicMoment(day, DAY_STARTS)}
            max={clinicMoment(day, DAY_ENDS)}
            scrollToTime={clinicMoment(day, 8)}
            dayLayoutAlgorithm="no-overlap"
            selectable={mayBook}
            onSelectSlot={onSelectSlot}
            onSelectEvent={(e) => setDetails(e.appointment)}
            onKeyPressEvent={(e, k) => {
              if ((k as unknown as KeyboardEvent).key === 'Enter') setDetails(e.appointment);
            }}
            draggableAccessor={(e) => mayBook && canDrag(e)}
            resizableAccessor={(e) => mayBook && canDrag(e)}
            resizable={mayBook}
            onEventDrop={onDrop(false)}
            onEventResize={onDrop(true)}
            eventPropGetter={(e) => ({
              className: ['cal-status', `cal-status-${e.appointment.status}`, isLate(e.appointment, now) ? 'cal-late' : null]
                .filter(Boolean)
                .join(' '),
            })}
            slotPropGetter={slotProps}
            components={components}
            messages={{ allDay: t('calendar.allDay'), noEventsInRange: t('today.none') }}
          />
        </div>
      </section>
      {pending ? (
        <Dialog title={t('calendar.moveWhich')} onClose={() => setPending(null)} testId="move-scope">
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void reschedule(pending, pendingScope);
            }}
          >
            <p>{t('calendar.moveTo', { name: pending.appointment.patient_name, when: formatWhen(instant(pending.start), lang) })}</p>
            <ScopeChoice name="drag-scope" value={pendingScope} onChange={setPendingScope} legend={t('appt.scopeMove')} />
            <div className="actions">
              <Button type="submit" variant="primary" busy={busy} testId="move-confirm" autoFocus>
                {t('appt.rescheduleConfirm')}
              </Button>
              <Button onClick={() => setPending(null)} testId="move-cancel">
                {t('common.cancel')}
              </Button>
            </div>
          </form>
        </Dialog>
      ) : null}
      {details ? (
        <AppointmentDetails id={details.id} initial={details} onClose={() => setDetails(null)} onChanged={() => void load()} />
      ) : null}
      {booking ? <BookingPanel prefill={booking} onClose={() => setBooking(null)} onBooked={() => void load()} /> : null}
    </>
  );
}
