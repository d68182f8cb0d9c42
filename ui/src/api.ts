// The one typed client for the Rust commands. Every screen talks to the back end
// through `api`; nothing else calls `invoke`.
import { invoke } from '@tauri-apps/api/core';
import type { AppError } from './bindings/AppError';
import type { AppStatus } from './bindings/AppStatus';
import type { Appointment } from './bindings/Appointment';
import type { AppointmentEvent } from './bindings/AppointmentEvent';
import type { AuditFilter } from './bindings/AuditFilter';
import type { AuditPage } from './bindings/AuditPage';
import type { BookingInput } from './bindings/BookingInput';
import type { CancelInput } from './bindings/CancelInput';
import type { Channel } from './bindings/Channel';
// The profile reads back in the same shape it is written.
import type { ClinicProfileInput as ClinicProfile } from './bindings/ClinicProfileInput';
import type { ClinicProfileInput } from './bindings/ClinicProfileInput';
import type { ClinicSettings } from './bindings/ClinicSettings';
import type { ClinicSetup } from './bindings/ClinicSetup';
import type { Consent } from './bindings/Consent';
import type { ConsentInput } from './bindings/ConsentInput';
import type { FreeSlot } from './bindings/FreeSlot';
import type { HoursInput } from './bindings/HoursInput';
import type { Language } from './bindings/Language';
import type { Me } from './bindings/Me';
import type { NewStaff } from './bindings/NewStaff';
import type { Objection } from './bindings/Objection';
import type { ObjectionPurpose } from './bindings/ObjectionPurpose';
import type { OccurrenceChoice } from './bindings/OccurrenceChoice';
import type { OccurrencePreview } from './bindings/OccurrencePreview';
import type { Patient } from './bindings/Patient';
import type { PatientInput } from './bindings/PatientInput';
import type { PatientSummary } from './bindings/PatientSummary';
import type { Practitioner } from './bindings/Practitioner';
import type { RangeFilter } from './bindings/RangeFilter';
import type { RecoveryKeyOffer } from './bindings/RecoveryKeyOffer';
import type { Reminder } from './bindings/Reminder';
import type { ReminderTemplate } from './bindings/ReminderTemplate';
import type { RescheduleInput } from './bindings/RescheduleInput';
import type { Room } from './bindings/Room';
import type { SeriesInput } from './bindings/SeriesInput';
import type { Service } from './bindings/Service';
import type { ServiceInput } from './bindings/ServiceInput';
import type { SignedIn } from './bindings/SignedIn';
import type { SlotCheck } from './bindings/SlotCheck';
import type { SlotQuery } from './bindings/SlotQuery';
import type { StaffMember } from './bindings/StaffMember';
import type { StaffUpdate } from './bindings/StaffUpdate';
import type { Status } from './bindings/Status';
import type { TimeOff } from './bindings/TimeOff';
import type { TimeOffInput } from './bindings/TimeOffInput';
import type { VerifyReport } from './bindings/VerifyReport';
import type { WorkingHours } from './bindings/WorkingHours';

export type { AppError };

const KINDS: ReadonlySet<string> = new Set<AppError['kind']>([
  'validation',
  'forbidden',
  'not_found',
  'conflict',
  'locked',
  'internal',
]);

export function isAppError(e: unknown): e is AppError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.kind === 'string' && KINDS.has(o.kind) && typeof o.message === 'string';
}

/** Turns whatever a command rejected with into an AppError. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) {
    if ((e.kind === 'validation' || e.kind === 'conflict') && typeof e.field !== 'string') {
      // A null or missing field means "no field"; keep the shape clean.
      return { kind: e.kind, message: e.message };
    }
    return e;
  }
  if (typeof e === 'string' && e.length > 0) return { kind: 'internal', message: e };
  if (e instanceof Error && e.message) return { kind: 'internal', message: e.message };
  return { kind: 'internal', message: '' };
}

/** The field an error names, if any. */
export function errorField(e: AppError | null | undefined): string | undefined {
  if (!e) return undefined;
  return e.kind === 'validation' || e.kind === 'conflict' ? e.field : undefined;
}


/**
 * True when an unlock attempt failed because the session is gone (ended, or the
 * account was locked out or deactivated), so only signing in again helps.
 */
export function isSessionEnded(e: AppError): boolean {
  if (e.kind === 'locked' || e.kind === 'forbidden' || e.kind === 'not_found') return true;
  // The back end names the field "session" when the session no longer exists.
  return errorField(e) === 'session';
}

type LockedListener = (e: AppError) => void;
const lockedListeners = new Set<LockedListener>();

/** Called whenever any command rejects with kind "locked"; the shell shows the lock overlay. */
export function onLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => {
    lockedListeners.delete(listener);
  };
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    const err = toAppError(raw);
    if (err.kind === 'locked') lockedListeners.forEach((l) => l(err));
    throw err;
  }
}

export const api = {
  // No session
  appStatus: () => call<AppStatus>('app_status'),
  beginSetup: () => call<RecoveryKeyOffer>('begin_setup'),
  confirmRecoveryKey: (groups: string[]) => call<AppStatus>('confirm_recovery_key', { groups }),
  completeSetup: (req: ClinicSetup) => call<AppStatus>('complete_setup', { req }),
  recoverWithKey: (recoveryKey: string) => call<AppStatus>('recover_with_key', { recoveryKey }),
  restoreBackup: (name: string) => call<AppStatus>('restore_backup', { name }),
  signIn: (username: string, password: string) => call<SignedIn>('sign_in', { username, password }),

  // With a session
  signOut: (token: string) => call<null>('sign_out', { token }),
  lockSession: (token: string) => call<null>('lock_session', { token }),
  unlockSession: (token: string, password: string) =>
    call<SignedIn>('unlock_session', { token, password }),
  setMyLanguage: (token: string, language: Language) =>
    call<Me>('set_my_language', { token, language }),
  listStaff: (token: string) => call<StaffMember[]>('list_staff', { token }),
  createStaff: (token: string, req: NewStaff) => call<StaffMember>('create_staff', { token, req }),
  updateStaff: (token: string, req: StaffUpdate) => call<StaffMember>('update_staff', { token, req }),
  setStaffActive: (token: string, id: number, active: boolean) =>
    call<StaffMember>('set_staff_active', { token, id, active }),
  resetStaffPassword: (token: string, id: number, password: string) =>
    call<null>('reset_staff_password', { token, id, password }),
  getClinicProfile: (token: string) => call<ClinicProfile>('get_clinic_profile', { token }),
  updateClinicProfile: (token: string, req: ClinicProfileInput) =>
    call<ClinicProfile>('update_clinic_profile', { token, req }),
  getSettings: (token: string) => call<ClinicSettings>('get_settings', { token }),
  updateSettings: (token: string, req: ClinicSettings) =>
    call<ClinicSettings>('update_settings', { token, req }),
  listAudit: (token: string, filter: AuditFilter) => call<AuditPage>('list_audit', { token, filter }),
  verifyAudit: (token: string) => call<VerifyReport>('verify_audit', { token }),

  // Patients
  searchPatients: (token: string, query: string) => call<PatientSummary[]>('search_patients', { token, query }),
  findDuplicatePatients: (token: string, req: PatientInput) =>
    call<PatientSummary[]>('find_duplicate_patients', { token, req }),
  registerPatient: (token: string, req: PatientInput) => call<Patient>('register_patient', { token, req }),
  /** Opening a record is audited: call it only when the person opens the record. */
  getPatient: (token: string, id: number) => call<Patient>('get_patient', { token, id }),
  updatePatient: (token: string, id: number, req: PatientInput) => call<Patient>('update_patient', { token, id, req }),
  /** `id` is the patient's; answers with all of the patient's consents. */
  recordConsent: (token: string, id: number, req: ConsentInput) => call<Consent[]>('record_consent', { token, id, req }),
  /** `id` is the consent's; answers with all of the patient's consents. */
  withdrawConsent: (token: string, id: number) => call<Consent[]>('withdraw_consent', { token, id }),

  // Services, rooms and practitioners' hours
  listServices: (token: string) => call<Service[]>('list_services', { token }),
  /** `id` null adds a service. */
  saveService: (token: string, id: number | null, req: ServiceInput) => call<Service>('save_service', { token, id, req }),
  listRooms: (token: string) => call<Room[]>('list_rooms', { token }),
  /** `id` null adds a room. */
  saveRoom: (token: string, id: number | null, name: string, active: boolean) =>
    call<Room>('save_room', { token, id, name, active }),
  /** `id` is the staff member's. */
  getWorkingHours: (token: string, id: number) => call<WorkingHours[]>('get_working_hours', { token, id }),
  /** Replaces the whole week of staff member `id`. */
  setWorkingHours: (token: string, id: number, hours: HoursInput[]) =>
    call<WorkingHours[]>('set_working_hours', { token, id, hours }),
  listTimeOff: (token: string, id: number) => call<TimeOff[]>('list_time_off', { token, id }),
  /** Answers with all of staff member `id`'s time off. */
  addTimeOff: (token: string, id: number, req: TimeOffInput) => call<TimeOff[]>('add_time_off', { token, id, req }),
  // Appointments
  listPractitioners: (token: string) => call<Practitioner[]>('list_practitioners', { token }),
  /** `date` is a clinic day, YYYY-MM-DD; in time order, cancelled and no-shows included. */
  appointmentsOnDay: (token: string, date: string) => call<Appointment[]>('appointments_on_day', { token, date }),
  /** `from` and `to` are clinic days, both included, at most 62 days apart. */
  appointmentsBetween: (token: string, from: string, to: string, filter: RangeFilter) =>
    call<Appointment[]>('appointments_between', { token, from, to, filter }),
  getAppointment: (token: string, id: number) => call<Appointment>('get_appointment', { token, id }),
  appointmentHistory: (token: string, id: number) => call<AppointmentEvent[]>('appointment_history', { token, id }),
  /** `ignore` is the appointment being moved, so it does not clash with itself. */
  checkSlot: (token: string, req: BookingInput, ignore: number | null) =>
    call<SlotCheck>('check_slot', { token, req, ignore }),
  findFreeSlots: (token: string, req: SlotQuery) => call<FreeSlot[]>('find_free_slots', { token, req }),
  bookAppointment: (token: string, req: BookingInput) => call<Appointment>('book_appointment', { token, req }),
  previewSeries: (token: string, req: SeriesInput) => call<OccurrencePreview[]>('preview_series', { token, req }),
  /** Books every occurrence or none; `choices` skip or move the clashing ones. */
  bookSeries: (token: string, req: SeriesInput, choices: OccurrenceChoice[]) =>
    call<Appointment[]>('book_series', { token, req, choices }),
  setAppointmentStatus: (token: string, id: number, status: Status) =>
    call<Appointment>('set_appointment_status', { token, id, status }),
  /** Answers with every appointment the scope cancelled. */
  cancelAppointment: (token: string, id: number, req: CancelInput) =>
    call<Appointment[]>('cancel_appointment', { token, id, req }),
  /** Answers with every appointment the scope moved. */
  rescheduleAppointment: (token: string, id: number, req: RescheduleInput) =>
    call<Appointment[]>('reschedule_appointment', { token, id, req }),
  /** Answers with the path of the saved PDF. */
  printSlip: (token: string, id: number) => call<string>('print_slip', { token, id }),
  /** Answers with the path of the saved .ics file; `from` and `to` are clinic days. */
  exportPractitionerIcs: (token: string, practitionerId: number, from: string, to: string) =>
    call<string>('export_practitioner_ics', { token, practitionerId, from, to }),

  // Reminders
  reminderQueue: (token: string) => call<Reminder[]>('reminder_queue', { token }),
  /** Answers with the whole queue again. */
  markReminderSent: (token: string, appointmentId: number, channel: Channel) =>
    call<Reminder[]>('mark_reminder_sent', { token, appointmentId, channel }),
  /** Answers with the path of the saved CSV file. */
  exportRemindersCsv: (token: string) => call<string>('export_reminders_csv', { token }),
  reminderTemplates: (token: string) => call<ReminderTemplate[]>('reminder_templates', { token }),
  /** Answers with both templates. */
  setReminderTemplate: (token: string, req: ReminderTemplate) =>
    call<ReminderTemplate[]>('set_reminder_template', { token, req }),

  // Objections (beside consents)
  listObjections: (token: string, patientId: number) => call<Objection[]>('list_objections', { token, patientId }),
  /** Answers with all of the patient's objections. */
  recordObjection: (token: string, patientId: number, purpose: ObjectionPurpose) =>
    call<Objection[]>('record_objection', { token, patientId, purpose }),
  /** `id` is the objection's; answers with all of the patient's objections. */
  withdrawObjection: (token: string, id: number) => call<Objection[]>('withdraw_objection', { token, id }),
};

export type Api = typeof api;
