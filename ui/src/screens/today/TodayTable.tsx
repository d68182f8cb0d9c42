import type { KeyboardEvent } from 'react';
import type { Appointment } from '../../bindings/Appointment';
import type { Status } from '../../bindings/Status';
import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import { formatTime } from '../../time';
import { isLetter, plain } from '../schedule/keys';
import { isLate } from '../schedule/status';
import { STATUS_KEYS, mayCheckOut, rowDomId, stepLabel } from './rows';
import { StatusBadge } from '../schedule/StatusBadge';

type Props = {
  rows: Appointment[];
  now: number;
  selected: number | null;
  busyId: number | null;
  /** Reception: every row; a practitioner: their own appointments only. */
  mayChangeStatus: (a: Appointment) => boolean;
  onSelect: (id: number) => void;
  onStatus: (a: Appointment, to: Status) => void;
  /** The undo key: one step back, if the status has one. */
  onUndo: (a: Appointment) => void;
  onSlip: (a: Appointment) => void;
  onOpen: (a: Appointment) => void;
  /** Opens the patient's chart; given to clinicians only. */
  onChart?: ((a: Appointment) => void) | null | undefined;
  /** Check-out (invoice and payment); given to those who bill. */
  onCheckout?: ((a: Appointment) => void) | null | undefined;
};

/** The day's appointments; the selected row takes the keys (arrows, Enter, letters). */
export function TodayTable({ rows, now, selected, busyId, mayChangeStatus, onSelect, onStatus, onUndo, onSlip, onOpen, onChart, onCheckout }: Props) {
  const { t, lang } = useI18n();
  const none = t('common.none');

  const focusRow = (index: number) => {
    const a = rows[Math.max(0, Math.min(index, rows.length - 1))];
    if (a) document.getElementById(rowDomId(a.id))?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, a: Appointment, index: number) => {
    // Keys pressed on a button inside the row belong to the button.
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown') focusRow(index + 1);
    else if (e.key === 'ArrowUp') focusRow(index - 1);
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(rows.length - 1);
    else if (e.key === 'Enter' && mayChangeStatus(a)) onStatus(a, 'arrived');
    else if (!plain(e)) return;
    else if (isLetter(e, 'u') && mayChangeStatus(a)) onUndo(a);
    else if (isLetter(e, 'o')) onOpen(a);
    else if (isLetter(e, 'p')) onSlip(a);
    else if (isLetter(e, 'r') && onChart) onChart(a);
    else if (isLetter(e, 'b') && onCheckout && mayCheckOut(a)) onCheckout(a);
    else {
      const k = STATUS_KEYS.find((s) => isLetter(e, s.letter));
      if (!k || !mayChangeStatus(a)) return;
      onStatus(a, k.to);
    }
    e.preventDefault();
  };

  return (
    <div className="table-wrap">
      <table className="today-table" role="grid" aria-label={t('today.caption')}>
        <thead>
          <tr>
            <th scope="col">{t('today.col.time')}</th>
            <th scope="col">{t('today.col.patient')}</th>
            <th scope="col">{t('patients.col.mrn')}</th>
            <th scope="col">{t('patients.col.phone')}</th>
            <th scope="col">{t('today.col.practitioner')}</th>
            <th scope="col">{t('today.col.service')}</th>
            <th scope="col">{t('today.col.room')}</th>
            <th scope="col">{t('today.col.status')}</th>
            <th scope="col">{t('patients.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a, i) => {
            const late = isLate(a, now);
            const isSelected = a.id === selected;
            return (
              <tr
                key={a.id}
                id={rowDomId(a.id)}
                data-testid="today-row"
                data-id={a.id}
                data-status={a.status}
                data-late={late ? 'true' : 'false'}
                tabIndex={isSelected || (selected === null && i === 0) ? 0 : -1}
                aria-selected={isSelected}
                aria-busy={busyId === a.id || undefined}
                className={['status-row', `row-${a.status}`, late ? 'row-late' : null, isSelected ? 'active' : null]
                  .filter(Boolean)
                  .join(' ')}
                onFocus={(e) => {
                  if (e.target === e.currentTarget) onSelect(a.id);
                }}
                onClick={() => onSelect(a.id)}
                onKeyDown={(e) => onKeyDown(e, a, i)}
              >
                <td className="nowrap num" dir="ltr">
                  <span className="struck">
                    {formatTime(a.starts_at, lang)}–{formatTime(a.ends_at, lang)}
                  </span>
                </td>
                <td>
                  <span className="struck patient-cell">
                    <span>{a.restricted ? t('appt.restricted') : a.patient_name}</span>
                    {a.patient_name_ur ? (
                      <span className="urdu" dir="rtl" lang="ur">
                        {a.patient_name_ur}
                      </span>
                    ) : null}
                  </span>
                </td>
                <td className="nowrap" dir="ltr">
                  <span className="struck">{a.mrn}</span>
                </td>
                <td className="nowrap" dir="ltr">
                  <span className="struck">{a.patient_phone ?? none}</span>
                </td>
                <td>
                  <span className="struck">{a.practitioner_name}</span>
                </td>
                <td>
                  <span className="struck">{a.service_name}</span>
                </td>
                <td>
                  <span className="struck">{a.room_name}</span>
                </td>
                <td>
                  <StatusBadge appointment={a} now={now} />
                </td>
                <td className="row-actions">
                  {mayChangeStatus(a)
                    ? a.steps.map((s) =>
                        s.to === 'arrived' && a.status === 'booked' ? (
                          <Button
                            key={s.to}
                            variant="primary"
                            tabIndex={-1}
                            testId={`checkin-${a.id}`}
                            busy={busyId === a.id}
                            aria-label={t('today.checkinLabel', { name: a.patient_name })}
                            onClick={() => onStatus(a, 'arrived')}
                          >
                            {t('today.checkin')}
                          </Button>
                        ) : (
                          <Button
                            key={s.to}
                            variant={s.undo ? 'quiet' : 'secondary'}
                            tabIndex={-1}
                            testId={`status-${s.to}-${a.id}`}
                            busy={busyId === a.id}
                            onClick={() => onStatus(a, s.to)}
                          >
                            {t(stepLabel(a.status, s.to, s.undo))}
                          </Button>
                        ),
                      )
                    : null}
                  {a.restricted ? null : (
                    <Button
                      variant="quiet"
                      tabIndex={-1}
                      testId={`appt-open-${a.id}`}
                      aria-label={t('today.openLabel', { name: a.patient_name })}
                      onClick={() => onOpen(a)}
                    >
                      {t('today.details')}
                    </Button>
                  )}
                  {onChart && !a.restricted ? (
                    <Button
                      variant="quiet"
                      tabIndex={-1}
                      testId={`today-chart-${a.id}`}
                      aria-label={t('chart.openLabel', { name: a.patient_name })}
                      onClick={() => onChart(a)}
                    >
                      {t('chart.open')}
                    </Button>
                  ) : null}
                  {onCheckout && mayCheckOut(a) ? (
                    <Button
                      tabIndex={-1}
                      testId={`checkout-${a.id}`}
                      aria-keyshortcuts="B"
                      aria-label={t('bill.checkoutLabel', { name: a.patient_name })}
                      onClick={() => onCheckout(a)}
                    >
                      {t('bill.checkout')}
                    </Button>
                  ) : null}
                  {a.restricted ? null : (
                    <Button variant="quiet" tabIndex={-1} testId={`slip-${a.id}`} onClick={() => onSlip(a)}>
                      {t('slip.print')}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
