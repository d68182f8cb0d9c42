import type { ReactNode } from 'react';
import type { Allergy } from '../../bindings/Allergy';
import type { ChartDisclosure } from '../../bindings/ChartDisclosure';
import type { Patient } from '../../bindings/Patient';
import type { RiskFlag } from '../../bindings/RiskFlag';
import { useI18n } from '../../i18n/context';
import { formatDay } from '../../time';

type Props = {
  patient: Patient;
  /** Active allergies, when the viewer may read them; null hides the line. */
  allergies: Allergy[] | null;
  risks: RiskFlag[];
  /** Sharing outside the clinic (policy 4), oldest first; none hides the line. What was shared shows only when the service sends it. */
  disclosures?: ChartDisclosure[];
  children?: ReactNode;
};

/**
 * Who the patient is and what must not be missed: allergies (severe in red) and the risk flag. A clinician who does not
 * read the measure behind a flag gets it bare from the service, and is told whom to ask.
 */
export function ChartHeader({ patient, allergies, risks, disclosures = [], children }: Props) {
  const { t, lang } = useI18n();
  return (
    <div className="card chart-header">
      <div className="chart-who">
        <p className="mrn" dir="ltr" data-testid="chart-mrn">
          {patient.mrn}
        </p>
        <h1 id="chart-title" className="patient-names" tabIndex={-1}>
          <span data-testid="chart-name">{patient.full_name}</span>
          {patient.name_ur ? (
            <span className="urdu" dir="rtl" lang="ur" data-testid="chart-name-ur">
              {patient.name_ur}
            </span>
          ) : null}
        </h1>
        <p className="muted" data-testid="chart-age">
          {t('patients.ageYears', { age: patient.age })} · {t(`sex.${patient.sex}`)}
        </p>
      </div>
      {risks.map((r) => (
        <div
          key={r.details ? `${r.details.kind}-${r.details.measure_id}` : `ask-${r.ask}`}
          className="risk-flag"
          role="alert"
          data-testid="chart-risk-flag"
          data-kind={r.details ? r.details.kind : 'ask'}
        >
          <strong>{t('risk.title')}</strong>{' '}
          {r.details
            ? t(`risk.${r.details.kind}`, {
                date: formatDay(r.details.raised_on, lang),
                answer: r.details.answer,
                total: r.details.total,
              })
            : t('risk.ask', { who: t(`risk.who.${r.ask}`) })}
        </div>
      ))}
      {allergies !== null ? (
        <div className="allergy-line" data-testid="chart-allergies">
          <span className="allergy-label">{t('chart.allergies')}</span>
          {allergies.length === 0 ? (
            <span className="muted" data-testid="chart-allergies-none">
              {t('chart.noAllergies')}
            </span>
          ) : (
            <ul className="allergy-chips">
              {allergies.map((a) => (
                <li key={a.id} className={`allergy-chip severity-${a.severity}`} data-testid="chart-allergy" data-severity={a.severity}>
                  <strong>{a.substance}</strong>
                  {a.reaction ? <> — {a.reaction}</> : null} ({t(`severity.${a.severity}`)})
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {disclosures.length > 0 ? (
        <div className="shared-line" data-testid="chart-disclosures">
          <span className="allergy-label">{t('chart.shared')}</span>
          <ul className="shared-list">
            {disclosures.map((d) => (
              <li key={d.id} data-testid="chart-disclosure" data-purpose={d.purpose}>
                <strong>{d.recipient}</strong> ({formatDay(d.disclosed_on, lang)}, {t(`disclosures.purpose.${d.purpose}`)})
                {d.details ? <>: {d.details.what}</> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {children}
    </div>
  );
}
