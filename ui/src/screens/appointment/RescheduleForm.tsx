import { useState } from 'react';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import type { Practitioner } from '../../bindings/Practitioner';
import type { Room } from '../../bindings/Room';
import type { Scope } from '../../bindings/Scope';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { toTypedTime, typedToClinic } from '../../time';
import { ScopeChoice } from './ScopeChoice';

type Props = {
  appointment: Appointment;
  practitioners: Practitioner[];
  rooms: Room[];
  onDone: (moved: Appointment[]) => void;
  onBack: () => void;
};

/** Moves an appointment (and, for a series, the following ones or all) to a new time, practitioner or room. */
export function RescheduleForm({ appointment: a, practitioners, rooms, onDone, onBack }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [typed, setTyped] = useState(() => toTypedTime(a.starts_at));
  const [practitionerId, setPractitionerId] = useState(a.practitioner_id);
  const [roomId, setRoomId] = useState(a.room_id);
  const [scope, setScope] = useState<Scope>('this');
  const [reason, setReason] = useState('');
  const [needReason, setNeedReason] = useState(false);
  const { busy, err, onSubmit } = useSubmit(
    ['starts_at', 'ends_at', 'practitioner_id', 'room_id', 'reason', 'past_reason'],
    async () => {
      const startsAt = typedToClinic(typed) ?? typed.trim();
      onDone(
        await api.rescheduleAppointment(token, a.id, {
          starts_at: startsAt,
          ends_at: null,
          practitioner_id: practitionerId === a.practitioner_id ? null : practitionerId,
          room_id: roomId === a.room_id ? null : roomId,
          scope: a.series_id === null ? 'this' : scope,
          reason: reason.trim() === '' ? null : reason.trim(),
        }),
      );
    },
    {
      onError: (e) => {
        if (e.kind === 'validation' && e.field === 'past_reason') setNeedReason(true);
      },
    },
  );
  // Rooms no longer in use are not offered, except the one the appointment has.
  const roomChoices = rooms.filter((r) => r.active || r.id === a.room_id);
  const practitionerChoices = practitioners.some((p) => p.id === a.practitioner_id)
    ? practitioners
    : [{ id: a.practitioner_id, full_name: a.practitioner_name, roles: '', disciplines: [] }, ...practitioners];

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="appt-reschedule-title" data-testid="appt-reschedule-form">
      <h3 id="appt-reschedule-title">{t('appt.rescheduleTitle')}</h3>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <Field
        id="appt-reschedule-time"
        label={t('book.time')}
        hint={t('book.timeHint')}
        dir="ltr"
        inputMode="numeric"
        autoComplete="off"
        autoFocus
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        error={err.fieldError('starts_at') ?? err.fieldError('ends_at')}
      />
      <SelectField
        id="appt-reschedule-practitioner"
        label={t('book.practitioner')}
        value={String(practitionerId)}
        onChange={(e) => setPractitionerId(Number(e.target.value))}
        error={err.fieldError('practitioner_id')}
      >
        {practitionerChoices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.full_name}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="appt-reschedule-room"
        label={t('book.room')}
        value={String(roomId)}
        onChange={(e) => setRoomId(Number(e.target.value))}
        error={err.fieldError('room_id')}
      >
        {roomChoices.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </SelectField>
      {a.series_id !== null ? <ScopeChoice name="move-scope" value={scope} onChange={setScope} legend={t('appt.scopeMove')} /> : null}
      <Field
        id="appt-reschedule-reason"
        label={needReason ? t('book.pastReason') : t('appt.moveReason')}
        autoComplete="off"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={err.fieldError('reason') ?? err.fieldError('past_reason')}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="appt-reschedule-confirm">
          {t('appt.rescheduleConfirm')}
        </Button>
        <Button onClick={onBack} testId="appt-reschedule-back">
          {t('common.back')}
        </Button>
      </div>
    </form>
  );
}
