import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, call, errorField, isAppError, isSessionEnded, onLocked, toAppError } from './api';

const ENDED = 'Your session has ended. Please sign in again.';
import { invokeMock } from './test/helpers';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

describe('isAppError', () => {
  it('accepts the six kinds with a message', () => {
    for (const kind of ['validation', 'forbidden', 'not_found', 'conflict', 'locked', 'internal']) {
      expect(isAppError({ kind, message: 'm' })).toBe(true);
    }
  });
  it('rejects anything else', () => {
    expect(isAppError(null)).toBe(false);
    expect(isAppError('boom')).toBe(false);
    expect(isAppError({ kind: 'weird', message: 'm' })).toBe(false);
    expect(isAppError({ kind: 'validation' })).toBe(false);
    expect(isAppError(new Error('x'))).toBe(false);
  });
});

describe('toAppError', () => {
  it('keeps a field error as it is', () => {
    expect(toAppError({ kind: 'validation', message: 'Enter your user name.', field: 'username' })).toEqual({
      kind: 'validation',
      message: 'Enter your user name.',
      field: 'username',
    });
  });
  it('drops a null field', () => {
    expect(toAppError({ kind: 'conflict', message: 'Taken', field: null })).toEqual({ kind: 'conflict', message: 'Taken' });
  });
  it('turns strings and Errors into internal errors', () => {
    expect(toAppError('command not found')).toEqual({ kind: 'internal', message: 'command not found' });
    expect(toAppError(new Error('ipc down'))).toEqual({ kind: 'internal', message: 'ipc down' });
    expect(toAppError(undefined)).toEqual({ kind: 'internal', message: '' });
  });
  it('names the field only for validation and conflict', () => {
    expect(errorField({ kind: 'validation', message: 'm', field: 'from' })).toBe('from');
    expect(errorField({ kind: 'forbidden', message: 'm' })).toBeUndefined();
    expect(errorField(null)).toBeUndefined();
  });
});

describe('call', () => {
  it('resolves with the command result', async () => {
    invokeMock.mockResolvedValueOnce({ state: 'first_run' });
    await expect(api.appStatus()).resolves.toEqual({ state: 'first_run' });
    expect(invokeMock).toHaveBeenCalledWith('app_status', undefined);
  });

  it('rethrows the rejection as a typed AppError', async () => {
    invokeMock.mockRejectedValueOnce({ kind: 'validation', message: 'Wrong password.', field: 'password' });
    await expect(api.signIn('amina', 'x')).rejects.toEqual({ kind: 'validation', message: 'Wrong password.', field: 'password' });
    invokeMock.mockRejectedValueOnce('plain text');
    await expect(call('app_status')).rejects.toEqual({ kind: 'internal', message: 'plain text' });
  });

  it('tells the lock listeners about a "locked" rejection', async () => {
    const heard = vi.fn();
    const stop = onLocked(heard);
    invokeMock.mockRejectedValueOnce({ kind: 'locked', message: 'The screen is locked.' });
    await expect(api.listStaff('t')).rejects.toMatchObject({ kind: 'locked' });
    expect(heard).toHaveBeenCalledWith({ kind: 'locked', message: 'The screen is locked.' });
    stop();
    invokeMock.mockRejectedValueOnce({ kind: 'locked', message: 'again' });
    await expect(api.listStaff('t')).rejects.toMatchObject({ kind: 'locked' });
    expect(heard).toHaveBeenCalledTimes(1);
  });
});

describe('command names and argument keys', () => {
  it('match the Rust commands', async () => {
    invokeMock.mockResolvedValue(null);
    await api.confirmRecoveryKey(['AAAA', 'BBBB']);
    await api.recoverWithKey('KEY');
    await api.restoreWithRecoveryKey('b1.db', 'KEY');
    await api.restorePreview('t', 'backups', 'b2.db');
    await api.restoreBackup('t', '/media/usb', 'b3.db');
    await api.testRestore('t');
    await api.setStaffActive('t', 4, false);
    await api.resetStaffPassword('t', 4);
    await api.choosePassword('sana', 'ABCD-EFGH', 'her own secret');
    await api.confirmRoleGrantWithRecoveryKey('t', 2, 'KEY');
    await api.listAudit('t', { limit: 50, before_seq: 10 });
    await api.setMyLanguage('t', 'ur');
    await api.completeSetup({
      clinic: { name: 'C', address: 'A', phone: 'P', logo_data_url: null },
      admin: { username: 'u', full_name: 'F', password: 'p' },
    });
    expect(invokeMock.mock.calls).toEqual([
      ['confirm_recovery_key', { groups: ['AAAA', 'BBBB'] }],
      ['recover_with_key', { recoveryKey: 'KEY' }],
      ['restore_with_recovery_key', { file: 'b1.db', recoveryKey: 'KEY' }],
      ['restore_preview', { token: 't', folder: 'backups', name: 'b2.db' }],
      ['restore_backup', { token: 't', folder: '/media/usb', name: 'b3.db' }],
      ['test_restore', { token: 't' }],
      ['set_staff_active', { token: 't', id: 4, active: false }],
      ['reset_staff_password', { token: 't', id: 4 }],
      ['choose_password', { username: 'sana', code: 'ABCD-EFGH', newPassword: 'her own secret' }],
      ['confirm_role_grant_with_recovery_key', { token: 't', id: 2, recoveryKey: 'KEY' }],
      ['list_audit', { token: 't', filter: { limit: 50, before_seq: 10 } }],
      ['set_my_language', { token: 't', language: 'ur' }],
      [
        'complete_setup',
        {
          req: {
            clinic: { name: 'C', address: 'A', phone: 'P', logo_data_url: null },
            admin: { username: 'u', full_name: 'F', password: 'p' },
          },
        },
      ],
    ]);
  });
});

describe('isSessionEnded', () => {
  it('is true for the ended message and for lock-outs, false for a wrong password', () => {
    expect(isSessionEnded({ kind: 'validation', message: ENDED, field: 'session' })).toBe(true);
    expect(isSessionEnded({ kind: 'locked', message: 'Too many attempts.' })).toBe(true);
    expect(isSessionEnded({ kind: 'validation', message: 'Wrong password.', field: 'password' })).toBe(false);
  });
});

describe('clinical commands', () => {
  it('send camelCase arguments beside a snake_case req', async () => {
    invokeMock.mockResolvedValue(null);
    await api.startNote('t', 3, 7);
    await api.saveNoteDraft('t', 9, { subjective: 'Better', pain_score: '4' });
    await api.listNotes('t', 3, 'psychology');
    await api.latestNote('t', 3, 'physiotherapy');
    await api.breakGlass('t', 3, 'Collapsed in the waiting room');
    await api.listMeasures('t', 3, null);
    await api.listStock('t', null);
    await api.listPharmacyItems('t', true);
    await api.dispense('t', {
      patient_id: 3,
      item_id: 4,
      batch_id: null,
      quantity: 2,
      instructions: 'One at night',
      allergy_override_reason: null,
      appointment_id: null,
    });
    await api.patientTimeline('t', { patient_id: 3, disciplines: [], kinds: ['note'], before: null, limit: 100 });
    await api.exportRecordPdf('t', 3, 'referral');
    expect(invokeMock.mock.calls).toEqual([
      ['start_note', { token: 't', patientId: 3, templateId: 7, appointmentId: null }],
      ['save_note_draft', { token: 't', noteId: 9, content: { subjective: 'Better', pain_score: '4' } }],
      ['list_notes', { token: 't', patientId: 3, discipline: 'psychology' }],
      ['latest_note', { token: 't', patientId: 3, discipline: 'physiotherapy' }],
      ['break_glass', { token: 't', patientId: 3, reason: 'Collapsed in the waiting room' }],
      ['list_measures', { token: 't', patientId: 3, instrument: null }],
      ['list_stock', { token: 't', itemId: null }],
      ['list_pharmacy_items', { token: 't', includeInactive: true }],
      [
        'dispense',
        {
          token: 't',
          req: {
            patient_id: 3,
            item_id: 4,
            batch_id: null,
            quantity: 2,
            instructions: 'One at night',
            allergy_override_reason: null,
            appointment_id: null,
          },
        },
      ],
      ['patient_timeline', { token: 't', query: { patient_id: 3, disciplines: [], kinds: ['note'], before: null, limit: 100 } }],
      ['export_record_pdf', { token: 't', patientId: 3, purpose: 'referral' }],
    ]);
  });

  it('uploads a document as the raw body with its details percent-encoded in a header', async () => {
    invokeMock.mockResolvedValueOnce({ id: 1 });
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
    const meta = { patient_id: 3, title: 'ایم آر آئی', file_name: 'mri report.pdf', mime: 'application/pdf', discipline: null };
    await api.uploadAttachment('t', bytes, meta);
    const [cmd, body, options] = invokeMock.mock.calls[0] as [string, unknown, { headers: Record<string, string> }];
    expect(cmd).toBe('upload_attachment');
    expect(body).toBe(bytes);
    expect(options.headers['x-token']).toBe('t');
    expect(options.headers['x-attachment']).not.toMatch(/[^\x20-\x7e]/);
    expect(JSON.parse(decodeURIComponent(options.headers['x-attachment'] ?? ''))).toEqual(meta);
  });

  it('rethrows a refused upload as an AppError', async () => {
    invokeMock.mockRejectedValueOnce({ kind: 'validation', message: 'Too large.', field: 'file' });
    await expect(
      api.uploadAttachment('t', new Uint8Array(), { patient_id: 3, title: null, file_name: 'a.pdf', mime: 'application/pdf', discipline: null }),
    ).rejects.toEqual({ kind: 'validation', message: 'Too large.', field: 'file' });
  });
});
