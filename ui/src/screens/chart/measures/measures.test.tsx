import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeasureInput } from '../../../bindings/MeasureInput';
import { SessionContext } from '../../../session';
import { measure, NPRS, PHQ9, psychologist, sessionOf } from '../../../test/clinical';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { clinicToday } from '../../../time';
import { ChartContext } from '../ChartContext';
import { MeasuresTab } from './MeasuresTab';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

// The canvas cannot be drawn in jsdom: the chart component's props are what is checked.
const drawn = vi.hoisted(() => [] as { data: unknown; options: unknown }[]);
vi.mock('react-chartjs-2', () => ({
  Line: (props: { data: unknown; options: unknown }) => {
    drawn.push(props);
    return <canvas data-testid="line-chart" />;
  },
}));

beforeEach(() => {
  invokeMock.mockReset();
  drawn.length = 0;
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

function renderTab(handlers: Record<string, (a: Record<string, unknown>) => unknown>) {
  mockCommands({ instrument_info: () => [PHQ9, NPRS], list_measures: () => [], ...handlers });
  const onRecorded = vi.fn();
  renderUi(
    <SessionContext.Provider value={sessionOf(psychologist)}>
      <ChartContext.Provider value={{ patientId: 21, grant: null, offerEmergency: vi.fn(), openings: 0 }}>
        <MeasuresTab onRecorded={onRecorded} />
      </ChartContext.Provider>
    </SessionContext.Provider>,
  );
  return { onRecorded };
}

describe('entering a PHQ-9', () => {
  it('sends the nine answers and shows the score, the band and the risk flag', async () => {
    const user = userEvent.setup();
    const { onRecorded } = renderTab({
      record_measure: (a) => {
        const req = a.req as MeasureInput;
        return measure(50, { items: req.items, total: 14, band: 'moderate', risk: true, taken_on: req.taken_on });
      },
    });
    // Only the psychologist's own instruments are offered.
    await user.click(await screen.findByTestId('measure-new-phq9'));
    expect(screen.queryByTestId('measure-new-nprs')).not.toBeInTheDocument();
    const form = screen.getByTestId('measure-form-phq9');
    expect(within(form).getByLabelText(/Thoughts that you would be better off dead/)).toBeInTheDocument();
    expect(screen.getByTestId('measure-date')).toHaveValue(clinicToday());

    // Every item must be answered before anything is sent.
    await user.click(screen.getByTestId('measure-save'));
    expect(await screen.findByTestId('measure-item-9-error')).toHaveTextContent('Answer this item.');
    expect(calls('record_measure')).toEqual([]);

    const answers = [1, 2, 1, 2, 1, 2, 2, 2, 1];
    for (const [i, v] of answers.entries()) {
      await user.selectOptions(screen.getByTestId(`measure-item-${i + 1}`), String(v));
    }
    await user.click(screen.getByTestId('measure-save'));
    const result = await screen.findByTestId('measure-result');
    expect(calls('record_measure')).toEqual([
      { token: 'tok-1', req: { patient_id: 21, instrument: 'phq9', items: answers, activities: [], taken_on: clinicToday() } },
    ]);
    expect(result).toHaveAttribute('data-total', '14');
    expect(result).toHaveAttribute('data-band', 'moderate');
    expect(result).toHaveAttribute('data-risk', 'true');
    expect(result).toHaveTextContent('total 14 of 27');
    expect(result).toHaveTextContent('Moderate');
    expect(within(result).getByTestId('measure-risk')).toHaveTextContent('Item 9');
    expect(onRecorded).toHaveBeenCalled();
    // The list is read again, so the chart shows the new score.
    expect(calls('list_measures')).toHaveLength(2);
  });

  it('shows a refused answer next to its item', async () => {
    const user = userEvent.setup();
    renderTab({
      record_measure: () => {
        throw { kind: 'validation', field: 'taken_on', message: 'A measure cannot be dated in the future.' };
      },
    });
    await user.click(await screen.findByTestId('measure-new-phq9'));
    for (let i = 1; i <= 9; i++) await user.selectOptions(screen.getByTestId(`measure-item-${i}`), '0');
    await user.clear(screen.getByTestId('measure-date'));
    await user.type(screen.getByTestId('measure-date'), '2099-01-01');
    await user.click(screen.getByTestId('measure-save'));
    expect(await screen.findByTestId('measure-date-error')).toHaveTextContent('cannot be dated in the future');
  });
});

describe('the measure chart', () => {
  it('is drawn from list_measures, oldest first, with the bands of instrument_info shaded', async () => {
    renderTab({
      list_measures: () => [
        measure(3, { taken_on: '2030-01-20', total: 8, band: 'mild' }),
        measure(1, { taken_on: '2030-01-01', total: 18, band: 'moderately_severe' }),
        measure(2, { taken_on: '2030-01-10', total: 12, band: 'moderate', risk: true }),
      ],
    });
    const box = await screen.findByTestId('measure-chart-phq9');
    expect(box).toHaveAttribute('data-points', '3');
    await within(box).findByTestId('line-chart');
    const props = drawn[drawn.length - 1] as {
      data: { datasets: { data: { x: number; y: number }[] }[] };
      options: { scales: { y: { min: number; max: number } }; plugins: { annotation: { annotations: Record<string, { yMin: number; yMax: number; label: { content: string } }> } } };
    };
    expect(props.data.datasets[0]!.data.map((p) => p.y)).toEqual([18, 12, 8]);
    expect(props.data.datasets[0]!.data[0]!.x).toBe(Date.parse('2030-01-01T12:00:00Z'));
    expect(props.options.scales.y).toMatchObject({ min: 0, max: 27 });
    const bands = props.options.plugins.annotation.annotations;
    expect(Object.keys(bands)).toEqual(['band-minimal', 'band-mild', 'band-moderate', 'band-moderately_severe', 'band-severe']);
    expect(bands['band-moderate']).toMatchObject({ yMin: 9.5, yMax: 14.5, label: { content: 'Moderate' } });
    expect(bands['band-minimal']).toMatchObject({ yMin: 0 });
    expect(bands['band-severe']).toMatchObject({ yMax: 27 });
    // The same scores as a table, newest first, for whoever cannot see the chart.
    const rows = screen.getAllByTestId('measure-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['3', '2', '1']);
    expect(rows[1]).toHaveAttribute('data-risk', 'true');
  });

  it('says so calmly when the measures are refused', async () => {
    renderTab({
      list_measures: () => {
        throw { kind: 'forbidden', message: 'Outcome measures are kept for the physiotherapy and psychology staff of the patient’s care.' };
      },
    });
    expect(await screen.findByTestId('chart-refused')).toHaveTextContent('Outcome measures are kept');
    await waitFor(() => expect(screen.getByTestId('emergency-open')).toBeInTheDocument());
  });
});
