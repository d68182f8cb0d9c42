import type { Role } from '../../bindings/Role';

export const ALL_ROLES: readonly Role[] = [
  'administrator',
  'reception',
  'physiotherapist',
  'psychologist',
  'pharmacist',
  'privacy_officer',
];

/** Roles that open clinical records or the rights register: they wait for a privacy officer's confirmation. */
export function isSensitive(r: Role): boolean {
  return r === 'physiotherapist' || r === 'psychologist' || r === 'pharmacist' || r === 'privacy_officer';
}
