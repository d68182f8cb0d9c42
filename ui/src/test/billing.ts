import type { Invoice } from '../bindings/Invoice';
import type { InvoiceSummary } from '../bindings/InvoiceSummary';
import type { Me } from '../bindings/Me';
import type { PatientAccount } from '../bindings/PatientAccount';
import type { Permission } from '../bindings/Permission';
import type { PriceEntry } from '../bindings/PriceEntry';
import type { SessionPackage } from '../bindings/SessionPackage';
import type { Session } from '../session';
import { admin, reception } from './helpers';

function sessionOf(me: Me): Session {
  return { token: 'tok-1', me, can: (p: Permission) => me.permissions.includes(p) } as unknown as Session;
}

/** Reception as the role table has it for billing: bills and takes payments. */
export const billingDesk: Me = { ...reception, permissions: [...reception.permissions, 'bill', 'take_payments'] };
export const billingDeskSession = sessionOf(billingDesk);

/** The administrator: bills, sets prices, voids and credits; takes no payments. */
export const billingAdmin: Me = {
  ...admin,
  permissions: [...admin.permissions, 'view_patients', 'bill', 'set_prices', 'correct_invoices'],
};
export const billingAdminSession = sessionOf(billingAdmin);

export const prices: PriceEntry[] = [
  { thing: 'service', id: 1, name: 'Physiotherapy session', price_paisa: 300_000, price_text: 'PKR 3,000.00', tax_bp: 0, effective_from: null },
  { thing: 'service', id: 2, name: 'Psychology consultation', price_paisa: 500_000, price_text: 'PKR 5,000.00', tax_bp: 0, effective_from: '2026-11-01' },
  { thing: 'item', id: 7, name: 'Brufen 400 mg', price_paisa: 2_550, price_text: 'PKR 25.50', tax_bp: 1_700, effective_from: null },
  { thing: 'item', id: 8, name: 'Panadol 500 mg', price_paisa: null, price_text: null, tax_bp: 0, effective_from: null },
];

export function account(balance: number, credit = 0, patientId = 11): PatientAccount {
  return {
    patient_id: patientId,
    balance_paisa: balance,
    credit_paisa: credit,
    balance_text: '',
    credit_text: '',
    open_invoices: [],
  };
}

export function invoice(extra: Partial<Invoice> = {}): Invoice {
  return {
    id: 40,
    kind: 'invoice',
    status: 'draft',
    number: null,
    patient_id: 11,
    appointment_id: 1,
    dispensing_id: null,
    credits_invoice_id: null,
    discount_reason: null,
    subtotal_paisa: 300_000,
    discount_paisa: 0,
    tax_paisa: 0,
    total_paisa: 300_000,
    credited_paisa: 0,
    paid_paisa: 0,
    outstanding_paisa: 0,
    total_text: 'PKR 3,000.00',
    issued_at: null,
    void_reason: null,
    lines: [
      {
        id: 1,
        kind: 'service',
        service_id: 1,
        item_id: null,
        description: 'Physiotherapy session',
        quantity: 1,
        unit_paisa: 300_000,
        gross_paisa: 300_000,
        discount_reason: null,
        line_discount_paisa: 0,
        invoice_discount_paisa: 0,
        tax_bp: 0,
        tax_paisa: 0,
        total_paisa: 300_000,
      },
    ],
    ...extra,
  };
}

export function summary(extra: Partial<InvoiceSummary> = {}): InvoiceSummary {
  return {
    id: 40,
    kind: 'invoice',
    status: 'issued',
    number: 'INV-2026-000001',
    dated_at: '2026-12-03T06:00:00Z',
    credits_invoice_id: null,
    total_paisa: 300_000,
    credited_paisa: 0,
    paid_paisa: 0,
    outstanding_paisa: 300_000,
    ...extra,
  };
}

export function pkg(extra: Partial<SessionPackage> = {}): SessionPackage {
  return {
    id: 3,
    patient_id: 11,
    service_id: 1,
    service_name: 'Physiotherapy session',
    sessions: 5,
    used: 1,
    remaining: 4,
    price_paisa: 1_200_000,
    expires_on: '2027-03-01',
    expired: false,
    invoice_id: 41,
    invoice_number: 'INV-2026-000002',
    closed_at: null,
    close_reason: null,
    credit_note_id: null,
    ...extra,
  };
}
