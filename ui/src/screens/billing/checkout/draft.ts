import type { DiscountInput } from '../../../bindings/DiscountInput';
import type { DiscountKind } from '../../../bindings/DiscountKind';
import type { InvoiceInput } from '../../../bindings/InvoiceInput';
import type { LineInput } from '../../../bindings/LineInput';
import type { PriceEntry } from '../../../bindings/PriceEntry';

export type DiscountDraft = { kind: DiscountKind; value: string; reason: string };

/** An extra line as typed: `pick` is "service:<id>" or "item:<id>" from the price list. */
export type LineDraft = { pick: string; quantity: string; discount: DiscountDraft | null };

export const newLine = (): LineDraft => ({ pick: '', quantity: '1', discount: null });
export const newDiscount = (): DiscountDraft => ({ kind: 'amount', value: '', reason: '' });

export const pickOf = (p: PriceEntry) => `${p.thing}:${p.id}`;

function discountInput(d: DiscountDraft | null): DiscountInput | null {
  return d ? { kind: d.kind, value: d.value.trim(), reason: d.reason.trim() } : null;
}

/** A quantity as typed; anything that is not a number goes as 0 so the service names the field. */
function quantity(typed: string): number {
  const n = Number(typed.trim());
  return typed.trim() !== '' && Number.isFinite(n) ? n : 0;
}

function lineInput(l: LineDraft): LineInput {
  const [kind, id] = l.pick.split(':');
  const n = id ? Number(id) : null;
  return {
    kind: kind === 'item' ? 'item' : 'service',
    service_id: kind === 'service' ? n : null,
    item_id: kind === 'item' ? n : null,
    quantity: quantity(l.quantity),
    description: null,
    unit_price: null,
    discount: discountInput(l.discount),
  };
}

/** The check-out's invoice: the appointment's line first, then the extra lines. */
export function invoiceInput(patientId: number, appointmentId: number, lines: LineDraft[], discount: DiscountDraft | null): InvoiceInput {
  return {
    patient_id: patientId,
    appointment_id: appointmentId,
    dispensing_id: null,
    lines: lines.map(lineInput),
    discount: discountInput(discount),
  };
}

/** Every field name the service may put an error on for this draft. */
export function draftFields(lines: LineDraft[]): string[] {
  const discount = (p: string) => [p, `${p}.value`, `${p}.reason`];
  return [
    'appointment_id',
    'lines',
    ...discount('discount'),
    ...lines.flatMap((_, i) => [`lines.${i}.service_id`, `lines.${i}.item_id`, `lines.${i}.quantity`, ...discount(`lines.${i}.discount`)]),
  ];
}
