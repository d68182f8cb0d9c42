import type { ClinicalChange } from '../../../bindings/ClinicalChange';

/** The edits of one history entry. */
export function changesOf(all: ClinicalChange[], entity: 'conditions' | 'allergies' | 'medications', id: number): ClinicalChange[] {
  return all.filter((c) => c.entity === entity && c.entity_id === id);
}
