import type { AuditAction } from '../../bindings/AuditAction';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'setup',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'lock',
  'unlock',
  'account_locked',
  'view',
  'create',
  'update',
  'deactivate',
  'reactivate',
  'delete',
  'export',
  'print',
  'password_reset',
  'key_recovery',
  'backup_restored',
  'settings_change',
  'audit_verified',
  'sign',
  'emergency_access',
  'override',
];

export function isAuditAction(s: string): s is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(s);
}
