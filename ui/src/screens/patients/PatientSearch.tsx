import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../api';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { rowId } from './patientForm';
import { PatientSummaryTable } from './PatientSummaryTable';

/** How long typing must pause before the search runs. */
export const SEARCH_DELAY_MS = 150;
const RESULTS_ID = 'patient-results';

type Props = {
  query: string;
  onQuery: (q: string) => void;
  onOpen: (id: number) => void;
  onNew: () => void;
};

type Found = { q: string; rows: PatientSummary[] };

/** The front-desk search box: searches as one types; arrow keys and Enter open a patient. */
export function PatientSearch({ query, onQuery, onOpen, onNew }: Props) {
  const { t } = useI18n();
  const { token, can } = useSession();
  const [found, setFound] = useState<Found | null>(null);
  const [active, setActive] = useState(0);
  const [searching, setSearching] = useState(false);
  const err = useCommandError(['query']);
  const { setError, clear } = err;
  // Each new query takes a number; an answer to an older one is dropped.
  const latest = useRef(0);

  const q = query.trim();
  useEffect(() => {
    const mine = ++latest.current;
    if (q === '') return;
    const timer = window.setTimeout(() => {
      setSearching(true);
      api.searchPatients(token, q).then(
        (rows) => {
          if (latest.current !== mine) return;
          clear();
          setFound({ q, rows });
          setActive(0);
          setSearching(false);
        },
        (e: unknown) => {
          if (latest.current !== mine) return;
          setError(e);
          setSearching(false);
        },
      );
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [q, token, clear, setError]);

  const rows = q === '' || !found ? [] : found.rows;
  const current = found !== null && found.q === q;
  const activeRow = rows[Math.min(active, rows.length - 1)];

  useEffect(() => {
    if (activeRow) document.getElementById(rowId(RESULTS_ID, activeRow.id))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeRow]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && rows.length > 0) {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, rows.length - 1));
    } else if (e.key === 'ArrowUp' && rows.length > 0) {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Only results for what is typed now: never open a patient found for an older text.
      if (current && activeRow) onOpen(activeRow.id);
    } else if (e.key === 'Escape' && query !== '') {
      e.preventDefault();
      onQuery('');
    }
  };

  return (
    <section aria-labelledby="patients-title" className="stack">
      <div className="title-row">
        <h1 id="patients-title">{t('patients.title')}</h1>
        {can('register_patients') ? (
          <Button variant="primary" testId="patient-new" onClick={onNew}>
            {t('patients.new')}
          </Button>
        ) : null}
      </div>
      <div className="card search-card">
        <Field
          id="patient-search"
          type="search"
          label={t('patients.search.label')}
          hint={t('patients.search.hint')}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={rows.length > 0}
          aria-controls={RESULTS_ID}
          aria-activedescendant={activeRow ? rowId(RESULTS_ID, activeRow.id) : undefined}
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={onKeyDown}
          error={err.fieldError('query')}
        />
        <p className="visually-hidden" role="status" aria-live="polite">
          {q !== '' && current ? t('patients.search.count', { count: rows.length }) : ''}
        </p>
      </div>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {q === '' ? (
        <p className="muted">{t('patients.search.start')}</p>
      ) : found === null ? (
        searching ? <p>{t('patients.search.searching')}</p> : null
      ) : rows.length === 0 ? (
        <p data-testid="patient-no-results">{t('patients.search.none', { query: found.q })}</p>
      ) : (
        <PatientSummaryTable
          id={RESULTS_ID}
          role="grid"
          caption={t('patients.search.results')}
          rows={rows}
          rowTestId="patient-result"
          activeIndex={Math.min(active, rows.length - 1)}
          onRowClick={(p) => onOpen(p.id)}
          action={(p) => (
            <Button
              variant="quiet"
              testId={`patient-open-${p.id}`}
              aria-label={t('patients.openLabel', { name: p.full_name })}
              onClick={(e) => {
                e.stopPropagation();
                onOpen(p.id);
              }}
            >
              {t('patients.open')}
            </Button>
          )}
        />
      )}
    </section>
  );
}
