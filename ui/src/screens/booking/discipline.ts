import type { Practitioner } from '../../bindings/Practitioner';
import type { Service } from '../../bindings/Service';

/** Practitioners who give `service` (the back end says which disciplines each gives), in the order given. */
export function qualifiedFor(service: Service, all: readonly Practitioner[]): Practitioner[] {
  return all.filter((p) => (p.disciplines as readonly string[]).includes(service.discipline));
}
