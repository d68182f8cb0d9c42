import './chart.css';
import '../schedule/schedule.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, toAppError } from '../../api';
import type { EmergencyGrant } from '../../bindings/EmergencyGrant';
import type { History } from '../../bindings/History';
import type { Patient } from '../../bindings/Patient';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { ChartContext, type Chart } from './ChartContext';
import { ChartHeader } from './ChartHeader';
import { ChartTabs, tabPanelId, type ChartTab } from './ChartTabs';
import { isPharmacist } from './clinician';
import { EmergencyBanner } from './EmergencyBanner';
import { EmergencyDialog } from './EmergencyDialog';
import { DispensingTab } from './dispensing/DispensingTab';
import { DocumentsTab } from './documents/DocumentsTab';
import { HistoryTab } from './history/HistoryTab';
import { MeasuresTab } from './measures/MeasuresTab';
import { NotesTab } from './notes/NotesTab';
import { RecordExport } from './RecordExport';
import { TimelineTab } from './timeline/TimelineTab';
import { usePart } from './usePart';

/** The tabs a clinician sees, the one they start on first; the pharmacist also dispenses from here. */
function tabsFor(pharmacist: boolean): ChartTab[] {
  return pharmacist
    ? ['dispensing', 'timeline', 'notes', 'history', 'measures', 'documents']
    : ['notes', 'timeline', 'history', 'measures', 'documents'];
}

/** Where a link inside the chart leads: a tab, and what to open in it. */
export type ChartPlace = { tab: ChartTab; id?: number | undefined };

type Props = {
  patientId: number;
  /** The record as already opened (from the patient record); otherwise it is opened here. */
  initial?: Patient | null | undefined;
  onBack: () => void;
};

/** A clinician's view of one patient: what the back end lets them read, in tabs. */
export function ChartScreen({ patientId, initial = null, onBack }: Props) {
  const { t } = useI18n();
  const { token, me } = useSession();
  const [patient, setPatient] = useState<Patient | null>(initial);
  const [patientError, setPatientError] = useState<string | null>(null);
  const [grant, setGrant] = useState<EmergencyGrant | null>(null);
  const [openings, setOpenings] = useState(0);
  const [asking, setAsking] = useState(false);
  const tabs = useMemo(() => tabsFor(isPharmacist(me)), [me]);
  const [place, setPlace] = useState<ChartPlace>(() => ({ tab: tabs[0] ?? 'history' }));
  const titleShown = useRef(false);

  useEffect(() => {
    if (initial) return;
    let live = true;
    api.getPatient(token, patientId).then(
      (p) => {
        if (live) setPatient(p);
      },
      (e: unknown) => {
        if (live) setPatientError(toAppError(e).message || t('common.errorUnknown'));
      },
    );
    return () => {
      live = false;
    };
  }, [initial, token, patientId, t]);

  useEffect(() => {
    let live = true;
    api.emergencyStatus(token, patientId).then(
      (g) => {
        if (live) setGrant(g);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [token, patientId]);

  // When the grant runs out the banner goes, and the parts it opened close again.
  useEffect(() => {
    if (!grant) return;
    const left = new Date(grant.expires_at).getTime() - Date.now();
    const timer = window.setTimeout(() => {
      setGrant(null);
      setOpenings((n) => n + 1);
    }, Math.max(0, Math.min(left, 2 ** 31 - 1)));
    return () => window.clearTimeout(timer);
  }, [grant]);

  const loadHistory = useCallback(
    () => api.listHistory(token, patientId),
    // `openings`: load again once emergency access is granted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, patientId, openings],
  );
  const history = usePart<History>(loadHistory);
  const loadRisks = useCallback(
    () => api.riskFlags(token, patientId),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, patientId, openings],
  );
  const risks = usePart(loadRisks);
  const loadShared = useCallback(() => api.chartDisclosures(token, patientId), [token, patientId]);
  const shared = usePart(loadShared);

  const chart = useMemo<Chart>(() => ({ patientId, grant, offerEmergency: () => setAsking(true), openings }), [patientId, grant, openings]);

  useEffect(() => {
    if (patient && !titleShown.current) {
      titleShown.current = true;
      document.getElementById('chart-title')?.focus();
    }
  }, [patient]);

  const allergies =
    history.part.state === 'ready' && history.part.value.allergies
      ? history.part.value.allergies.filter((a) => a.status === 'active')
      : null;

  return (
    <ChartContext.Provider value={chart}>
      <section className="stack chart" data-testid="chart" data-patient={patientId} aria-labelledby="chart-title" inert={asking}>
        <div className="title-row">
          <Button variant="quiet" testId="chart-back" onClick={onBack}>
            {t('chart.back')}
          </Button>
        </div>
        {grant ? <EmergencyBanner grant={grant} /> : null}
        {patientError ? <Banner tone="error">{patientError}</Banner> : null}
        {patient ? (
          <ChartHeader
            patient={patient}
            allergies={allergies}
            risks={risks.part.state === 'ready' ? risks.part.value : []}
            disclosures={shared.part.state === 'ready' ? shared.part.value : []}
          >
            <RecordExport patientId={patientId} />
          </ChartHeader>
        ) : patientError ? null : (
          <p aria-busy="true">{t('common.loading')}</p>
        )}
        <ChartTabs tabs={tabs} current={place.tab} onChoose={(tab) => setPlace({ tab })} />
        <div role="tabpanel" id={tabPanelId} aria-labelledby={`chart-tab-${place.tab}`} className="chart-panel" tabIndex={-1}>
          {place.tab === 'timeline' ? <TimelineTab onOpen={setPlace} /> : null}
          {place.tab === 'notes' ? <NotesTab openNoteId={place.id} /> : null}
          {place.tab === 'history' ? <HistoryTab history={history} /> : null}
          {place.tab === 'measures' ? <MeasuresTab onRecorded={risks.reload} highlight={place.id} /> : null}
          {place.tab === 'documents' ? <DocumentsTab openDocId={place.id} /> : null}
          {place.tab === 'dispensing' ? <DispensingTab patient={patient} highlight={place.id} /> : null}
        </div>
      </section>
      {asking ? (
        <EmergencyDialog
          patientId={patientId}
          patientName={patient?.full_name ?? ''}
          onClose={() => setAsking(false)}
          onGranted={(g) => {
            setGrant(g);
            setAsking(false);
            setOpenings((n) => n + 1);
          }}
        />
      ) : null}
    </ChartContext.Provider>
  );
}
