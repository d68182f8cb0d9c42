import '../rights/rights.css';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { ReviewAction } from '../../bindings/ReviewAction';
import type { ReviewItem } from '../../bindings/ReviewItem';
import type { ReviewProgress } from '../../bindings/ReviewProgress';
import type { ReviewResult } from '../../bindings/ReviewResult';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProgressBar } from '../../components/ProgressBar';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { BackupReachNote } from './BackupReachNote';
import { useSession } from '../../session';

type Props = {
  /** Told the number still due after a run, for the badge in the navigation. */
  onDueCount?: (n: number) => void;
};

/** Patients whose records have reached the end of their retention: erase or anonymise, in bulk. */
export function RetentionReview({ onDueCount }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [asking, setAsking] = useState<ReviewAction | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ReviewProgress | null>(null);
  const [problems, setProblems] = useState<ReviewProgress[]>([]);
  const [result, setResult] = useState<ReviewResult | null>(null);
  const err = useCommandError([]);
  const { setError, clear } = err;

  const load = useCallback(async () => {
    try {
      const list = await api.retentionReview(token);
      setItems(list);
      setChosen(new Set());
      onDueCount?.(list.length);
    } catch (e) {
      setError(e);
    }
  }, [token, setError, onDueCount]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the list is the effect
    void load();
  }, [load]);

  const toggle = (id: number) =>
    setChosen((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const all = items !== null && items.length > 0 && chosen.size === items.length;

  const run = async (action: ReviewAction) => {
    const ids = [...chosen];
    setAsking(null);
    clear();
    setResult(null);
    setProblems([]);
    setRunning(true);
    setProgress({ done: 0, total: ids.length, patient_id: 0, problem: null });
    try {
      const r = await api.processRetentionReview(token, ids, action, ids.length, (p) => {
        setProgress(p);
        if (p.problem) setProblems((old) => [...old, p]);
      });
      setResult(r);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  const nameOf = (id: number) => items?.find((i) => i.patient_id === id)?.full_name ?? `#${id}`;

  return (
    <section aria-labelledby="retention-title" className="stack">
      <div className="title-row">
        <h1 id="retention-title">{t('retention.title')}</h1>
        <Button testId="retention-refresh" disabled={running} onClick={() => void load()}>
          {t('today.refresh')}
        </Button>
      </div>
      <p className="muted">{t('retention.intro')}</p>
      <BackupReachNote />
      {err.banner ? (
        <Banner tone="error" testId="retention-error">
          {err.banner}
        </Banner>
      ) : null}
      {progress ? <ProgressBar done={progress.done} total={progress.total} label={t('retention.progress')} testId="retention-progress" /> : null}
      {result ? (
        <Banner tone="success" testId="retention-result">
          {t('retention.result', { processed: result.processed, skipped: result.skipped })}
        </Banner>
      ) : null}
      {problems.length > 0 ? (
        <Banner tone="warning" testId="retention-problems">
          <ul>
            {problems.map((p) => (
              <li key={p.patient_id}>{`${nameOf(p.patient_id)}: ${p.problem ?? ''}`}</li>
            ))}
          </ul>
        </Banner>
      ) : null}
      {items === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p data-testid="retention-empty">{t('retention.none')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table data-testid="retention-list">
              <caption className="visually-hidden">{t('retention.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t('retention.chooseAll')}
                      data-testid="retention-all"
                      checked={all}
                      disabled={running}
                      onChange={() => setChosen(all ? new Set() : new Set(items.map((i) => i.patient_id)))}
                    />
                  </th>
                  <th scope="col">{t('today.col.patient')}</th>
                  <th scope="col">{t('retention.col.due')}</th>
                  <th scope="col">{t('retention.col.whole')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.patient_id} data-testid="retention-row" data-id={i.patient_id} data-whole={i.whole_record ? 'true' : 'false'}>
                    <td>
                      <input
                        type="checkbox"
                        data-testid={`retention-pick-${i.patient_id}`}
                        aria-label={t('retention.choose', { name: i.full_name })}
                        checked={chosen.has(i.patient_id)}
                        disabled={running}
                        onChange={() => toggle(i.patient_id)}
                      />
                    </td>
                    <td>
                      <span className="patient-cell">
                        <span>{i.full_name}</span>
                        <span className="muted nowrap" dir="ltr">
                          {i.mrn}
                        </span>
                      </span>
                    </td>
                    <td>{i.due.map((k) => t(`retention.kind.${k}`)).join(', ')}</td>
                    <td>{i.whole_record ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p data-testid="retention-chosen">{t('retention.chosen', { count: chosen.size })}</p>
          <div className="actions">
            <Button variant="danger" testId="retention-erase" disabled={chosen.size === 0 || running} onClick={() => setAsking('erase')}>
              {t('retention.erase')}
            </Button>
            <Button testId="retention-anonymise" disabled={chosen.size === 0 || running} onClick={() => setAsking('anonymise')}>
              {t('retention.anonymise')}
            </Button>
          </div>
          {asking ? (
            <ConfirmDialog
              testId="retention-confirm"
              danger
              message={t(asking === 'erase' ? 'retention.confirmErase' : 'retention.confirmAnonymise', { count: chosen.size })}
              confirmLabel={t(asking === 'erase' ? 'retention.erase' : 'retention.anonymise')}
              onConfirm={() => void run(asking)}
              onCancel={() => setAsking(null)}
            />
          ) : null}
        </>
      )}
    </section>
  );
}
