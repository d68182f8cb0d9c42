import type { PaymentMethod } from '../../../bindings/PaymentMethod';
import type { PaymentPart } from '../../../bindings/PaymentPart';
import { parseRupees } from '../money';

export const METHODS: PaymentMethod[] = ['cash', 'card', 'bank_transfer', 'jazzcash', 'easypaisa'];

/** One method of a payment as the desk is typing it. */
export type PartDraft = { method: PaymentMethod; amount: string; tendered: string; reference: string };

export const newPart = (method: PaymentMethod, amount: string): PartDraft => ({ method, amount, tendered: '', reference: '' });

/** The change due on a cash part, once both figures read and enough was handed over. */
export function changeDue(p: PartDraft): number | null {
  if (p.method !== 'cash' || p.tendered.trim() === '') return null;
  const amount = parseRupees(p.amount);
  const given = parseRupees(p.tendered);
  if (amount === null || given === null || given < amount) return null;
  return given - amount;
}

/** True when cash was handed over but less than the amount. */
export function tenderedShort(p: PartDraft): boolean {
  if (p.method !== 'cash' || p.tendered.trim() === '') return false;
  const amount = parseRupees(p.amount);
  const given = parseRupees(p.tendered);
  return amount !== null && given !== null && given < amount;
}

/** What the parts come to, or null while one of them is not an amount yet. */
export function partsTotal(parts: PartDraft[]): number | null {
  let total = 0;
  for (const p of parts) {
    const a = parseRupees(p.amount);
    if (a === null) return null;
    total += a;
  }
  return total;
}

/** The parts as the service takes them: figures as typed, its own rules read them. */
export function toInput(parts: PartDraft[]): PaymentPart[] {
  return parts.map((p) => ({
    method: p.method,
    amount: p.amount.trim(),
    tendered: p.method === 'cash' && p.tendered.trim() !== '' ? p.tendered.trim() : null,
    reference: p.method === 'cash' ? null : p.reference.trim(),
  }));
}
