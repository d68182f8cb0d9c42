import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import type { DispenseInput } from '../../bindings/DispenseInput';
import type { Dispensing } from '../../bindings/Dispensing';
import type { ItemStock } from '../../bindings/ItemStock';
import type { Me } from '../../bindings/Me';
import { SessionContext } from '../../session';
import { pharmacist, sessionOf } from '../../test/clinical';
import { invokeMock, mockCommands, reception, renderUi } from '../../test/helpers';
import { PharmacyScreen } from './PharmacyScreen';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const ALLERGY =
  'Allergy warning: this patient has an active allergy to Paracetamol (reaction: rash; severity: severe), and Panadol (paracetamol) may be or contain it. Check with the patient or the prescriber; to dispense anyway, give the reason for overriding the warning (at least 10 characters).';

const stock: ItemStock[] = [
  {
    item: { id: 4, name: 'Panadol', generic_name: 'paracetamol', strength: '500 mg', form: 'tablet', active: true, in_stock: 120, next_expiry: '2031-01-31' },
    batches: [
      { id: 8, item_id: 4, batch_no: 'P-001', expires_on: '2020-01-31', quantity: 30, expired: true, received_at: '2019-01-01T05:00:00Z', received_by_name: 'Hina' },
      { id: 9, item_id: 4, batch_no: 'P-002', expires_on: '2031-01-31', quantity: 120, expired: false, received_at: '2030-01-01T05:00:00Z', received_by_name: 'Hina' },
    ],
    expired_quantity: 30,
  },
  {
    item: { id: 5, name: 'Brufen', generic_name: 'ibuprofen', strength: '400 mg', form: 'tablet', active: true, in_stock: 6, next_expiry: '2031-03-31' },
    batches: [{ id: 10, item_id: 5, batch_no: 'B-7', expires_on: '2031-03-31', quantity: 6, expired: false, received_at: '2030-01-01T05:00:00Z', received_by_name: 'Hina' }],
    expired_quantity: 0,
  },
];

const given = (req: DispenseInput): Dispensing => ({
  id: 70,
  patient_id: req.patient_id,
  item_id: 4,
  item_name: 'Panadol',
  generic_name: 'paracetamol',
  strength: '500 mg',
  form: 'tablet',
  batch_id: 9,
  batch_no: 'P-002',
  expires_on: '2031-01-31',
  quantity: req.quantity,
  instructions: req.instructions,
  appointment_id: null,
  allergy_override: req.allergy_override_reason,
  dispensed_by_name: 'Hina Pharmacist',
  dispensed_at: '2030-01-15T06:00:00Z',
});

function renderScreen(handlers: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  mockCommands({
    list_stock: () => stock,
    list_pharmacy_items: () => stock.map((s) => s.item),
    search_patients: () => [
      { id: 21, mrn: 'AH-000021', full_name: 'Ayesha Khan', name_ur: 'عائشہ خان', birth_date: '1990-05-01', age: 35, sex: 'female', phone: null },
    ],
    ...handlers,
  });
  renderUi(
    <SessionContext.Provider value={sessionOf(pharmacist)}>
      <PharmacyScreen />
    </SessionContext.Provider>,
  );
}

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByTestId('dispense-patient-search'), 'ayesha');
  await screen.findByTestId('dispense-patient-option');
  await user.keyboard('{Enter}');
  expect(await screen.findByTestId('dispense-chosen-patient')).toHaveAttribute('data-id', '21');
  await user.selectOptions(screen.getByTestId('dispense-item'), '4');
  await user.type(screen.getByTestId('dispense-quantity'), '10');
  await user.type(screen.getByTestId('dispense-instructions'), 'One tablet twice a day');
}

describe('dispensing', () => {
  it('shows an allergy as a warning and dispenses with the override reason', async () => {
    const user = userEvent.setup();
    renderScreen({
      dispense: (a) => {
        const req = a.req as DispenseInput;
        if (!req.allergy_override_reason) throw { kind: 'conflict', field: 'allergy_override_reason', message: ALLERGY };
        return given(req);
      },
    });
    await fillIn(user);
    await user.click(screen.getByTestId('dispense-submit'));

    const warning = await screen.findByTestId('dispense-allergy-warning');
    expect(warning).toHaveTextContent('active allergy to Paracetamol (reaction: rash; severity: severe)');
    // A warning, not a red error: no error banner, nothing lost.
    expect(screen.queryByTestId('dispense-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('dispense-quantity')).toHaveValue('10');
    expect(screen.getByTestId('dispense-submit')).toHaveTextContent('Dispense anyway');

    // The reason is checked before it is sent.
    const reason = within(warning).getByTestId('dispense-override-reason');
    await waitFor(() => expect(reason).toHaveFocus());
    await user.type(reason, 'ok');
    await user.click(screen.getByTestId('dispense-submit'));
    expect(await screen.findByTestId('dispense-override-reason-error')).toHaveTextContent('at least 10 characters');
    expect(calls('dispense')).toHaveLength(1);

    await user.type(reason, ' — Dr Sara confirmed no reaction last year');
    await user.click(screen.getByTestId('dispense-submit'));
    expect(await screen.findByTestId('dispense-notice')).toHaveTextContent('Dispensed 10 × Panadol 500 mg tablet from batch P-002');
    const sent = calls('dispense').map((c) => c.req as DispenseInput);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      patient_id: 21,
      item_id: 4,
      batch_id: null,
      quantity: 10,
      instructions: 'One tablet twice a day',
      allergy_override_reason: null,
      appointment_id: null,
    });
    expect(sent[1]).toMatchObject({ allergy_override_reason: 'ok — Dr Sara confirmed no reaction last year', quantity: 10 });
    expect(screen.queryByTestId('dispense-allergy-warning')).not.toBeInTheDocument();
  });

  it('shows a refused quantity next to the quantity, and an expired batch cannot be chosen', async () => {
    const user = userEvent.setup();
    renderScreen({
      dispense: () => {
        throw { kind: 'validation', field: 'quantity', message: 'The quantity must be more than 0.' };
      },
    });
    await fillIn(user);
    const expired = within(screen.getByTestId('dispense-batch')).getByRole('option', { name: /P-001/ });
    expect(expired).toBeDisabled();
    await user.click(screen.getByTestId('dispense-submit'));
    expect(await screen.findByTestId('dispense-quantity-error')).toHaveTextContent('more than 0');
  });
});

describe('stock', () => {
  it('marks expired batches and low stock', async () => {
    const user = userEvent.setup();
    renderScreen();
    await user.click(await screen.findByTestId('pharmacy-stock'));
    const rows = await screen.findAllByTestId('stock-row');
    expect(rows.map((r) => [r.dataset.id, r.dataset.low, r.dataset.expired])).toEqual([
      ['4', 'false', 'true'],
      ['5', 'true', 'false'],
    ]);
    const batches = within(rows[0]!).getAllByTestId('stock-batch');
    expect(batches[0]).toHaveAttribute('data-expired', 'true');
    expect(batches[0]).toHaveTextContent('expired');
    expect(within(rows[1]!).getByTestId('stock-low')).toBeInTheDocument();
  });
});

describe('the pharmacy in the shell', () => {
  function backend(me: Me) {
    mockCommands({
      app_status: () => ({ state: 'ready', clinic_name: 'Al-Hayat' }),
      sign_in: () => ({ state: 'signed_in', token: 'tok-1', me, idle_lock_seconds: 900, changes: [] }),
      appointments_on_day: () => [],
      list_stock: () => stock,
      list_pharmacy_items: () => [],
    });
  }
  async function signIn(user: ReturnType<typeof userEvent.setup>) {
    await user.type(await screen.findByTestId('signin-username'), 'u');
    await user.type(screen.getByTestId('signin-password'), 'a long passphrase{Enter}');
    await screen.findByTestId('me-name');
  }

  it('is in the pharmacist’s navigation only', async () => {
    const user = userEvent.setup();
    backend(pharmacist);
    const { unmount } = renderUi(<App />);
    await signIn(user);
    await user.click(screen.getByTestId('nav-pharmacy'));
    expect(await screen.findByTestId('pharmacy')).toBeInTheDocument();
    unmount();

    backend(reception);
    renderUi(<App />);
    await signIn(user);
    expect(screen.queryByTestId('nav-pharmacy')).not.toBeInTheDocument();
  });
});
