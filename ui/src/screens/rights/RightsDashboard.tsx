import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { Dashboard } from '../../bindings/Dashboard';
import type { OpenRequest } from '../../bindings/OpenRequest';
import type { RightsRequest } from '../../bindings/RightsRequest';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDay } from '../../time';
import { REQUEST_KINDS, byDueDate, isClosed } from './words';

type Props = {
  onNew: () => void;
  onOpen: (id: number) => void;
  /** The letter templates and the days to answer; absent, no way there is shown. */
  onLetters?: () => void;
};

/** The privacy officer's landing screen: open requests by due date, and counts per type and month. */
export function RightsDashboard({ onNew, onOpen, onLetters }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [board, setBoard] = useState<Dashboard | null>(null);
  const [answered, setAnswered] = useState<RightsRequest[] | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const load = useCallback(async () => {
    try {
      setBoard(await api.rightsDashboard(token));
    } catch (e) {
      setError(e);
    }
  }, [token, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the dashboard is the effect
    void load();
  }, [load]);

  const showAnswered = async () => {
    try {
      const all = await api.listRightsRequests(token, null);
      setAnswered(all.filter((r) => isClosed(r.state)));
    } catch (e) {
      setError(e);
    }
  };

  const daysWords = (o: OpenRequest) =>
    o.overdue
      ? t('rights.overdueBy', { days: -o.days_left })
      : o.days_left === 0
        ? t('rights.dueToday')
        : t('rights.daysLeft', { days: o.days_left });

  const months = board ? [...new Set(board.counts.map((c) => c.month))] : [];
  const countOf = (month: string, kind: string) =>
    board?.counts.find((c) => c.month === month && c.kind === kind)?.count ?? 0;

  return (
    <section aria-labelledby="rights-title" className="stack">
      <div className="title-row">
        <h1 id="rights-title">{t('rights.title')}</h1>
        <div className="actions">
          <Button testId="rights-refresh" onClick={() => void load()}>
            {t('today.refresh')}
          </Button>
          {onLetters ? (
            <Button testId="rights-letters" onClick={onLetters}>
              {t('rights.letters')}
            </Button>
          ) : null}
          <Button variant="primary" testId="rights-new" onClick={onNew}>
            {t('rights.new')}
          </Button>
        </div>
      </div>
      <p className="muted">{t('rights.intro')}</p>
      {err.banner ? (
        <Banner tone="error" testId="rights-error">
          {err.banner}
        </Banner>
      ) : null}
      {board === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : (
        <>
          <h2>{t('rights.open')}</h2>
          {board.open.length === 0 ? (
            <p data-testid="rights-empty">{t('rights.noneOpen')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="rights-open">
                <caption className="visually-hidden">{t('rights.open')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rights.col.due')}</th>
                    <th scope="col">{t('rights.col.daysLeft')}</th>
                    <th scope="col">{t('rights.col.kind')}</th>
                    <th scope="col">{t('today.col.patient')}</th>
                    <th scope="col">{t('rights.col.requester')}</th>
                    <th scope="col">{t('rights.col.state')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('rights.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {byDueDate(board.open).map((o) => (
                    <tr
                      key={o.request.id}
                      data-testid="rights-row"
                      data-id={o.request.id}
                      data-overdue={o.overdue ? 'true' : 'false'}
                      className={o.overdue ? 'rights-overdue' : undefined}
                    >
                      <td className="nowrap" dir="ltr">
                        {formatDay(o.request.due_on, lang)}
                      </td>
                      <td className="nowrap">
                        {o.overdue ? (
                          <strong className="overdue-tag" data-testid="rights-overdue">
                            {t('rights.overdue')}
                          </strong>
                        ) : null}{' '}
                        <span data-testid="rights-days">{daysWords(o)}</span>
                      </td>
                      <td>{t(`rights.kind.${o.request.kind}`)}</td>
                      <td>
                        <span className="patient-cell">
                          <span>{o.request.patient_name}</span>
                          <span className="muted nowrap" dir="ltr">
                            {o.request.mrn}
                          </span>
                        </span>
                      </td>
                      <td>{o.request.requester_name}</td>
                      <td>{t(`rights.state.${o.request.state}`)}</td>
                      <td>
                        <Button
                          variant="quiet"
                          testId={`rights-open-${o.request.id}`}
                          aria-label={t('rights.openLabel', { name: o.request.patient_name })}
                          onClick={() => onOpen(o.request.id)}
                        >
                          {t('patients.open')}
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h2>{t('rights.counts')}</h2>
          {months.length === 0 ? (
            <p className="muted">{t('rights.noCounts')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="rights-counts">
                <caption className="visually-hidden">{t('rights.counts')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rights.col.month')}</th>
                    {REQUEST_KINDS.map((k) => (
                      <th scope="col" key={k}>
                        {t(`rights.kind.${k}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {months.map((m) => (
                    <tr key={m} data-testid="rights-count-row" data-month={m}>
                      <th scope="row" dir="ltr">
                        {m}
                      </th>
                      {REQUEST_KINDS.map((k) => (
                        <td key={k} data-testid={`rights-count-${m}-${k}`}>
                          {countOf(m, k)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h2>{t('rights.answered')}</h2>
          {answered === null ? (
            <Button testId="rights-show-answered" onClick={() => void showAnswered()}>
              {t('rights.showAnswered')}
            </Button>
          ) : answered.length === 0 ? (
            <p data-testid="rights-answered-empty">{t('rights.noneAnswered')}</p>
          ) : (
            <ul className="rights-answered">
              {answered.map((r) => (
                <li key={r.id} data-testid="rights-answered-row" data-id={r.id} data-state={r.state}>
                  <Button variant="quiet" testId={`rights-open-${r.id}`} onClick={() => onOpen(r.id)}>
                    {t('rights.answeredLine', {
                      kind: t(`rights.kind.${r.kind}`),
                      name: r.patient_name,
                      state: t(`rights.state.${r.state}`),
                    })}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
