import type { Practitioner } from '../../bindings/Practitioner';
import type { Service } from '../../bindings/Service';

/**
 * The clinical role that provides a service of each discipline. Mirrors
 * `discipline_role` in src-tauri/src/scheduling/book.rs, which has the last word.
 */
const ROLE_OF: Record<string, string> = {
  physiotherapy: 'physiotherapist',
  psychology: 'psychologist',
  pharmacy: 'pharmacist',
};

export function roleFor(discipline: string): string {
  return ROLE_OF[discipline] ?? 'physiotherapist';
}

/** The practitioner's clinical roles ("physiotherapist,pharmacist" from the back end). */
export function rolesOf(p: Practitioner): string[] {
  return p.roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
}

/** Practitioners who may give `service`, in the order given. */
export function qualifiedFor(service: Service, all: readonly Practitioner[]): Practitioner[] {
  const role = roleFor(service.discipline);
  return all.filter((p) => rolesOf(p).includes(role));
}
