import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../api';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { SEARCH_DELAY_MS } from '../patients/PatientSearch';

const optionId = (listId: string, id: number) => `${listId}-${id}`;

type Props = {
  /** Starts every id and test id: `book-patient-search`, `dispense-patient-search` … */
  idPrefix?: string;
  query: string;
  onQuery: (q: string) => void;
  onPick: (p: PatientSummary) => void;
};

type Found = { q: string; rows: PatientSummary[] };

/** The patient, found as one types; the arrows move through the results and Enter picks. */
export function PatientPicker({ idPrefix = 'book', query, onQuery, onPick }: Props) {
  const LIST_ID = `${idPrefix}-patient-results`;
  const { t } = useI18n();
  const { token } = useSession();
  const [found, setFound] = useState<Found | null>(null);
  const [active, setActive] = useState(0);
  const err = useCommandError(['query']);
  const { setError, clear } = err;
  const latest = useRef(0);

  const q = query.trim();
  useEffect(() => {
    const mine = ++latest.current;
    if (q === '') return;
    const timer = window.setTimeout(() => {
      api.searchPatients(token, q).then(
        (rows) => {
          if (latest.current !== mine) return;
          clear();
          setFound({ q, rows });
          setActive(0);
        },
        (e: unknown) => {
          if (latest.current === mine) setError(e);
        },
      );
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [q, token, clear, setError]);

  const rows = q === '' || !found ? [] : found.rows;
  const current = found !== null && found.q === q;
  const at = Math.min(active, rows.length - 1);
  const activeRow = rows[at];

  useEffect(() => {
    if (activeRow) document.getElementById(optionId(LIST_ID, activeRow.id))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeRow, LIST_ID]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && rows.length > 0) {
      e.preventDefault();
      setActive(Math.min(at + 1, rows.length - 1));
    } else if (e.key === 'ArrowUp' && rows.length > 0) {
      e.preventDefault();
      setActive(Math.max(at - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Never pick a patient found for an older text.
      if (current && activeRow) onPick(activeRow);
    }
  };

  return (
    <div className="book-step" data-testid={`${idPrefix}-step-patient`}>
      <Field
        id={`${idPrefix}-patient-search`}
        type="search"
        label={t('book.patient')}
        hint={t('book.patientHint')}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={rows.length > 0}
        aria-controls={LIST_ID}
        aria-activedescendant={activeRow ? optionId(LIST_ID, activeRow.id) : undefined}
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKeyDown}
        error={err.fieldError('query')}
      />
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {q !== '' && current ? t('patients.search.count', { count: rows.length }) : ''}
      </p>
      {q !== '' && current && rows.length === 0 ? <p data-testid={`${idPrefix}-patient-none`}>{t('patients.search.none', { query: q })}</p> : null}
      {rows.length > 0 ? (
        <ul id={LIST_ID} role="listbox" aria-label={t('patients.search.results')} className="pick-list">
          {rows.map((p, i) => (
            <li
              key={p.id}
              id={optionId(LIST_ID, p.id)}
              role="option"
              aria-selected={i === at}
              data-testid={`${idPrefix}-patient-option`}
              data-id={p.id}
              onClick={() => onPick(p)}
            >
              <strong>{p.full_name}</strong>
              {p.guardian_name ? (
                <span className="muted" data-testid="child-of">
                  {t('patients.childOf', { name: p.guardian_name })}
                </span>
              ) : null}
              {p.name_ur ? (
                <span className="urdu" dir="rtl" lang="ur">
                  {p.name_ur}
                </span>
              ) : null}
              <span className="mono" dir="ltr">
                {p.mrn}
              </span>
              <span dir="ltr">{p.phone ?? t('common.none')}</span>
              <span className="muted">{t('patients.ageYears', { age: p.age })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
