import type { Appointment } from '../../bindings/Appointment';
import type { Status } from '../../bindings/Status';
import type { MessageKey } from '../../i18n/translate';

const UNDO_LABEL: Partial<Record<Status, MessageKey>> = {
  arrived: 'today.undo.arrived',
  in_session: 'today.undo.in_session',
  no_show: 'today.undo.no_show',
};
const TO_LABEL: Partial<Record<Status, MessageKey>> = {
  arrived: 'today.to.arrived',
  in_session: 'today.to.in_session',
  completed: 'today.to.completed',
  no_show: 'today.to.no_show',
};

/** The button's words for a step: "Undo check-in" for a step back, "Start session" forward. */
export function stepLabel(from: Status, to: Status, undo: boolean): MessageKey {
  return (undo ? UNDO_LABEL[from] : TO_LABEL[to]) ?? `status.${to}`;
}

export const rowDomId = (id: number) => `today-row-${id}`;

/** The letter that moves a selected row to each status (Enter checks in as well). */
export const STATUS_KEYS: { letter: string; to: Status }[] = [
  { letter: 'a', to: 'arrived' },
  { letter: 'i', to: 'in_session' },
  { letter: 'c', to: 'completed' },
  { letter: 'm', to: 'no_show' },
];

/** A patient who came (or is in or through their session) can be checked out; a restricted slot cannot. */
export function mayCheckOut(a: Appointment): boolean {
  return !a.restricted && (a.status === 'arrived' || a.status === 'in_session' || a.status === 'completed');
}
