import { render, type RenderResult } from '@testing-library/react';
import { invoke } from '@tauri-apps/api/core';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import type { Language } from '../bindings/Language';
import type { Me } from '../bindings/Me';
import type { SignedIn } from '../bindings/SignedIn';
import { I18nProvider } from '../i18n/I18nProvider';

/** Tests mock `@tauri-apps/api/core` (see each test file); this is the mocked invoke. */
export const invokeMock = vi.mocked(invoke);

type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Answers invoke by command name. A handler's return value resolves the call; a
 * thrown value rejects it (as the Rust side rejects with an AppError object).
 */
export function mockCommands(handlers: Record<string, Handler>) {
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const h = handlers[cmd];
    if (!h) throw { kind: 'internal', message: `unexpected command ${cmd}` };
    return h((args ?? {}) as Record<string, unknown>);
  });
}

export function renderUi(ui: ReactElement, lang: Language = 'en'): RenderResult {
  return render(<I18nProvider initial={lang}>{ui}</I18nProvider>);
}

export const admin: Me = {
  id: 1,
  username: 'amina',
  full_name: 'Amina Khan',
  roles: ['administrator'],
  language: 'en',
  permissions: ['manage_staff', 'edit_clinic_settings', 'view_audit_trail', 'verify_audit_trail'],
};

export const signedIn: SignedIn = { token: 'tok-1', me: admin, idle_lock_seconds: 600, changes: [] };

export const reception: Me = {
  id: 2,
  username: 'sana',
  full_name: 'Sana Reception',
  roles: ['reception'],
  language: 'en',
  permissions: [
    'view_patients',
    'register_patients',
    'record_consents',
    'view_schedule',
    'book_appointments',
    'update_appointment_status',
    'send_reminders',
    'record_objections',
  ],
};
