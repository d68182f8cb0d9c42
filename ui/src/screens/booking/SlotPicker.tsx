import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../api';
import type { FreeSlot } from '../../bindings/FreeSlot';
import type { Room } from '../../bindings/Room';
import type { SlotCheck } from '../../bindings/SlotCheck';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatSpan, formatTime, formatWhen, isDay, typedToClinic } from '../../time';
import type { Chosen, Parties } from './draft';
import { PickList } from './PickList';

/** How long typing must pause before a typed time is checked. */
export const CHECK_DELAY_MS = 250;
const PAGE = 8;

type Props = {
  parties: Parties;
  rooms: readonly Room[];
  /** The typed time, "YYYY-MM-DD HH:MM"; kept by the panel so nothing is lost. */
  typed: string;
  onTyped: (s: string) => void;
  roomId: number;
  onRoom: (id: number) => void;
  fromDay: string;
  onFromDay: (d: string) => void;
  onPick: (c: Chosen) => void;
};

type Checked = { key: string; result: SlotCheck };

/** The next free times to pick with the arrows, or a typed time checked as it is typed. */
export function SlotPicker({ parties, rooms, typed, onTyped, roomId, onRoom, fromDay, onFromDay, onPick }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [free, setFree] = useState<FreeSlot[] | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const freeErr = useCommandError([]);
  const checkErr = useCommandError(['starts_at', 'ends_at', 'room_id']);
  const { setError: setFreeError } = freeErr;
  const { setError: setCheckError, clear: clearCheck } = checkErr;
  const suggestionsRef = useRef<HTMLDivElement>(null);
  const latestCheck = useRef(0);
  const { patient, service, practitioner } = parties;
  const room = rooms.find((r) => r.id === roomId);

  const from = isDay(fromDay.trim()) ? fromDay.trim() : null;
  useEffect(() => {
    let live = true;
    api
      .findFreeSlots(token, {
        patient_id: patient.id,
        practitioner_id: practitioner.id,
        service_id: service.id,
        room_id: null,
        from,
        count: PAGE,
      })
      .then(
        (slots) => {
          if (live) setFree(slots);
        },
        (e: unknown) => {
          if (live) setFreeError(e);
        },
      );
    return () => {
      live = false;
    };
  }, [token, patient.id, practitioner.id, service.id, from, setFreeError]);

  const more = async () => {
    const last = free?.at(-1);
    if (!last) return;
    try {
      const next = await api.findFreeSlots(token, {
        patient_id: patient.id,
        practitioner_id: practitioner.id,
        service_id: service.id,
        room_id: null,
        from: new Date(Date.parse(last.starts_at) + 60_000).toISOString(),
        count: PAGE,
      });
      setFree((old) => [...(old ?? []), ...next.filter((s) => !(old ?? []).some((o) => o.starts_at === s.starts_at))]);
    } catch (e) {
      setFreeError(e);
    }
  };

  const clinic = typedToClinic(typed);
  const checkKey = clinic ? `${clinic}|${roomId}` : null;
  useEffect(() => {
    const mine = ++latestCheck.current;
    if (!clinic) return;
    const timer = window.setTimeout(() => {
      api
        .checkSlot(
          token,
          {
            patient_id: patient.id,
            practitioner_id: practitioner.id,
            service_id: service.id,
            room_id: roomId,
            starts_at: clinic,
            ends_at: null,
            past_reason: null,
          },
          null,
        )
        .then(
          (result) => {
            if (latestCheck.current !== mine) return;
            clearCheck();
            setChecked({ key: `${clinic}|${roomId}`, result });
          },
          (e: unknown) => {
            if (latestCheck.current !== mine) return;
            setChecked(null);
            setCheckError(e);
          },
        );
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [token, clinic, roomId, patient.id, practitioner.id, service.id, clearCheck, setCheckError]);

  const check = checked && checked.key === checkKey ? checked.result : null;
  const clashing = check !== null && check.clashes.length > 0;

  const pickChecked = (c: SlotCheck, starts: string) =>
    onPick({ starts_at: starts, room_id: roomId, room_name: room?.name ?? '', in_past: c.in_past && starts === c.starts_at });

  const onTimeKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (check && !clashing) pickChecked(check, check.starts_at);
      else if (clashing) suggestionsRef.current?.querySelector<HTMLElement>('[role="option"]')?.focus();
    } else if (e.key === 'ArrowDown' && clashing) {
      e.preventDefault();
      suggestionsRef.current?.querySelector<HTMLElement>('[role="option"]')?.focus();
    }
  };

  const typedFirst = typed.trim() !== '';

  return (
    <div className="book-step book-slots" data-testid="book-step-slot">
      <section aria-labelledby="book-free-title" className="stack">
        <h3 id="book-free-title">{t('book.freeTitle', { name: practitioner.full_name })}</h3>
        <Field
          id="book-slot-from"
          label={t('book.freeFrom')}
          hint={t('common.dayHint')}
          dir="ltr"
          inputMode="numeric"
          autoComplete="off"
          value={fromDay}
          onChange={(e) => onFromDay(e.target.value)}
        />
        {freeErr.banner ? <Banner tone="error">{freeErr.banner}</Banner> : null}
        {free === null ? (
          freeErr.banner ? null : <p>{t('book.freeLoading')}</p>
        ) : free.length === 0 ? (
          <p data-testid="book-slot-none">{t('book.freeNone')}</p>
        ) : (
          <>
            <PickList
              // A new first page is a new list: the keyboard starts again at its top.
              key={from ?? 'now'}
              id="book-slot-list"
              label={t('book.freeTitle', { name: practitioner.full_name })}
              items={free}
              itemKey={(s) => `${s.starts_at}|${s.room_id}`}
              optionTestId="book-slot-option"
              optionData={(s) => ({ 'data-starts': s.starts_at, 'data-room': String(s.room_id) })}
              autoFocus={!typedFirst}
              render={(s) => (
                <>
                  <span className="when" dir="ltr">
                    {formatWhen(s.starts_at, lang)}–{formatTime(s.ends_at, lang)}
                  </span>
                  <span>{s.room_name}</span>
                </>
              )}
              onPick={(s) => onPick({ starts_at: s.starts_at, room_id: s.room_id, room_name: s.room_name, in_past: false })}
            />
            <div>
              <Button variant="quiet" testId="book-slot-more" onClick={() => void more()}>
                {t('book.freeMore')}
              </Button>
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="book-typed-title" className="stack">
        <h3 id="book-typed-title">{t('book.typedTitle')}</h3>
        <Field
          id="book-time"
          label={t('book.time')}
          hint={t('book.timeHint')}
          dir="ltr"
          inputMode="numeric"
          autoComplete="off"
          autoFocus={typedFirst}
          value={typed}
          onChange={(e) => onTyped(e.target.value)}
          onKeyDown={onTimeKey}
          error={checkErr.fieldError('starts_at') ?? checkErr.fieldError('ends_at')}
        />
        <SelectField
          id="book-room"
          label={t('book.room')}
          value={String(roomId)}
          onChange={(e) => onRoom(Number(e.target.value))}
          error={checkErr.fieldError('room_id')}
        >
          {rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </SelectField>
        {checkErr.banner ? <Banner tone="error">{checkErr.banner}</Banner> : null}
        {check && !clashing ? (
          <div className="slot-free" data-testid="book-time-free" role="status">
            <p>
              {t('book.typedFree', {
                when: formatSpan(check.starts_at, check.ends_at, lang),
                room: room?.name ?? '',
              })}
            </p>
            {check.in_past ? <p className="warn">{t('book.inPast')}</p> : null}
            <Button variant="primary" testId="book-time-use" onClick={() => pickChecked(check, check.starts_at)}>
              {t('book.useTime')}
            </Button>
          </div>
        ) : null}
        {check && clashing ? (
          <div ref={suggestionsRef} className="stack">
            <div className="clash" data-testid="book-clash" role="alert">
              {check.clashes.map((c, i) => (
                <p key={i}>{c}</p>
              ))}
            </div>
            {check.suggestions.length > 0 ? (
              <Suggestions starts={check.suggestions} onPick={(s) => pickChecked(check, s)} />
            ) : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}

/** Free times offered instead of a taken one; the arrows and Enter take one. */
export function Suggestions({ starts, onPick, autoFocus = false }: { starts: string[]; onPick: (s: string) => void; autoFocus?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <div className="stack">
      <p className="muted">{t('book.suggestionsTitle')}</p>
      <PickList
        id="book-suggestions"
        label={t('book.suggestionsTitle')}
        items={starts}
        itemKey={(s) => s}
        optionTestId="book-suggestion"
        optionData={(s) => ({ 'data-starts': s })}
        autoFocus={autoFocus}
        render={(s) => (
          <span className="when" dir="ltr">
            {formatWhen(s, lang)}
          </span>
        )}
        onPick={onPick}
      />
    </div>
  );
}
