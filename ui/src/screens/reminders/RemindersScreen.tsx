import '../schedule/schedule.css';
import './reminders.css';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { Reminder } from '../../bindings/Reminder';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatWhen } from '../../time';

const key = (r: Reminder) => `${r.appointment_id}-${r.channel}`;

/** Reminders to send for appointments 24 to 48 hours ahead, one line per patient and channel. */
export function RemindersScreen() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [queue, setQueue] = useState<Reminder[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const err = useCommandError([]);
  const { setError, clear } = err;

  const load = useCallback(async () => {
    try {
      setQueue(await api.reminderQueue(token));
    } catch (e) {
      setError(e);
    }
  }, [token, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the queue is the effect
    void load();
  }, [load]);

  const markSent = async (r: Reminder) => {
    if (busy) return;
    setBusy(key(r));
    clear();
    setNotice(null);
    try {
      setQueue(await api.markReminderSent(token, r.appointment_id, r.channel));
      setNotice(t('reminders.marked', { name: r.patient_name, channel: t(`channel.${r.channel}`) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const exportCsv = async () => {
    clear();
    setNotice(null);
    setBusy('export');
    try {
      setNotice(t('reminders.exported', { path: await api.exportRemindersCsv(token) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const left = queue?.filter((r) => r.sent_at === null).length ?? 0;

  return (
    <section aria-labelledby="reminders-title" className="stack">
      <div className="title-row">
        <h1 id="reminders-title">{t('reminders.title')}</h1>
        <div className="actions">
          <Button testId="reminders-refresh" onClick={() => void load()}>
            {t('today.refresh')}
          </Button>
          <Button variant="primary" testId="reminders-export" busy={busy === 'export'} onClick={() => void exportCsv()}>
            {t('reminders.export')}
          </Button>
        </div>
      </div>
      <p className="muted">{t('reminders.intro')}</p>
      {notice ? (
        <Banner tone="success" testId="reminders-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="reminders-error">
          {err.banner}
        </Banner>
      ) : null}
      {queue === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : queue.length === 0 ? (
        <p data-testid="reminders-empty">{t('reminders.none')}</p>
      ) : (
        <>
          <p className="day-counts" data-testid="reminders-count">
            {t('reminders.count', { total: queue.length, left })}
          </p>
          <div className="table-wrap">
            <table className="reminders-table">
              <caption className="visually-hidden">{t('reminders.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reminders.col.when')}</th>
                  <th scope="col">{t('today.col.patient')}</th>
                  <th scope="col">{t('today.col.practitioner')}</th>
                  <th scope="col">{t('reminders.col.channel')}</th>
                  <th scope="col">{t('reminders.col.contact')}</th>
                  <th scope="col">{t('reminders.col.message')}</th>
                  <th scope="col">{t('reminders.col.sent')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((r) => (
                  <tr
                    key={key(r)}
                    data-testid="reminder-row"
                    data-appointment={r.appointment_id}
                    data-channel={r.channel}
                    data-sent={r.sent_at ? 'true' : 'false'}
                    className={r.sent_at ? 'inactive' : undefined}
                  >
                    <td className="nowrap" dir="ltr">
                      {formatWhen(r.starts_at, lang)}
                    </td>
                    <td>
                      <span className="patient-cell">
                        <span>{r.patient_name}</span>
                        <span className="muted nowrap" dir="ltr">
                          {r.mrn}
                        </span>
                      </span>
                    </td>
                    <td>{r.practitioner_name}</td>
                    <td>
                      <span className={`channel channel-${r.channel}`}>{t(`channel.${r.channel}`)}</span>
                    </td>
                    <td className="nowrap" dir="ltr">
                      {r.contact}
                    </td>
                    <td>
                      <p
                        className={r.language === 'ur' ? 'reminder-message urdu' : 'reminder-message'}
                        dir={r.language === 'ur' ? 'rtl' : 'ltr'}
                        lang={r.language}
                        data-testid="reminder-message"
                      >
                        {r.message}
                      </p>
                    </td>
                    <td>
                      {r.sent_at ? (
                        <span data-testid={`reminder-sent-by-${r.appointment_id}-${r.channel}`}>
                          {t('reminders.sentBy', { name: r.sent_by_name ?? t('common.none'), when: formatWhen(r.sent_at, lang) })}
                        </span>
                      ) : (
                        <Button
                          testId={`reminder-sent-${r.appointment_id}-${r.channel}`}
                          busy={busy === key(r)}
                          aria-label={t('reminders.markLabel', { name: r.patient_name, channel: t(`channel.${r.channel}`) })}
                          onClick={() => void markSent(r)}
                        >
                          {t('reminders.mark')}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
