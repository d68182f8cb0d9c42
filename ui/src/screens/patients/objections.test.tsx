import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Objection } from '../../bindings/Objection';
import type { Patient } from '../../bindings/Patient';
import { SessionContext, type Session } from '../../session';
import { invokeMock, mockCommands, reception, renderUi } from '../../test/helpers';
import { receptionSession } from '../../test/schedule';
import { PatientRecord } from './PatientRecord';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const patient: Patient = {
  id: 7,
  mrn: 'AH-000007',
  full_name: 'Ayesha Khan',
  name_ur: null,
  relative_name: null,
  birth_date: '1990-05-01',
  birth_date_estimated: false,
  age: 35,
  sex: 'female',
  cnic: null,
  phone: '+92 300 1234567',
  phone_alt: null,
  email: null,
  address: null,
  city: null,
  preferred_language: 'ur',
  insurance_payer: null,
  insurance_policy: null,
  reception_note: null,
  related: [],
  consents: [],
};

const objection = (id: number, purpose: string, extra: Partial<Objection> = {}): Objection => ({
  id,
  purpose,
  received_at: '2030-01-15T04:30:00Z',
  recorded_by_name: 'Sana Reception',
  withdrawn_at: null,
  ...extra,
});

function renderRecord(session: Session = receptionSession) {
  renderUi(
    <SessionContext.Provider value={session}>
      <PatientRecord id={7} initial={patient} onBack={() => {}} onEdit={() => {}} />
    </SessionContext.Provider>,
  );
}

describe('objections on the patient record', () => {
  it('records and withdraws an objection beside the consents', async () => {
    const user = userEvent.setup();
    let list: Objection[] = [];
    mockCommands({
      list_objections: () => list,
      record_objection: (a) => (list = [objection(3, a.purpose as string)]),
      withdraw_objection: () => (list = [objection(3, 'reminders', { withdrawn_at: '2030-01-16T05:00:00Z' })]),
    });
    renderRecord();
    expect(await screen.findByTestId('objections-empty')).toBeInTheDocument();
    expect(calls('list_objections')).toEqual([{ token: 'tok-1', patientId: 7 }]);

    await user.selectOptions(screen.getByTestId('objection-purpose'), 'reminders');
    await user.click(screen.getByTestId('objection-add'));
    expect(await screen.findByTestId('objection-notice')).toHaveTextContent('The objection to Appointment reminders is on record.');
    expect(calls('record_objection')).toEqual([{ token: 'tok-1', patientId: 7, purpose: 'reminders' }]);
    const row = screen.getByTestId('objection-row');
    expect(row).toHaveAttribute('data-purpose', 'reminders');
    // 04:30 UTC is 09:30 in Karachi.
    expect(within(row).getByText(/09:30/)).toBeInTheDocument();

    await user.click(screen.getByTestId('objection-withdraw-3'));
    await user.click(screen.getByTestId('objection-withdraw-confirm-yes'));
    expect(await screen.findByText('The objection to Appointment reminders was withdrawn.')).toBeInTheDocument();
    expect(calls('withdraw_objection')).toEqual([{ token: 'tok-1', id: 3 }]);
    expect(screen.getByTestId('objection-row')).toHaveClass('inactive');
    expect(screen.queryByTestId('objection-withdraw-3')).not.toBeInTheDocument();
  });

  it('shows objections without the buttons to those who may not record them', async () => {
    mockCommands({ list_objections: () => [objection(4, 'sharing')] });
    const viewer = { ...receptionSession, me: { ...reception, permissions: ['view_patients'] }, can: (p: string) => p === 'view_patients' } as Session;
    renderRecord(viewer);
    expect(await screen.findByTestId('objection-row')).toHaveTextContent('Sharing with others');
    expect(screen.getByTestId('objection-row')).toHaveTextContent('In force');
    expect(screen.queryByTestId('objection-form')).not.toBeInTheDocument();
  });
});
