import type { ReactNode } from 'react';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { useI18n } from '../../i18n/context';
import { isMessageKey } from '../../i18n/translate';
import { rowId } from './patientForm';

type Props = {
  caption: string;
  rows: PatientSummary[];
  rowTestId: string;
  /** The table's id; rows get `<id>-row-<patient id>` so a search box can point at the active one. */
  id?: string;
  /** The row the keyboard is on (search results). */
  activeIndex?: number;
  onRowClick?: (p: PatientSummary) => void;
  /** A last cell per row, e.g. an "Open" button. */
  action?: (p: PatientSummary) => ReactNode;
  /** ARIA role of the table: "grid" when a search box drives it with the arrow keys. */
  role?: 'grid';
};

/** Patients in short: MRN, the name in both scripts (and whose child, when found by a guardian), age, sex and phone. */
export function PatientSummaryTable({ caption, rows, rowTestId, id, activeIndex, onRowClick, action, role }: Props) {
  const { t } = useI18n();
  const sexLabel = (s: string) => {
    const key = `sex.${s}`;
    return isMessageKey(key) ? t(key) : s;
  };
  return (
    <div className="table-wrap">
      <table id={id} role={role} className="patient-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('patients.col.mrn')}</th>
            <th scope="col">{t('patients.col.name')}</th>
            <th scope="col">{t('patients.col.nameUr')}</th>
            <th scope="col">{t('patients.col.age')}</th>
            <th scope="col">{t('patients.col.sex')}</th>
            <th scope="col">{t('patients.col.phone')}</th>
            {action ? <th scope="col">{t('patients.col.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((p, i) => (
            <tr
              key={p.id}
              id={id ? rowId(id, p.id) : undefined}
              data-testid={rowTestId}
              data-id={p.id}
              className={[onRowClick ? 'clickable' : null, activeIndex === i ? 'active' : null].filter(Boolean).join(' ') || undefined}
              aria-selected={role === 'grid' ? activeIndex === i : undefined}
              onClick={onRowClick ? () => onRowClick(p) : undefined}
            >
              <td className="nowrap" dir="ltr">
                {p.mrn}
              </td>
              <td>
                {p.full_name}
                {p.guardian_name ? (
                  <span className="muted child-of" data-testid="child-of">
                    {t('patients.childOf', { name: p.guardian_name })}
                  </span>
                ) : null}
              </td>
              <td className="urdu" dir="rtl" lang="ur">
                {p.name_ur ?? t('common.none')}
              </td>
              <td className="num">
                {t('patients.ageYears', { age: p.age })}{' '}
                <span className="muted nowrap" dir="ltr">
                  ({p.birth_date})
                </span>
              </td>
              <td>{sexLabel(p.sex)}</td>
              <td className="nowrap" dir="ltr">
                {p.phone ?? t('common.none')}
              </td>
              {action ? <td className="row-actions">{action(p)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
