import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../../session';
import { billingAdminSession, prices } from '../../../test/billing';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { clinicToday } from '../../../time';
import { BillingSettingsForm } from './BillingSettingsForm';
import { PricesPanel } from './PricesPanel';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);

const admin = (ui: React.ReactElement) => renderUi(<SessionContext.Provider value={billingAdminSession}>{ui}</SessionContext.Provider>);

describe('prices and billing settings', () => {
  it("lists today's prices, shows a price's history and sets a new price with its tax", async () => {
    const user = userEvent.setup({ delay: null });
    mockCommands({
      price_list: () => prices,
      price_history: () => [
        { id: 2, price_paisa: 350_000, price_text: 'PKR 3,500.00', tax_bp: 1_600, effective_from: '2026-12-01', set_at: '2026-11-30T09:00:00Z', set_by: 'Amina Khan' },
        { id: 1, price_paisa: 300_000, price_text: 'PKR 3,000.00', tax_bp: 0, effective_from: '2026-01-01', set_at: '2025-12-30T09:00:00Z', set_by: 'Amina Khan' },
      ],
      set_service_price: (a) => ({ ...prices[0], price_paisa: 400_000, tax_bp: 1_600, effective_from: (a.req as { effective_from: string }).effective_from }),
    });
    admin(<PricesPanel />);
    const rows = await screen.findAllByTestId('price-row');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toHaveTextContent('Brufen 400 mg');
    expect(rows[2]).toHaveTextContent('17 %');
    expect(rows[3]).toHaveTextContent('No price');
    await user.click(screen.getByTestId('price-history-service:1'));
    const history = await screen.findAllByTestId('price-history-row');
    expect(history[0]).toHaveTextContent('PKR 3,500.00');
    expect(history[0]).toHaveTextContent('16 %');
    expect(history[0]).toHaveTextContent('Amina Khan');
    expect(calls('price_history')).toEqual([{ token: 'tok-1', thing: 'service', id: 1 }]);

    await user.click(screen.getByTestId('price-new-service:1'));
    const amount = screen.getByTestId('price-amount');
    expect(amount).toHaveValue('3,000');
    await user.clear(amount);
    await user.type(amount, '4,000');
    const tax = screen.getByTestId('price-tax');
    await user.clear(tax);
    await user.type(tax, '16');
    await user.click(screen.getByTestId('price-save'));
    expect(await screen.findByTestId('prices-notice')).toHaveTextContent('Physiotherapy session: PKR 4,000.00 from');
    expect(calls('set_service_price')).toEqual([
      { token: 'tok-1', serviceId: 1, req: { price: '4,000', tax_percent: '16', effective_from: clinicToday() } },
    ]);
    // The history is read again with the new price.
    await waitFor(() => expect(calls('price_history')).toHaveLength(2));
  });

  it("saves the desk's discount limit and shows a refusal next to it", async () => {
    const user = userEvent.setup({ delay: null });
    let saves = 0;
    mockCommands({
      billing_settings: () => ({ reception_discount_limit_percent: 10 }),
      set_billing_settings: (a) => {
        saves += 1;
        if (saves === 1) throw { kind: 'validation', message: 'The discount limit is a percentage from 0 to 100.', field: 'reception_discount_limit_percent' };
        return a.req;
      },
    });
    admin(<BillingSettingsForm />);
    const limit = await screen.findByTestId('billing-discount-limit');
    expect(limit).toHaveValue('10');
    await user.clear(limit);
    await user.type(limit, '150');
    await user.click(screen.getByTestId('billing-settings-save'));
    expect(await screen.findByTestId('billing-discount-limit-error')).toHaveTextContent('from 0 to 100');
    await user.clear(limit);
    await user.type(limit, '15');
    await user.click(screen.getByTestId('billing-settings-save'));
    expect(await screen.findByText('Billing settings saved.')).toBeInTheDocument();
    expect(calls('set_billing_settings')[1]).toEqual({ token: 'tok-1', req: { reception_discount_limit_percent: 15 } });
  });
});
