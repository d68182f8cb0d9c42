import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Patient } from '../../bindings/Patient';
import type { PatientInput } from '../../bindings/PatientInput';
import type { PatientSummary } from '../../bindings/PatientSummary';
import { SessionContext, type Session } from '../../session';
import { invokeMock, mockCommands, reception, renderUi } from '../../test/helpers';
import { clinicToday } from '../../time';
import { ageOn, formFromSearch, isChild, EMPTY_FORM } from './patientForm';
import { PatientRecord } from './PatientRecord';
import { PatientsScreen } from './PatientsScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const session = {
  token: 'tok-1',
  me: reception,
  can: (p: string) => (reception.permissions as string[]).includes(p),
} as unknown as Session;

function renderScreen(ui = <PatientsScreen />) {
  return renderUi(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);
}

const summary = (id: number, full_name: string, extra: Partial<PatientSummary> = {}): PatientSummary => ({
  id,
  mrn: `AH-${String(id).padStart(6, '0')}`,
  full_name,
  name_ur: null,
  birth_date: '1990-05-01',
  age: 35,
  sex: 'female',
  phone: '+92 300 1234567',
  guardian_name: null,
  ...extra,
});

const patient = (id: number, extra: Partial<Patient> = {}): Patient => ({
  id,
  mrn: `AH-${String(id).padStart(6, '0')}`,
  full_name: 'Ayesha Khan',
  name_ur: 'عائشہ خان',
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
  city: 'Lahore',
  preferred_language: 'ur',
  insurance_payer: null,
  insurance_policy: null,
  reception_note: null,
  related: [],
  consents: [],
  ...extra,
});

/** A date `years` years before today in Karachi, as YYYY-MM-DD. */
function yearsAgo(years: number): string {
  const [y, m, d] = clinicToday().split('-');
  return `${Number(y) - years}-${m}-${d === '29' && m === '02' ? '28' : d}`;
}

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd);
const lastReq = (cmd: string) => (calls(cmd).at(-1)?.[1] as { req: PatientInput }).req;

async function fillAdult(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('patient-birth-date'), '1990-05-01');
  await user.selectOptions(screen.getByTestId('patient-sex'), 'female');
  await user.type(screen.getByTestId('patient-phone'), '0300 1234567');
}

describe('patient form helpers', () => {
  it('computes ages in whole years and spots children', () => {
    expect(ageOn('2015-03-31', '2028-03-30')).toBe(12);
    expect(ageOn('2015-03-31', '2028-03-31')).toBe(13);
    expect(ageOn('not a date', '2028-03-31')).toBeNull();
    expect(isChild({ ...EMPTY_FORM, estimatedAge: '4' })).toBe(true);
    expect(isChild({ ...EMPTY_FORM, estimatedAge: '40' })).toBe(false);
    expect(isChild(EMPTY_FORM)).toBe(false);
  });
  it('starts a new form from the search text only when it is a name', () => {
    expect(formFromSearch('  ayesha  khan ').fullName).toBe('ayesha khan');
    expect(formFromSearch('عائشہ').nameUr).toBe('عائشہ');
    expect(formFromSearch('0300 1234567')).toBe(EMPTY_FORM);
    expect(formFromSearch('AH-12')).toBe(EMPTY_FORM);
  });
});

describe('patient search', () => {
  it('waits for a pause in typing, then opens the chosen result with the keyboard', async () => {
    const user = userEvent.setup();
    mockCommands({
      search_patients: () => [summary(1, 'Ayesha Khan', { name_ur: 'عائشہ خان' }), summary(2, 'Ayesha Bibi')],
      get_patient: (a) => patient(a.id as number, { full_name: 'Ayesha Bibi' }),
    });
    renderScreen();
    const box = screen.getByTestId('patient-search');
    expect(box).toHaveFocus();
    await user.type(box, 'ayesha');
    const rows = await screen.findAllByTestId('patient-result');
    // One search for the whole word, not one per letter.
    expect(calls('search_patients')).toEqual([['search_patients', { token: 'tok-1', query: 'ayesha' }]]);
    expect(rows.map((r) => r.dataset.id)).toEqual(['1', '2']);
    const urdu = within(rows[0]!).getByText('عائشہ خان');
    expect(urdu).toHaveAttribute('dir', 'rtl');
    expect(urdu).toHaveClass('urdu');

    await user.keyboard('{ArrowDown}');
    expect(rows[1]).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', rows[1]!.id);
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('patient-record')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('get_patient', { token: 'tok-1', id: 2 });
    expect(await screen.findByTestId('patient-mrn')).toHaveTextContent('AH-000002');

    // Back to search keeps the text and shows the list again.
    await user.click(screen.getByTestId('patient-back'));
    expect(screen.getByTestId('patient-search')).toHaveValue('ayesha');
    expect(await screen.findAllByTestId('patient-result')).toHaveLength(2);
  });

  it('shows a child found by the guardian\'s CNIC as their child', async () => {
    const user = userEvent.setup();
    mockCommands({
      search_patients: () => [
        summary(3, 'Tariq Mehmood'),
        summary(4, 'Zara Tariq', { age: 8, guardian_name: 'Tariq Mehmood' }),
      ],
    });
    renderScreen();
    await user.type(screen.getByTestId('patient-search'), '35202-1111111-1');
    const rows = await screen.findAllByTestId('patient-result');
    expect(within(rows[0]!).queryByTestId('child-of')).toBeNull();
    expect(within(rows[1]!).getByTestId('child-of')).toHaveTextContent('child of Tariq Mehmood');
  });

  it('ignores an answer that comes after a newer one', async () => {
    const user = userEvent.setup();
    let answerFirst: (rows: PatientSummary[]) => void = () => {};
    mockCommands({
      search_patients: (a) =>
        a.query === 'ay'
          ? new Promise<PatientSummary[]>((resolve) => {
              answerFirst = resolve;
            })
          : [summary(5, 'Ayesha Noor')],
    });
    renderScreen();
    await user.type(screen.getByTestId('patient-search'), 'ay');
    await waitFor(() => expect(calls('search_patients')).toHaveLength(1));
    await user.type(screen.getByTestId('patient-search'), 'esha');
    expect(await screen.findByText('Ayesha Noor')).toBeInTheDocument();
    answerFirst([summary(9, 'Ayaz Ali')]);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByText('Ayaz Ali')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('patient-result')).toHaveLength(1);
  });

  it('says so when nothing matches, and offers registration with the name filled in', async () => {
    const user = userEvent.setup();
    mockCommands({ search_patients: () => [] });
    renderScreen();
    await user.type(screen.getByTestId('patient-search'), 'Zainab Qureshi');
    expect(await screen.findByTestId('patient-no-results')).toHaveTextContent('No patient matches “Zainab Qureshi”.');
    await user.click(screen.getByTestId('patient-new'));
    expect(screen.getByTestId('patient-full-name')).toHaveValue('Zainab Qureshi');
    expect(screen.getByTestId('patient-full-name')).toHaveFocus();
    expect(screen.getByTestId('patient-name-ur')).toHaveAttribute('dir', 'rtl');
  });
});

describe('registration', () => {
  it('asks for a guardian and parental consent under 13 and sends them', async () => {
    const user = userEvent.setup();
    mockCommands({
      search_patients: () => [],
      find_duplicate_patients: () => [],
      register_patient: () => patient(7, { full_name: 'Bilal Ahmed', age: 5 }),
    });
    renderScreen();
    await user.click(screen.getByTestId('patient-new'));
    await user.type(screen.getByTestId('patient-full-name'), 'Bilal Ahmed');
    expect(screen.queryByTestId('guardian-name')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('patient-birth-date'), yearsAgo(5));
    await user.selectOptions(screen.getByTestId('patient-sex'), 'male');
    expect(screen.getByTestId('guardian-section')).toBeInTheDocument();
    await user.type(screen.getByTestId('guardian-name'), 'Ahmed Raza');
    await user.type(screen.getByTestId('guardian-relationship'), 'father');
    await user.type(screen.getByTestId('guardian-cnic'), '3520212345671');
    await user.type(screen.getByTestId('guardian-phone'), '0300 7654321');
    await user.type(screen.getByTestId('consent-given-by'), 'Ahmed Raza');
    await user.selectOptions(screen.getByTestId('consent-method'), 'written');
    await user.click(screen.getByTestId('patient-save'));

    expect(await screen.findByTestId('patient-record')).toBeInTheDocument();
    expect(screen.getByTestId('patient-notice')).toHaveTextContent('AH-000007');
    const req = lastReq('register_patient');
    expect(req).toMatchObject({
      full_name: 'Bilal Ahmed',
      birth_date: yearsAgo(5),
      estimated_age: null,
      sex: 'male',
      guardian: { name: 'Ahmed Raza', relationship: 'father', cnic: '3520212345671', phone: '0300 7654321' },
      parental_consent: { purpose: 'parental', given_by: 'Ahmed Raza', method: 'written' },
      emergency_contact: null,
      acknowledged_duplicates: [],
      phone: null,
    });
    // The record is the one register returned: not opened (and audited) a second time.
    expect(calls('get_patient')).toHaveLength(0);
  });

  it('shows the guardian section for an estimated age under 13 too, and not for adults', async () => {
    const user = userEvent.setup();
    mockCommands({ search_patients: () => [] });
    renderScreen();
    await user.click(screen.getByTestId('patient-new'));
    await user.type(screen.getByTestId('patient-estimated-age'), '30');
    expect(screen.queryByTestId('guardian-section')).not.toBeInTheDocument();
    await user.clear(screen.getByTestId('patient-estimated-age'));
    await user.type(screen.getByTestId('patient-estimated-age'), '3');
    expect(screen.getByTestId('guardian-section')).toBeInTheDocument();
    expect(screen.getByTestId('consent-given-by')).toBeInTheDocument();
  });

  it('shows possible duplicates and registers anyway with them acknowledged', async () => {
    const user = userEvent.setup();
    mockCommands({
      search_patients: () => [],
      find_duplicate_patients: () => [summary(3, 'Ayesha Khan'), summary(4, 'Ayesha Khan Bibi')],
      register_patient: () => patient(8),
      get_patient: (a) => patient(a.id as number),
    });
    renderScreen();
    await user.type(screen.getByTestId('patient-search'), 'Ayesha Khan');
    await user.click(screen.getByTestId('patient-new'));
    await fillAdult(user);
    await user.click(screen.getByTestId('patient-save'));

    const candidates = await screen.findAllByTestId('duplicate-candidate');
    expect(candidates.map((c) => c.dataset.id)).toEqual(['3', '4']);
    expect(calls('register_patient')).toHaveLength(0);
    expect(lastReq('find_duplicate_patients')).toMatchObject({ full_name: 'Ayesha Khan', phone: '0300 1234567', guardian: null });

    await user.click(screen.getByTestId('duplicates-confirm'));
    expect(await screen.findByTestId('patient-record')).toBeInTheDocument();
    expect(calls('register_patient')).toHaveLength(1);
    expect(lastReq('register_patient')).toMatchObject({ full_name: 'Ayesha Khan', acknowledged_duplicates: [3, 4] });
    expect(calls('find_duplicate_patients')).toHaveLength(1);
  });

  it('can open a possible duplicate instead', async () => {
    const user = userEvent.setup();
    mockCommands({
      search_patients: () => [],
      find_duplicate_patients: () => [summary(3, 'Ayesha Khan')],
      get_patient: (a) => patient(a.id as number),
    });
    renderScreen();
    await user.click(screen.getByTestId('patient-new'));
    await user.type(screen.getByTestId('patient-full-name'), 'Ayesha Khan');
    await fillAdult(user);
    await user.click(screen.getByTestId('patient-save'));
    const [row] = await screen.findAllByTestId('duplicate-candidate');
    await user.click(within(row!).getByRole('button', { name: /open/i }));
    expect(await screen.findByTestId('patient-mrn')).toHaveTextContent('AH-000003');
  });

  it('puts a server field error on its input and keeps what was typed', async () => {
    const user = userEvent.setup();
    mockCommands({
      search_patients: () => [],
      find_duplicate_patients: () => [],
      register_patient: () => {
        throw { kind: 'validation', message: 'Enter a phone number to reach this person.', field: 'guardian.phone' };
      },
    });
    renderScreen();
    await user.click(screen.getByTestId('patient-new'));
    await user.type(screen.getByTestId('patient-full-name'), 'Bilal Ahmed');
    await user.type(screen.getByTestId('patient-estimated-age'), '6');
    await user.selectOptions(screen.getByTestId('patient-sex'), 'male');
    await user.type(screen.getByTestId('guardian-name'), 'Ahmed Raza');
    await user.click(screen.getByTestId('patient-save'));

    expect(await screen.findByTestId('guardian-phone-error')).toHaveTextContent('Enter a phone number to reach this person.');
    const phone = screen.getByTestId('guardian-phone');
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(phone).toHaveFocus());
    expect(screen.getByTestId('patient-full-name')).toHaveValue('Bilal Ahmed');
    expect(screen.getByTestId('guardian-name')).toHaveValue('Ahmed Raza');
    expect(screen.getByTestId('patient-estimated-age')).toHaveValue(6);
    expect(lastReq('register_patient')).toMatchObject({ birth_date: null, estimated_age: 6 });
  });

  it('shows a CNIC conflict next to the CNIC', async () => {
    const user = userEvent.setup();
    const message = 'This CNIC is already registered to Ayesha Khan (MRN AH-000003). Open that record instead of registering again.';
    mockCommands({
      search_patients: () => [],
      find_duplicate_patients: () => [],
      register_patient: () => {
        throw { kind: 'conflict', message, field: 'cnic' };
      },
    });
    renderScreen();
    await user.click(screen.getByTestId('patient-new'));
    await user.type(screen.getByTestId('patient-full-name'), 'Ayesha K');
    await fillAdult(user);
    await user.type(screen.getByTestId('patient-cnic'), '35202-1234567-1');
    await user.click(screen.getByTestId('patient-save'));
    expect(await screen.findByTestId('patient-cnic-error')).toHaveTextContent(message);
    expect(screen.getByTestId('patient-cnic')).toHaveValue('35202-1234567-1');
  });

  it('asks for the sex before sending anything', async () => {
    const user = userEvent.setup();
    mockCommands({ search_patients: () => [] });
    renderScreen();
    await user.click(screen.getByTestId('patient-new'));
    await user.type(screen.getByTestId('patient-full-name'), 'Ayesha Khan{Enter}');
    expect(await screen.findByTestId('patient-sex-error')).toBeInTheDocument();
    expect(calls('find_duplicate_patients')).toHaveLength(0);
  });
});

describe('patient record', () => {
  const withConsents = patient(11, {
    birth_date_estimated: true,
    related: [{ id: 1, kind: 'emergency_contact', name: 'Sara Khan', relationship: 'sister', cnic: null, phone: '+92 321 0000000' }],
    consents: [
      { id: 7, purpose: 'reminders_sms', given_by: 'the patient', method: 'in_person', given_at: '2025-01-15T04:30:00Z', recorded_by: 2, withdrawn_at: null },
      { id: 8, purpose: 'treatment', given_by: 'the patient', method: 'written', given_at: '2025-01-15T04:30:00Z', recorded_by: 2, withdrawn_at: null },
    ],
  });

  it('withdraws a consent through the back end', async () => {
    const user = userEvent.setup();
    mockCommands({
      get_patient: () => withConsents,
      withdraw_consent: () => withConsents.consents.map((c) => (c.id === 7 ? { ...c, withdrawn_at: '2025-02-01T05:00:00Z' } : c)),
    });
    renderScreen(<PatientRecord id={11} initial={null} onBack={() => {}} onEdit={() => {}} />);
    expect(await screen.findByTestId('patient-mrn')).toHaveTextContent('AH-000011');
    expect(screen.getByTestId('patient-age-estimated')).toBeInTheDocument();
    expect(screen.getByTestId('patient-name-ur')).toHaveAttribute('dir', 'rtl');
    expect(screen.getAllByTestId('consent-row')).toHaveLength(2);

    await user.click(screen.getByTestId('consent-withdraw-7'));
    await user.click(screen.getByTestId('withdraw-confirm-yes'));
    await waitFor(() => expect(screen.queryByTestId('consent-withdraw-7')).not.toBeInTheDocument());
    expect(invokeMock).toHaveBeenCalledWith('withdraw_consent', { token: 'tok-1', id: 7 });
    expect(screen.getByTestId('consent-withdraw-8')).toBeInTheDocument();
    expect(screen.getByTestId('patient-notice')).toHaveTextContent('Reminders by SMS');
    expect(calls('get_patient')).toHaveLength(1);
  });

  it('adds a consent and shows a field error on "given by"', async () => {
    const user = userEvent.setup();
    let first = true;
    mockCommands({
      get_patient: () => withConsents,
      record_consent: (a) => {
        if (first) {
          first = false;
          throw { kind: 'validation', message: 'Who gave the consent must not be empty.', field: 'given_by' };
        }
        const req = a.req as { purpose: string; given_by: string; method: string };
        return [...withConsents.consents, { id: 9, ...req, given_at: '2025-03-01T05:00:00Z', recorded_by: 2, withdrawn_at: null }];
      },
    });
    renderScreen(<PatientRecord id={11} initial={null} onBack={() => {}} onEdit={() => {}} />);
    await screen.findByTestId('patient-mrn');
    await user.selectOptions(screen.getByTestId('consent-purpose'), 'reminders_whatsapp');
    await user.click(screen.getByTestId('consent-add'));
    expect(await screen.findByTestId('consent-given-by-error')).toHaveTextContent('must not be empty');
    await user.type(screen.getByTestId('consent-given-by'), 'the patient');
    await user.selectOptions(screen.getByTestId('consent-method'), 'phone');
    await user.click(screen.getByTestId('consent-add'));
    await waitFor(() => expect(screen.getAllByTestId('consent-row')).toHaveLength(3));
    expect(invokeMock).toHaveBeenLastCalledWith('record_consent', {
      token: 'tok-1',
      id: 11,
      req: { purpose: 'reminders_whatsapp', given_by: 'the patient', method: 'phone' },
    });
  });

  it('edits the record with update_patient', async () => {
    const user = userEvent.setup();
    mockCommands({
      search_patients: () => [summary(11, 'Ayesha Khan')],
      get_patient: () => patient(11),
      update_patient: (a) => patient(11, { city: (a.req as PatientInput).city }),
    });
    renderScreen();
    await user.type(screen.getByTestId('patient-search'), 'AH-11');
    await screen.findAllByTestId('patient-result');
    await user.keyboard('{Enter}');
    await user.click(await screen.findByTestId('patient-edit'));
    expect(screen.getByTestId('patient-full-name')).toHaveValue('Ayesha Khan');
    expect(screen.getByTestId('patient-birth-date')).toHaveValue('1990-05-01');
    expect(screen.queryByTestId('emergency-section')).not.toBeInTheDocument();
    const city = screen.getByTestId('patient-city');
    await user.clear(city);
    await user.type(city, 'Multan');
    await user.click(screen.getByTestId('patient-save'));
    expect(await screen.findByTestId('patient-record')).toBeInTheDocument();
    expect(calls('find_duplicate_patients')).toHaveLength(0);
    expect(invokeMock).toHaveBeenCalledWith('update_patient', expect.objectContaining({ token: 'tok-1', id: 11 }));
    expect(lastReq('update_patient')).toMatchObject({ city: 'Multan', full_name: 'Ayesha Khan', guardian: null, parental_consent: null });
  });
});
