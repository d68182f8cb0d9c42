import type { AuditFilter } from '../../bindings/AuditFilter';
import { isAuditAction } from './actions';

/** What the filter form holds: everything as typed. */
export type FilterForm = { staffId: string; patientId: string; action: string; from: string; to: string };

export const EMPTY_FILTER: FilterForm = { staffId: '', patientId: '', action: '', from: '', to: '' };

export const PAGE_SIZE = 50;

function whole(s: string): number | undefined {
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The filter sent to `list_audit`: empty fields are left out, not sent as empty strings. */
export function toAuditFilter(f: FilterForm, beforeSeq?: number): AuditFilter {
  const out: AuditFilter = { limit: PAGE_SIZE };
  const staff = whole(f.staffId);
  if (staff !== undefined) out.staff_id = staff;
  const patient = whole(f.patientId);
  if (patient !== undefined) out.patient_id = patient;
  if (isAuditAction(f.action)) out.action = f.action;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (beforeSeq !== undefined) out.before_seq = beforeSeq;
  return out;
}
