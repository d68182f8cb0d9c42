import type { History } from '../../../bindings/History';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { disciplinesOf } from '../clinician';
import { PartView } from '../PartView';
import type { Part } from '../usePart';
import { AllergiesSection } from './AllergiesSection';
import { ConditionsSection } from './ConditionsSection';
import { MedicationsSection } from './MedicationsSection';

type Props = {
  /** Loaded once by the chart, which also shows the allergies in its header. */
  history: { part: Part<History>; reload: () => void };
};

/** Conditions, allergies and medications; a part the role may not read says so in one line. */
export function HistoryTab({ history }: Props) {
  const { t } = useI18n();
  const { me } = useSession();
  const mine = disciplinesOf(me);
  // Emergency access reads; it does not write (src-tauri/src/records/access.rs).
  const writesConditions = mine.some((d) => d !== 'pharmacy');
  const hidden = (testId: string) => (
    <p className="muted not-in-view" data-testid={testId}>
      {t('chart.notInView')}
    </p>
  );
  return (
    <PartView part={history.part} onRetry={history.reload}>
      {(h) => (
        <div className="stack" data-testid="history">
          {h.conditions ? (
            <ConditionsSection conditions={h.conditions} changes={h.changes} mayWrite={writesConditions} onSaved={history.reload} />
          ) : (
            <section className="card" aria-label={t('history.conditions')}>
              <h2>{t('history.conditions')}</h2>
              {hidden('conditions-hidden')}
            </section>
          )}
          {h.allergies ? (
            <AllergiesSection allergies={h.allergies} changes={h.changes} mayWrite={mine.length > 0} onSaved={history.reload} />
          ) : (
            hidden('allergies-hidden')
          )}
          {h.medications ? (
            <MedicationsSection medications={h.medications} changes={h.changes} mayWrite={mine.length > 0} onSaved={history.reload} />
          ) : (
            hidden('medications-hidden')
          )}
        </div>
      )}
    </PartView>
  );
}
