import type { DayClosing } from '../../bindings/DayClosing';
import { Button } from '../../components/Button';
import { Table } from '../../components/Table';
import { useI18n } from '../../i18n/context';
import { formatDateTime, formatDay } from '../../time';
import { Money } from '../billing/Money';

type Props = {
  closings: DayClosing[];
  /** Show who closed each day (the administrator sees every cashier's). */
  withCashier: boolean;
  onZReport: (c: DayClosing) => void;
  busyId: number | null;
};

/** Closed days, newest first: the count against what was expected, the note, and the Z report. */
export function ClosingsTable({ closings, withCashier, onZReport, busyId }: Props) {
  const { t, lang } = useI18n();
  const head = [
    t('takings.day'),
    ...(withCashier ? [t('takings.cashier')] : []),
    t('takings.expected'),
    t('takings.counted'),
    t('takings.difference'),
    t('takings.note'),
    t('takings.closedAt'),
    t('bill.col.actions'),
  ];
  return (
    <Table caption={t('takings.closings')} testId="closings" head={head}>
      {closings.map((c) => (
        <tr key={c.id} data-testid="closing-row" data-id={c.id} data-day={c.day} data-difference={c.difference_paisa}>
          <td className="nowrap">{formatDay(c.day, lang)}</td>
          {withCashier ? <td>{c.cashier_name}</td> : null}
          <td className="num">
            <Money paisa={c.expected_cash_paisa} />
          </td>
          <td className="num">
            <Money paisa={c.counted_cash_paisa} />
          </td>
          <td className={c.difference_paisa === 0 ? 'num' : 'num cash-differs'}>
            <Money paisa={c.difference_paisa} />
          </td>
          <td>{c.note ?? ''}</td>
          <td className="nowrap">{formatDateTime(c.closed_at, lang)}</td>
          <td className="row-actions">
            <Button testId={`closing-z-${c.id}`} busy={busyId === c.id} onClick={() => onZReport(c)}>
              {t('takings.zReport')}
            </Button>
          </td>
        </tr>
      ))}
    </Table>
  );
}
