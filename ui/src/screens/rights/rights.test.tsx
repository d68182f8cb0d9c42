import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../bindings/Dashboard';
import type { Patient } from '../../bindings/Patient';
import type { RequestState } from '../../bindings/RequestState';
import type { RightsRequest } from '../../bindings/RightsRequest';
import type { Me } from '../../bindings/Me';
import { SessionContext, type Session } from '../../session';
import { invokeMock, mockCommands, renderUi } from '../../test/helpers';
import { NewRequestForm } from './NewRequestForm';
import { RequestDetail } from './RequestDetail';
import { RightsDashboard } from './RightsDashboard';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), Channel: class {} }));

beforeEach(() => {
  invokeMock.mockReset();
});

const officer: Me = {
  id: 5,
  username: 'privacy',
  full_name: 'Nadia Hussain',
  roles: ['privacy_officer'],
  language: 'en',
  permissions: ['view_patients', 'manage_rights_requests', 'record_disclosures', 'erase_records', 'export_patient_data'],
};
const session = { token: 'tok-1', me: officer, can: (p: string) => (officer.permissions as string[]).includes(p) } as unknown as Session;
const inSession = (ui: React.ReactElement) => renderUi(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);
const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const request = (id: number, extra: Partial<RightsRequest> = {}): RightsRequest => ({
  id,
  kind: 'access',
  patient_id: 30,
  patient_name: 'Ayesha Khan',
  mrn: 'AH-000030',
  requested_by: 'patient',
  guardian_id: null,
  requester_name: 'Ayesha Khan',
  details: 'A copy of my record',
  received_on: '2030-01-02',
  due_on: '2030-02-01',
  state: 'received',
  identity_method: null,
  identity_notes: null,
  outcome_details: null,
  refusal_reason: null,
  created_at: '2030-01-02T05:00:00Z',
  closed_at: null,
  ...extra,
});

describe('requests dashboard', () => {
  it('lists open requests soonest first and marks overdue ones in words', async () => {
    const board: Dashboard = {
      today: '2030-01-20',
      open: [
        { request: request(1, { due_on: '2030-02-01' }), days_left: 12, overdue: false },
        { request: request(2, { due_on: '2030-01-15', patient_name: 'Zara Ali' }), days_left: -5, overdue: true },
        { request: request(3, { due_on: '2030-01-20', kind: 'deletion' }), days_left: 0, overdue: false },
      ],
      counts: [
        { month: '2030-01', kind: 'access', count: 2 },
        { month: '2030-01', kind: 'deletion', count: 1 },
        { month: '2029-12', kind: 'objection', count: 4 },
      ],
    };
    mockCommands({ rights_dashboard: () => board });
    const onOpen = vi.fn();
    inSession(<RightsDashboard onNew={() => {}} onOpen={onOpen} />);
    const rows = await screen.findAllByTestId('rights-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['2', '3', '1']);
    expect(rows.map((r) => r.dataset.overdue)).toEqual(['true', 'false', 'false']);
    // Not by colour alone: the word is there, only on the late one.
    expect(within(rows[0]!).getByTestId('rights-overdue')).toHaveTextContent('Overdue');
    expect(within(rows[0]!).getByTestId('rights-days')).toHaveTextContent('5 days late');
    expect(within(rows[1]!).queryByTestId('rights-overdue')).not.toBeInTheDocument();
    expect(within(rows[1]!).getByTestId('rights-days')).toHaveTextContent('Due today');
    expect(within(rows[2]!).getByTestId('rights-days')).toHaveTextContent('12 days left');
    expect(screen.getByTestId('rights-count-2030-01-access')).toHaveTextContent('2');
    expect(screen.getByTestId('rights-count-2029-12-objection')).toHaveTextContent('4');
    expect(screen.getByTestId('rights-count-2029-12-access')).toHaveTextContent('0');
    await userEvent.setup().click(screen.getByTestId('rights-open-3'));
    expect(onOpen).toHaveBeenCalledWith(3);
  });
});

const child: Patient = {
  id: 40,
  mrn: 'AH-000040',
  full_name: 'Hamza Tariq',
  name_ur: null,
  relative_name: null,
  birth_date: '2022-03-01',
  birth_date_estimated: false,
  age: 7,
  sex: 'male',
  cnic: null,
  phone: null,
  phone_alt: null,
  email: null,
  address: null,
  city: null,
  preferred_language: 'ur',
  insurance_payer: null,
  insurance_policy: null,
  reception_note: null,
  related: [
    { id: 7, kind: 'guardian', name: 'Tariq Mehmood', relationship: 'father', cnic: null, phone: null },
    { id: 8, kind: 'emergency_contact', name: 'Uncle Bilal', relationship: 'uncle', cnic: null, phone: null },
  ],
  consents: [],
};

describe('new request form', () => {
  it('sends a guardian request for a child and shows a server error by its field, keeping what was typed', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    mockCommands({
      rights_due_days: () => 30,
      search_patients: () => [
        { id: 40, mrn: 'AH-000040', full_name: 'Hamza Tariq', name_ur: null, birth_date: '2022-03-01', age: 7, sex: 'male', phone: null },
      ],
      get_patient: () => child,
      record_rights_request: () => {
        attempt += 1;
        if (attempt === 1) throw { kind: 'validation', field: 'due_on', message: 'The due date 2020-01-01 has already passed.' };
        return request(9, { patient_id: 40 });
      },
    });
    const onDone = vi.fn();
    inSession(<NewRequestForm onDone={onDone} onCancel={() => {}} />);
    await user.type(screen.getByTestId('rights-patient-search'), 'Hamza');
    await user.click(await screen.findByTestId('rights-patient-option'));
    // Under 13: only a guardian, and the one guardian on record is chosen; not the emergency contact.
    expect(await screen.findByTestId('rights-child-hint')).toBeInTheDocument();
    expect(screen.getByTestId('rights-by-patient')).toBeDisabled();
    expect(screen.getByTestId('rights-by-guardian')).toBeChecked();
    await waitFor(() => expect(screen.getByTestId('rights-guardian')).toHaveValue('7'));
    expect(within(screen.getByTestId('rights-guardian')).queryByText(/Uncle/)).not.toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('rights-kind'), 'deletion');
    await user.clear(screen.getByTestId('rights-received-on'));
    await user.type(screen.getByTestId('rights-received-on'), '2030-01-10');
    // The due date follows the date received by the clinic's number of days.
    expect(screen.getByTestId('rights-due-on')).toHaveValue('2030-02-09');
    await user.clear(screen.getByTestId('rights-due-on'));
    await user.type(screen.getByTestId('rights-due-on'), '2020-01-01');
    await user.type(screen.getByTestId('rights-details'), 'Delete my son’s data');
    await user.click(screen.getByTestId('rights-save'));

    expect(await screen.findByTestId('rights-due-on-error')).toHaveTextContent('has already passed');
    expect(screen.queryByTestId('rights-form-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('rights-details')).toHaveValue('Delete my son’s data');
    expect(calls('record_rights_request')[0]).toEqual({
      token: 'tok-1',
      req: {
        kind: 'deletion',
        patient_id: 40,
        requested_by: 'guardian',
        guardian_id: 7,
        details: 'Delete my son’s data',
        received_on: '2030-01-10',
        due_on: '2020-01-01',
      },
    });
    await user.clear(screen.getByTestId('rights-due-on'));
    await user.type(screen.getByTestId('rights-due-on'), '2030-02-05');
    await user.click(screen.getByTestId('rights-save'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls('record_rights_request')[1]?.req).toMatchObject({ due_on: '2030-02-05' });
  });
});

describe('request detail', () => {
  const detailIn = (state: RequestState, extra: Partial<RightsRequest> = {}) => ({
    request: request(4, { state, ...extra }),
    events: [{ from_state: null, to_state: 'received', note: null, staff_name: 'Nadia Hussain', at: '2030-01-02T05:00:00Z' }],
  });

  it.each<[RequestState, string[], string[]]>([
    ['received', ['rights-verify', 'rights-refuse-open'], ['rights-start', 'rights-fulfil', 'rights-letter-en']],
    ['identity_verified', ['rights-start', 'rights-refuse-open'], ['rights-verify', 'rights-fulfil', 'rights-letter-en']],
    // An access request is answered by saving the record and the report, not by words.
    ['in_progress', ['rights-fulfil-access', 'rights-refuse-open'], ['rights-verify', 'rights-start', 'rights-fulfil', 'rights-letter-en']],
    ['fulfilled', ['rights-letter-en', 'rights-letter-ur'], ['rights-verify', 'rights-start', 'rights-fulfil', 'rights-refuse-open']],
    ['refused', ['rights-letter-en', 'rights-letter-ur'], ['rights-verify', 'rights-fulfil', 'rights-refuse-open']],
  ])('offers the next steps of a %s request', async (state, shown, hidden) => {
    mockCommands({ get_rights_request: () => detailIn(state) });
    inSession(<RequestDetail id={4} onBack={() => {}} />);
    expect(await screen.findByTestId('rights-detail')).toHaveAttribute('data-state', state);
    for (const id of shown) expect(screen.getByTestId(id)).toBeInTheDocument();
    for (const id of hidden) expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    expect(screen.queryByTestId('rights-package')).not.toBeInTheDocument();
  });

  it('verifies identity, then saves a letter in Urdu once answered', async () => {
    const user = userEvent.setup();
    let state: RequestState = 'received';
    mockCommands({
      get_rights_request: () => detailIn(state),
      verify_rights_identity: () => {
        state = 'fulfilled';
        return request(4, { state: 'identity_verified' });
      },
      export_rights_letter: () => '/home/po/Downloads/letter-4-ur.pdf',
    });
    inSession(<RequestDetail id={4} onBack={() => {}} />);
    await user.selectOptions(await screen.findByTestId('rights-verify-method'), 'phone_call_back');
    await user.type(screen.getByTestId('rights-verify-notes'), 'Called 0300-1234567');
    await user.click(screen.getByTestId('rights-verify'));
    expect(calls('verify_rights_identity')).toEqual([
      { token: 'tok-1', id: 4, check: { method: 'phone_call_back', notes: 'Called 0300-1234567' } },
    ]);
    await user.click(await screen.findByTestId('rights-letter-ur'));
    expect(await screen.findByTestId('rights-notice')).toHaveTextContent('/home/po/Downloads/letter-4-ur.pdf');
    expect(calls('export_rights_letter')).toEqual([{ token: 'tok-1', id: 4, language: 'ur' }]);
  });

  it('refuses a correction with the statement and what it disagrees with', async () => {
    const user = userEvent.setup();
    mockCommands({
      get_rights_request: () => detailIn('in_progress', { kind: 'correction' }),
      refuse_rights_request: () => request(4, { state: 'refused', kind: 'correction' }),
    });
    inSession(<RequestDetail id={4} onBack={() => {}} />);
    await user.click(await screen.findByTestId('rights-refuse-open'));
    await user.type(screen.getByTestId('rights-refuse-reason'), 'The note is correct');
    expect(screen.queryByTestId('rights-refuse-disputes')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('rights-refuse-statement'), 'I never said that');
    await user.selectOptions(screen.getByTestId('rights-refuse-disputes'), 'psychology');
    await user.click(screen.getByTestId('rights-refuse'));
    await waitFor(() =>
      expect(calls('refuse_rights_request')).toEqual([
        { token: 'tok-1', id: 4, req: { reason: 'The note is correct', statement: 'I never said that', disputes: 'psychology' } },
      ]),
    );
  });

  it('saves the portability package, which answers the request', async () => {
    const user = userEvent.setup();
    let state: RequestState = 'in_progress';
    mockCommands({
      get_rights_request: () => detailIn(state, { kind: 'portability' }),
      fulfil_portability_request: () => {
        state = 'fulfilled';
        return {
          request: request(4, { state: 'fulfilled', kind: 'portability' }),
          package: { path: '/home/po/Downloads/AH-000030-portability.zip', files: [] },
        };
      },
    });
    inSession(<RequestDetail id={4} onBack={() => {}} />);
    expect(screen.queryByTestId('rights-fulfil')).not.toBeInTheDocument();
    await user.click(await screen.findByTestId('rights-package'));
    expect(await screen.findByTestId('rights-saved-path')).toHaveTextContent('/home/po/Downloads/AH-000030-portability.zip');
    expect(calls('fulfil_portability_request')[0]).toMatchObject({ token: 'tok-1', id: 4 });
    expect(await screen.findByTestId('rights-letter-en')).toBeInTheDocument();
    expect(screen.queryByTestId('rights-purpose-reminders')).not.toBeInTheDocument();
  });

  it('saves the record and the access report, both paths shown', async () => {
    const user = userEvent.setup();
    mockCommands({
      get_rights_request: () => detailIn('in_progress'),
      fulfil_access_request: () => ({
        request: request(4, { state: 'fulfilled' }),
        record_path: '/dl/record-AH-000030.pdf',
        report_path: '/dl/access-report-AH-000030.pdf',
      }),
    });
    inSession(<RequestDetail id={4} onBack={() => {}} />);
    await user.click(await screen.findByTestId('rights-fulfil-access'));
    await waitFor(() => expect(screen.getAllByTestId('rights-saved-path')).toHaveLength(2));
    expect(screen.getAllByTestId('rights-saved-path').map((e) => e.textContent)).toEqual([
      '/dl/record-AH-000030.pdf',
      '/dl/access-report-AH-000030.pdf',
    ]);
  });

  it('erases only after the confirmation, and not when it is cancelled', async () => {
    const user = userEvent.setup();
    mockCommands({
      get_rights_request: () => detailIn('in_progress', { kind: 'deletion' }),
      fulfil_deletion_request: () => ({
        fulfilled: { request: request(4, { state: 'fulfilled', kind: 'deletion' }), recipients_to_tell: [] },
        erasure: null,
        anonymisation: null,
        letters: ['/dl/letter-R-000004-deletion-en.pdf', '/dl/letter-R-000004-deletion-ur.pdf'],
      }),
    });
    inSession(<RequestDetail id={4} onBack={() => {}} />);
    await user.click(await screen.findByTestId('rights-erase'));
    expect(screen.getByTestId('rights-deletion-confirm')).toHaveTextContent('cannot be undone');
    await user.click(screen.getByTestId('rights-deletion-confirm-no'));
    expect(calls('fulfil_deletion_request')).toHaveLength(0);
    await user.click(screen.getByTestId('rights-anonymise'));
    await user.click(screen.getByTestId('rights-deletion-confirm-yes'));
    await waitFor(() => expect(calls('fulfil_deletion_request')).toEqual([{ token: 'tok-1', id: 4, mode: 'anonymise' }]));
    // The letters were saved with the deletion, while the names were still held.
    await waitFor(() => expect(screen.getAllByTestId('rights-saved-path')).toHaveLength(2));
  });

  it('sends the chosen purposes when an objection is fulfilled', async () => {
    const user = userEvent.setup();
    mockCommands({
      get_rights_request: () => detailIn('in_progress', { kind: 'objection' }),
      fulfil_rights_request: () => ({ request: request(4, { state: 'fulfilled', kind: 'objection' }), recipients_to_tell: [] }),
    });
    inSession(<RequestDetail id={4} onBack={() => {}} />);
    await user.click(await screen.findByTestId('rights-purpose-statistics'));
    await user.click(screen.getByTestId('rights-purpose-reminders'));
    await user.click(screen.getByTestId('rights-fulfil'));
    await waitFor(() => expect(calls('fulfil_rights_request')).toHaveLength(1));
    expect(calls('fulfil_rights_request')[0]).toEqual({
      token: 'tok-1',
      id: 4,
      req: { outcome_details: '', objection_purposes: ['statistics', 'reminders'] },
    });
  });
});
