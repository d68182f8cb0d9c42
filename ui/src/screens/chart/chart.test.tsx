import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../session';
import { allergy, history, patient, pharmacist, physio, sessionOf } from '../../test/clinical';
import { invokeMock, mockCommands, reception, renderUi } from '../../test/helpers';
import { appointment } from '../../test/schedule';
import { PatientRecord } from '../patients/PatientRecord';
import { TodayScreen } from '../today/TodayScreen';
import { ChartScreen } from './ChartScreen';
import { isClinician } from './clinician';
import { OpenChartContext } from './openChart';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const REFUSED = 'Your role does not give access to this part of the clinical record.';

function renderChart(handlers: Record<string, (a: Record<string, unknown>) => unknown>, me = physio) {
  mockCommands({
    get_patient: () => patient(21),
    emergency_status: () => null,
    risk_flags: () => [],
    chart_disclosures: () => [],
    list_history: () => history(),
    list_notes: () => [],
    my_note_drafts: () => [],
    patient_timeline: () => ({ entries: [], next: null, by_emergency: false }),
    ...handlers,
  });
  const onBack = vi.fn();
  renderUi(
    <SessionContext.Provider value={sessionOf(me)}>
      <ChartScreen patientId={21} onBack={onBack} />
    </SessionContext.Provider>,
  );
  return { onBack };
}

describe('the chart header', () => {
  it('shows the patient in both scripts, the allergies with severe ones marked, and the risk flag', async () => {
    renderChart({
      list_history: () =>
        history({
          allergies: [
            allergy(1, 'Penicillin', { severity: 'severe', reaction: 'anaphylaxis' }),
            allergy(2, 'Latex', { severity: 'mild' }),
            allergy(3, 'Aspirin', { status: 'inactive' }),
          ],
        }),
      risk_flags: () => [
        {
          ask: 'psychology',
          details: { kind: 'self_harm', instrument: 'phq9', raised_on: '2030-01-12', measure_id: 4, item: 9, answer: 2, total: 14, band: 'moderate' },
        },
      ],
    });
    const chart = await screen.findByTestId('chart');
    expect(chart).toHaveAttribute('data-patient', '21');
    expect(await screen.findByTestId('chart-name')).toHaveTextContent('Ayesha Khan');
    expect(screen.getByTestId('chart-name-ur')).toHaveTextContent('عائشہ خان');
    expect(screen.getByTestId('chart-mrn')).toHaveTextContent('AH-000021');
    const chips = await screen.findAllByTestId('chart-allergy');
    // Only active allergies are shown at a glance.
    expect(chips.map((c) => [c.textContent?.split(' ')[0], c.dataset.severity])).toEqual([
      ['Penicillin', 'severe'],
      ['Latex', 'mild'],
    ]);
    expect(chips[0]).toHaveClass('severity-severe');
    const flag = await screen.findByTestId('chart-risk-flag');
    expect(flag).toHaveTextContent('self-harm');
    expect(flag).toHaveTextContent('item 9 answered 2, total 14');
    expect(screen.queryByTestId('emergency-banner')).not.toBeInTheDocument();
    expect(screen.queryByTestId('chart-disclosures')).not.toBeInTheDocument();
  });

  it('shows a bare risk flag, saying whom to ask, to a clinician who does not read the measure behind it', async () => {
    renderChart({ risk_flags: () => [{ ask: 'psychology', details: null }] });
    const flag = await screen.findByTestId('chart-risk-flag');
    expect(flag).toHaveAttribute('data-kind', 'ask');
    expect(flag).toHaveTextContent('Speak to the psychologist before the session.');
    expect(flag).not.toHaveTextContent('PHQ-9');
  });

  it('says who outside the clinic the record was shared with, when and why; what was shared when the service sends it', async () => {
    renderChart({
      chart_disclosures: () => [
        { id: 3, recipient: 'Lahore High Court', purpose: 'legal', disclosed_on: '2030-01-05', details: null },
        {
          id: 4,
          recipient: 'Services Hospital',
          purpose: 'care_team',
          disclosed_on: '2030-01-06',
          details: { what: 'Physiotherapy notes', reason: 'Referral', recorded_by_name: 'Nadia Hussain' },
        },
      ],
    });
    const line = await screen.findByTestId('chart-disclosures');
    expect(line).toHaveTextContent('Shared outside the clinic:');
    const [court, hospital] = screen.getAllByTestId('chart-disclosure');
    expect(court).toHaveTextContent('Lahore High Court');
    expect(court).toHaveTextContent('Required by law');
    expect(court).not.toHaveTextContent(':');
    expect(hospital).toHaveTextContent('Care team outside the clinic): Physiotherapy notes');
    expect(calls('chart_disclosures')).toEqual([{ token: 'tok-1', patientId: 21 }]);
  });

  it('shows the emergency banner with the expiry in clinic time while access is granted', async () => {
    renderChart({ emergency_status: () => ({ patient_id: 21, expires_at: '2099-01-15T09:00:00Z' }) });
    const banner = await screen.findByTestId('emergency-banner');
    // 09:00 UTC is 14:00 in Karachi.
    expect(banner).toHaveTextContent('14:00');
    expect(banner).toHaveTextContent('EMERGENCY ACCESS');
  });
});

describe('a refused part', () => {
  it('is one calm line with the emergency-access offer', async () => {
    renderChart({
      list_history: () => {
        throw { kind: 'forbidden', message: REFUSED };
      },
    });
    await userEvent.setup().click(await screen.findByTestId('chart-tab-history'));
    const refused = await screen.findByTestId('chart-refused');
    expect(refused).toHaveTextContent(REFUSED);
    expect(refused).not.toHaveAttribute('role', 'alert');
    expect(within(refused).getByTestId('emergency-open')).toBeInTheDocument();
    expect(screen.queryByTestId('chart-error')).not.toBeInTheDocument();
  });
});

describe('emergency access', () => {
  it('needs a reason of ten characters, then opens the record and loads the refused part again', async () => {
    const user = userEvent.setup();
    let granted = false;
    renderChart({
      list_history: () => {
        if (!granted) throw { kind: 'forbidden', message: REFUSED };
        return history({ allergies: [allergy(1, 'Penicillin', { severity: 'severe' })] });
      },
      break_glass: () => {
        granted = true;
        return { patient_id: 21, expires_at: '2099-01-15T09:00:00Z' };
      },
    });
    await user.click(await screen.findByTestId('chart-tab-history'));
    await user.click(await screen.findByTestId('emergency-open'));
    const dialog = await screen.findByTestId('emergency-dialog');
    expect(within(dialog).getByTestId('emergency-warning')).toHaveTextContent('audited');
    const reason = screen.getByTestId('emergency-reason');
    await waitFor(() => expect(reason).toHaveFocus());
    await user.type(reason, '  urgent  ');
    await user.click(screen.getByTestId('emergency-confirm'));
    expect(await screen.findByTestId('emergency-reason-error')).toHaveTextContent('at least 10 characters');
    expect(calls('break_glass')).toEqual([]);

    await user.clear(reason);
    await user.type(reason, 'Collapsed in the waiting room');
    await user.keyboard('{Tab}{Enter}');
    await waitFor(() => expect(screen.queryByTestId('emergency-dialog')).not.toBeInTheDocument());
    expect(calls('break_glass')).toEqual([{ token: 'tok-1', patientId: 21, reason: 'Collapsed in the waiting room' }]);
    expect(await screen.findByTestId('emergency-banner')).toBeInTheDocument();
    expect(await screen.findByTestId('allergy-row')).toHaveAttribute('data-severity', 'severe');
    expect(screen.queryByTestId('chart-refused')).not.toBeInTheDocument();
  });

  it('shows the back end message next to the reason', async () => {
    const user = userEvent.setup();
    renderChart({
      list_history: () => {
        throw { kind: 'forbidden', message: REFUSED };
      },
      break_glass: () => {
        throw { kind: 'validation', field: 'reason', message: 'The reason is too long.' };
      },
    });
    await user.click(await screen.findByTestId('chart-tab-history'));
    await user.click(await screen.findByTestId('emergency-open'));
    await user.type(screen.getByTestId('emergency-reason'), 'Collapsed in the waiting room');
    await user.click(screen.getByTestId('emergency-confirm'));
    expect(await screen.findByTestId('emergency-reason-error')).toHaveTextContent('The reason is too long.');
    expect(screen.getByTestId('emergency-reason')).toHaveValue('Collapsed in the waiting room');
  });
});

describe('the tabs', () => {
  it('start on the notes and move with the arrow keys', async () => {
    const user = userEvent.setup();
    renderChart({});
    await screen.findByTestId('chart-name');
    await waitFor(() => expect(document.getElementById('chart-title')).toHaveFocus());
    const notes = screen.getByTestId('chart-tab-notes');
    expect(notes).toHaveAttribute('aria-selected', 'true');
    notes.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('chart-tab-timeline')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('chart-tab-timeline')).toHaveFocus();
    expect(await screen.findByTestId('timeline-empty')).toBeInTheDocument();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('chart-tab-history')).toHaveFocus();
    expect(await screen.findByTestId('history')).toBeInTheDocument();
  });
});

describe('who is offered the chart', () => {
  it('offers "Open chart" on the record to a clinician, never to reception', async () => {
    mockCommands({ get_patient: () => patient(21), list_objections: () => [] });
    const open = vi.fn();
    const { unmount } = renderUi(
      <SessionContext.Provider value={sessionOf(reception)}>
        <PatientRecord id={21} initial={patient(21)} onBack={() => {}} onEdit={() => {}} onOpenChart={open} />
      </SessionContext.Provider>,
    );
    await screen.findByTestId('patient-record');
    expect(screen.queryByTestId('chart-open')).not.toBeInTheDocument();
    unmount();
    renderUi(
      <SessionContext.Provider value={sessionOf(physio)}>
        <PatientRecord id={21} initial={patient(21)} onBack={() => {}} onEdit={() => {}} onOpenChart={open} />
      </SessionContext.Provider>,
    );
    await userEvent.setup().click(await screen.findByTestId('chart-open'));
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ id: 21 }));
  });
});

describe('the record PDF', () => {
  it('asks the purpose and shows where the file was saved', async () => {
    const user = userEvent.setup();
    renderChart({ export_record_pdf: () => '/home/bilal/Downloads/record-AH-000021.pdf' });
    await user.selectOptions(await screen.findByTestId('record-purpose'), 'referral');
    await user.click(screen.getByTestId('record-export'));
    expect(await screen.findByTestId('record-export-path')).toHaveTextContent('/home/bilal/Downloads/record-AH-000021.pdf');
    expect(calls('export_record_pdf')).toEqual([{ token: 'tok-1', patientId: 21, purpose: 'referral' }]);
  });
});

describe('the pharmacist’s chart', () => {
  it('starts on dispensing', async () => {
    renderChart({ list_dispensings: () => [], list_stock: () => [] }, pharmacist);
    expect(await screen.findByTestId('chart-tab-dispensing')).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByTestId('dispensings-empty')).toBeInTheDocument();
    expect(await screen.findByTestId('dispense-chosen-patient')).toHaveAttribute('data-id', '21');
  });
});

describe('Today’s rows', () => {
  function renderToday(me: typeof physio) {
    mockCommands({ appointments_on_day: () => [appointment(1)] });
    const open = vi.fn();
    renderUi(
      <SessionContext.Provider value={sessionOf(me)}>
        <OpenChartContext.Provider value={isClinician(me) ? open : null}>
          <TodayScreen />
        </OpenChartContext.Provider>
      </SessionContext.Provider>,
    );
    return open;
  }

  it('open the chart for a clinician, by button or R', async () => {
    const user = userEvent.setup();
    const open = renderToday(physio);
    const row = await screen.findByTestId('today-row');
    await user.click(within(row).getByTestId('today-chart-1'));
    expect(open).toHaveBeenCalledWith(11);
    row.focus();
    await user.keyboard('r');
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('offer no chart to reception', async () => {
    renderToday(reception);
    const row = await screen.findByTestId('today-row');
    expect(within(row).queryByTestId('today-chart-1')).not.toBeInTheDocument();
  });
});
