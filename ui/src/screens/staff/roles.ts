import type { Role } from '../../bindings/Role';

export const ALL_ROLES: readonly Role[] = [
  'administrator',
  'reception',
  'physiotherapist',
  'psychologist',
  'pharmacist',
  'privacy_officer',
];
