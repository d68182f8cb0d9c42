import './takings.css';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { DayClosing } from '../../bindings/DayClosing';
import type { DayTakings } from '../../bindings/DayTakings';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { addDays, clinicToday, formatDay, isDay } from '../../time';
import { MoneyText } from '../billing/Money';
import { CloseDayForm } from './CloseDayForm';
import { ClosingsTable } from './ClosingsTable';
import { MethodTable } from './MethodTable';
import { ZReportNotice } from './ZReportNotice';
import { useZReport } from './useZReport';

/** How far back the list of closed days reaches. */
const CLOSINGS_DAYS = 31;

/**
 * "Close the day" for a cashier: what their payments and refunds come to per method,
 * the cash counted against what was expected, then the Z report; and their closed
 * days of the last month. Shown to those who take payments (the service checks too).
 */
export function CloseDayScreen() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const today = clinicToday();
  const [typedDay, setTypedDay] = useState(today);
  const [day, setDay] = useState(today);
  const [takings, setTakings] = useState<DayTakings | null>(null);
  const [closings, setClosings] = useState<DayClosing[] | null>(null);
  const [closed, setClosed] = useState<DayClosing | null>(null);
  const [round, setRound] = useState(0);
  const err = useCommandError(['day']);
  const { setError, clear } = err;
  const z = useZReport();

  const load = useCallback(async () => {
    clear();
    try {
      const [d, c] = await Promise.all([api.dayTakings(token, day), api.dayClosings(token, addDays(today, -CLOSINGS_DAYS), today)]);
      // A day closed longer ago than the list reaches is read on its own, for its Z report.
      const own = d.closing_id === null || c.some((x) => x.id === d.closing_id) ? null : await api.dayClosings(token, day, day);
      setTakings(d);
      setClosings([...c].reverse());
      if (own) setClosed(own.find((x) => x.id === d.closing_id) ?? null);
    } catch (e) {
      setError(e);
    }
  }, [token, day, today, setError, clear]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reading the day is the effect
    void load();
  }, [load, round]);

  const closedToday = closed ?? closings?.find((c) => c.id === takings?.closing_id) ?? null;

  return (
    <section className="stack" aria-labelledby="close-day-title" data-testid="close-day-screen">
      <h1 id="close-day-title">{t('takings.closeTitle')}</h1>
      <p className="muted">{t('takings.closeIntro')}</p>
      <Field
        id="close-day"
        label={t('takings.day')}
        hint={t('common.dayHint')}
        dir="ltr"
        inputMode="numeric"
        autoComplete="off"
        value={typedDay}
        onChange={(e) => {
          const v = e.target.value.trim();
          setTypedDay(e.target.value);
          if (isDay(v) && v !== day) {
            setClosed(null);
            setTakings(null);
            setDay(v);
          }
        }}
        error={err.fieldError('day')}
      />
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {takings ? (
        <>
          <h2>{t('takings.dayOf', { day: formatDay(takings.day, lang) })}</h2>
          <MethodTable methods={takings.methods} testId="close-methods" />
          {takings.closing_id === null && closed === null ? (
            <CloseDayForm
              key={day}
              day={day}
              expectedCashPaisa={takings.expected_cash_paisa}
              onClosed={(c) => {
                setClosed(c);
                setRound((r) => r + 1);
              }}
            />
          ) : (
            <Banner tone="success" testId="close-done">
              {t('takings.closedNotice', { day: formatDay(day, lang) })}{' '}
              {closedToday ? (
                <>
                  <MoneyText text={t('takings.closedDifference')} paisa={closedToday.difference_paisa} />{' '}
                  <Button testId="close-z-report" busy={z.busyId === closedToday.id} onClick={() => void z.save(closedToday.id)}>
                    {t('takings.zReport')}
                  </Button>
                </>
              ) : null}
            </Banner>
          )}
        </>
      ) : err.banner ? null : (
        <p aria-busy="true">{t('common.loading')}</p>
      )}
      <ZReportNotice path={z.path} error={z.error} />
      <h2>{t('takings.closings')}</h2>
      {closings === null ? null : closings.length === 0 ? (
        <p className="muted" data-testid="closings-none">
          {t('takings.noClosings')}
        </p>
      ) : (
        <ClosingsTable closings={closings} withCashier={false} onZReport={(c) => void z.save(c.id)} busyId={z.busyId} />
      )}
    </section>
  );
}
