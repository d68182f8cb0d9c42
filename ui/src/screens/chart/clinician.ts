import type { Discipline } from '../../bindings/Discipline';
import type { Me } from '../../bindings/Me';
import type { Role } from '../../bindings/Role';

/** Every discipline, in the order the chart lists them. */
export const DISCIPLINES: readonly Discipline[] = ['physiotherapy', 'psychology', 'pharmacy'];

const DISCIPLINE_OF: Partial<Record<Role, Discipline>> = {
  physiotherapist: 'physiotherapy',
  psychologist: 'psychology',
  pharmacist: 'pharmacy',
};

/**
 * The disciplines whose notes and measures this person writes. The back end decides
 * what they may read (src-tauri/src/records/access.rs); the UI only leaves out what it
 * would refuse anyway.
 */
export function disciplinesOf(me: Me): Discipline[] {
  return DISCIPLINES.filter((d) => me.roles.some((r) => DISCIPLINE_OF[r] === d));
}

/** Clinicians open the chart; reception, the administrator and the privacy officer do not. */
export function isClinician(me: Me): boolean {
  return disciplinesOf(me).length > 0;
}

export function isPharmacist(me: Me): boolean {
  return me.roles.includes('pharmacist');
}
