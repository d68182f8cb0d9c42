import './booking.css';
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import type { PatientSummary } from '../../bindings/PatientSummary';
import type { Practitioner } from '../../bindings/Practitioner';
import type { Room } from '../../bindings/Room';
import type { Service } from '../../bindings/Service';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { isMessageKey } from '../../i18n/translate';
import { useSession } from '../../session';
import { clinicDateTime, formatWhen, typedToClinic, weekdayOf } from '../../time';
import { KeyHints } from '../schedule/KeyHints';
import { AccountSummary } from '../billing/AccountSummary';
import { BookingDone } from './BookingDone';
import { ConfirmStep } from './ConfirmStep';
import { qualifiedFor } from './discipline';
import { NO_SERIES, type Chosen, type Parties, type Prefill, type SeriesDraft } from './draft';
import { PatientPicker } from './PatientPicker';
import { PickList } from './PickList';
import { SeriesForm } from './SeriesForm';
import { SlotPicker } from './SlotPicker';

type Catalogue = { services: Service[]; practitioners: Practitioner[]; rooms: Room[] };

type Props = {
  prefill?: Prefill | undefined;
  onClose: () => void;
  /** Called as soon as something is booked, so the screen behind can refresh. */
  onBooked: (booked: Appointment[]) => void;
};

/**
 * Booking without the mouse: patient → service → practitioner → time → Enter. Every
 * choice stays on screen with a "change" button, and nothing typed is lost on an error.
 */
export function BookingPanel({ prefill, onClose, onBooked }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [query, setQuery] = useState('');
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [practitioner, setPractitioner] = useState<Practitioner | null>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [typed, setTyped] = useState(prefill?.typedTime ?? '');
  const [roomId, setRoomId] = useState<number | null>(prefill?.roomId ?? null);
  const [fromDay, setFromDay] = useState(() => typedToClinic(prefill?.typedTime ?? '')?.slice(0, 10) ?? '');
  const [pastReason, setPastReason] = useState('');
  const [booked, setBooked] = useState<Appointment[] | null>(null);
  const [series, setSeries] = useState<SeriesDraft>(NO_SERIES);
  const err = useCommandError([]);
  const { setError } = err;

  useEffect(() => {
    let live = true;
    Promise.all([api.listServices(token), api.listPractitioners(token), api.listRooms(token)]).then(
      ([services, practitioners, rooms]) => {
        if (!live) return;
        const active = rooms.filter((r) => r.active);
        setCatalogue({ services: services.filter((s) => s.active), practitioners, rooms: active });
        setRoomId((id) => (id !== null && active.some((r) => r.id === id) ? id : (active[0]?.id ?? null)));
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [token, setError]);

  const pickService = (s: Service) => {
    setService(s);
    setChosen(null);
    const qualified = catalogue ? qualifiedFor(s, catalogue.practitioners) : [];
    // Keep the practitioner (or the one the calendar click named) when they give this service.
    const keep = qualified.find((p) => p.id === (practitioner?.id ?? prefill?.practitionerId));
    setPractitioner(keep ?? null);
  };

  const startAgain = () => {
    setQuery('');
    setPatient(null);
    setChosen(null);
    setPastReason('');
    setSeries(NO_SERIES);
    setBooked(null);
  };

  const done = (list: Appointment[]) => {
    setBooked(list);
    onBooked(list);
  };

  // Backspace on a list goes back to the step before.
  const backKey = (back: () => void) => (e: KeyboardEvent) => {
    if (e.key === 'Backspace') {
      e.preventDefault();
      back();
    }
  };

  const disciplineLabel = (d: string) => {
    const key = `discipline.${d}`;
    return isMessageKey(key) ? t(key) : d;
  };

  const step = !patient ? 'patient' : !service ? 'service' : !practitioner ? 'practitioner' : !chosen ? 'slot' : 'confirm';
  const parties: Parties | null = patient && service && practitioner ? { patient, service, practitioner } : null;
  const qualified = service && catalogue ? qualifiedFor(service, catalogue.practitioners) : [];

  let body: ReactNode;
  if (booked) {
    body = <BookingDone booked={booked} onAnother={startAgain} onClose={onClose} />;
  } else if (!catalogue) {
    body = err.banner ? null : <p>{t('common.loading')}</p>;
  } else if (step === 'patient') {
    body = (
      <PatientPicker
        query={query}
        onQuery={setQuery}
        onPick={(p) => {
          setPatient(p);
          setChosen(null);
        }}
      />
    );
  } else if (step === 'service') {
    body =
      catalogue.services.length === 0 ? (
        <p>{t('book.noServices')}</p>
      ) : (
        <div className="book-step" data-testid="book-step-service">
          <h3 id="book-service-title">{t('book.service')}</h3>
          <PickList
            id="book-service-list"
            label={t('book.service')}
            items={catalogue.services}
            itemKey={(s) => s.id}
            optionTestId="book-service-option"
            optionData={(s) => ({ 'data-id': String(s.id) })}
            autoFocus
            render={(s) => (
              <>
                <strong>{s.name}</strong>
                <span className="muted">{t('book.minutes', { minutes: s.duration_minutes })}</span>
                <span className="muted">{disciplineLabel(s.discipline)}</span>
              </>
            )}
            onPick={pickService}
            onOtherKey={backKey(() => setPatient(null))}
          />
        </div>
      );
  } else if (step === 'practitioner') {
    const startAt = Math.max(0, qualified.findIndex((p) => p.id === prefill?.practitionerId));
    body =
      qualified.length === 0 ? (
        <p data-testid="book-practitioner-none">{t('book.noPractitioners', { service: service?.name ?? '' })}</p>
      ) : (
        <div className="book-step" data-testid="book-step-practitioner">
          <h3>{t('book.practitioner')}</h3>
          <PickList
            id="book-practitioner-list"
            label={t('book.practitioner')}
            items={qualified}
            itemKey={(p) => p.id}
            optionTestId="book-practitioner-option"
            optionData={(p) => ({ 'data-id': String(p.id) })}
            autoFocus
            initialIndex={startAt}
            render={(p) => <strong>{p.full_name}</strong>}
            onPick={(p) => {
              setPractitioner(p);
              setChosen(null);
            }}
            onOtherKey={backKey(() => setService(null))}
          />
        </div>
      );
  } else if (step === 'slot' && parties) {
    body =
      roomId === null ? (
        <p>{t('book.noRooms')}</p>
      ) : (
        <SlotPicker
          parties={parties}
          rooms={catalogue.rooms}
          typed={typed}
          onTyped={setTyped}
          roomId={roomId}
          onRoom={setRoomId}
          fromDay={fromDay}
          onFromDay={setFromDay}
          onPick={setChosen}
        />
      );
  } else if (parties && chosen) {
    body = (
      <>
        <ConfirmStep
          parties={parties}
          chosen={chosen}
          onChosen={setChosen}
          pastReason={pastReason}
          onPastReason={setPastReason}
          onBooked={done}
          repeat={series.repeat}
          onRepeat={(on) => {
            // The series starts on the chosen day's weekday unless others were ticked before.
            const day = clinicDateTime(chosen.starts_at)?.date;
            const weekdays = series.weekdays.length > 0 || !day ? series.weekdays : [weekdayOf(day)];
            setSeries({ ...series, repeat: on, weekdays });
          }}
        />
        {series.repeat ? (
          <SeriesForm parties={parties} chosen={chosen} pastReason={pastReason} draft={series} onDraft={setSeries} onBooked={done} />
        ) : null}
      </>
    );
  }

  const summary: { key: string; label: string; value: ReactNode; change: () => void }[] = [];
  if (!booked) {
    if (patient)
      summary.push({
        key: 'patient',
        label: t('book.patient'),
        value: (
          <>
            {patient.full_name}{' '}
            {patient.name_ur ? (
              <span className="urdu" dir="rtl" lang="ur">
                {patient.name_ur}
              </span>
            ) : null}{' '}
            <span className="mono" dir="ltr">
              {patient.mrn}
            </span>
            <AccountSummary key={patient.id} patientId={patient.id} withPackages testId="book-account" />
          </>
        ),
        change: () => {
          setPatient(null);
          setChosen(null);
        },
      });
    if (service)
      summary.push({
        key: 'service',
        label: t('book.service'),
        value: `${service.name} · ${t('book.minutes', { minutes: service.duration_minutes })}`,
        change: () => {
          setService(null);
          setChosen(null);
        },
      });
    if (practitioner)
      summary.push({
        key: 'practitioner',
        label: t('book.practitioner'),
        value: practitioner.full_name,
        change: () => {
          setPractitioner(null);
          setChosen(null);
        },
      });
    if (chosen)
      summary.push({
        key: 'slot',
        label: t('book.when'),
        value: (
          <>
            <span dir="ltr">{formatWhen(chosen.starts_at, lang)}</span> · 
            {chosen.room_name}
          </>
        ),
        change: () => setChosen(null),
      });
  }

  return (
    <Dialog title={t('book.title')} onClose={onClose} testId="book-panel" wide>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {summary.length > 0 ? (
        <dl className="book-summary" data-testid="book-summary">
          {summary.map((s) => (
            <div key={s.key} data-testid={`book-chosen-${s.key}`}>
              <dt>{s.label}</dt>
              <dd>{s.value}</dd>
              <dd>
                <Button variant="quiet" testId={`book-change-${s.key}`} onClick={s.change}>
                  {t('book.change')}
                </Button>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {/* A new step is a new subtree, so its list mounts afresh and takes the focus. */}
      <div key={booked ? 'done' : step}>{body}</div>
      {!booked ? (
        <KeyHints
          label={t('keys.title')}
          hints={[
            [['↑', '↓'], t('keys.choose')],
            [['Enter'], t('keys.pick')],
            [['⌫'], t('keys.back')],
            [['Esc'], t('keys.close')],
          ]}
        />
      ) : null}
    </Dialog>
  );
}
