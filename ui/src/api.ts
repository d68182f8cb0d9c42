// The one typed client for the Rust commands. Every screen talks to the back end
// through `api`; nothing else calls `invoke`.
import { Channel as IpcChannel, invoke } from '@tauri-apps/api/core';
import type { AppError } from './bindings/AppError';
import type { AnonymisationOutcome } from './bindings/AnonymisationOutcome';
import type { BackupPolicy } from './bindings/BackupPolicy';
import type { BackupReach } from './bindings/BackupReach';
import type { BackupRun } from './bindings/BackupRun';
import type { BackupStatus } from './bindings/BackupStatus';
import type { DrillRecord } from './bindings/DrillRecord';
import type { RestoreOutcome } from './bindings/RestoreOutcome';
import type { RestorePreview } from './bindings/RestorePreview';
import type { BulkProgress } from './bindings/BulkProgress';
import type { BulkRequest } from './bindings/BulkRequest';
import type { BulkSaved } from './bindings/BulkSaved';
import type { ChartDisclosure } from './bindings/ChartDisclosure';
import type { Dashboard } from './bindings/Dashboard';
import type { Disclosure } from './bindings/Disclosure';
import type { DisclosureInput } from './bindings/DisclosureInput';
import type { ErasureOutcome } from './bindings/ErasureOutcome';
import type { FulfilInput } from './bindings/FulfilInput';
import type { Fulfilled } from './bindings/Fulfilled';
import type { IdentityCheck } from './bindings/IdentityCheck';
import type { LetterTemplate } from './bindings/LetterTemplate';
import type { LetterTemplateInput } from './bindings/LetterTemplateInput';
import type { RecordKind } from './bindings/RecordKind';
import type { RefuseInput } from './bindings/RefuseInput';
import type { RequestInput } from './bindings/RequestInput';
import type { RetentionRule } from './bindings/RetentionRule';
import type { AccessFulfilled } from './bindings/AccessFulfilled';
import type { DeletionFulfilled } from './bindings/DeletionFulfilled';
import type { DeletionMode } from './bindings/DeletionMode';
import type { PortabilityFulfilled } from './bindings/PortabilityFulfilled';
import type { RetentionRuleInput } from './bindings/RetentionRuleInput';
import type { ReviewAction } from './bindings/ReviewAction';
import type { ReviewItem } from './bindings/ReviewItem';
import type { ReviewProgress } from './bindings/ReviewProgress';
import type { ReviewResult } from './bindings/ReviewResult';
import type { RightsRequest } from './bindings/RightsRequest';
import type { RightsRequestDetail } from './bindings/RightsRequestDetail';
import type { Allergy } from './bindings/Allergy';
import type { AllergyInput } from './bindings/AllergyInput';
import type { Attachment } from './bindings/Attachment';
import type { AttachmentUpload } from './bindings/AttachmentUpload';
import type { Condition } from './bindings/Condition';
import type { ConditionInput } from './bindings/ConditionInput';
import type { Discipline } from './bindings/Discipline';
import type { DispenseInput } from './bindings/DispenseInput';
import type { BillingSettings } from './bindings/BillingSettings';
import type { CreditNoteInput } from './bindings/CreditNoteInput';
import type { Invoice } from './bindings/Invoice';
import type { InvoiceInput } from './bindings/InvoiceInput';
import type { PatientAccount } from './bindings/PatientAccount';
import type { BillingStatement } from './bindings/BillingStatement';
import type { PriceChange } from './bindings/PriceChange';
import type { PricedThing } from './bindings/PricedThing';
import type { Payment } from './bindings/Payment';
import type { PaymentInput } from './bindings/PaymentInput';
import type { PaymentOutcome } from './bindings/PaymentOutcome';
import type { PriceEntry } from './bindings/PriceEntry';
import type { PriceInput } from './bindings/PriceInput';
import type { RefundInput } from './bindings/RefundInput';
import type { PackageInput } from './bindings/PackageInput';
import type { SessionPackage } from './bindings/SessionPackage';
import type { Paper } from './bindings/Paper';
import type { CashUpInput } from './bindings/CashUpInput';
import type { DayClosing } from './bindings/DayClosing';
import type { DayTakings } from './bindings/DayTakings';
import type { TakingsRow } from './bindings/TakingsRow';
import type { AgeBucket } from './bindings/AgeBucket';
import type { MonthlyRevenue } from './bindings/MonthlyRevenue';
import type { Dispensing } from './bindings/Dispensing';
import type { DraftSaved } from './bindings/DraftSaved';
import type { EmergencyGrant } from './bindings/EmergencyGrant';
import type { History } from './bindings/History';
import type { Instrument } from './bindings/Instrument';
import type { InstrumentInfo } from './bindings/InstrumentInfo';
import type { ItemStock } from './bindings/ItemStock';
import type { Measure } from './bindings/Measure';
import type { MeasureInput } from './bindings/MeasureInput';
import type { Medication } from './bindings/Medication';
import type { MedicationInput } from './bindings/MedicationInput';
import type { Note } from './bindings/Note';
import type { NoteSummary } from './bindings/NoteSummary';
import type { NoteTemplate } from './bindings/NoteTemplate';
import type { PharmacyItem } from './bindings/PharmacyItem';
import type { PharmacyItemInput } from './bindings/PharmacyItemInput';
import type { RiskFlag } from './bindings/RiskFlag';
import type { StockBatch } from './bindings/StockBatch';
import type { StockReceipt } from './bindings/StockReceipt';
import type { TemplateInput } from './bindings/TemplateInput';
import type { TimelinePage } from './bindings/TimelinePage';
import type { TimelineQuery } from './bindings/TimelineQuery';
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
import type { SignInOutcome } from './bindings/SignInOutcome';
import type { SlotCheck } from './bindings/SlotCheck';
import type { SlotQuery } from './bindings/SlotQuery';
import type { StaffCreated } from './bindings/StaffCreated';
import type { StaffMember } from './bindings/StaffMember';
import type { OneTimeCode } from './bindings/OneTimeCode';
import type { RoleGrant } from './bindings/RoleGrant';
import type { StaffUpdate } from './bindings/StaffUpdate';
import type { Status } from './bindings/Status';
import type { TimeOff } from './bindings/TimeOff';
import type { TimeOffInput } from './bindings/TimeOffInput';
import type { VerifyReport } from './bindings/VerifyReport';
import type { WorkingHours } from './bindings/WorkingHours';

export type { AppError };

/**
 * Why a record PDF is made (`ExportPurpose` in src-tauri/src/records/record_pdf.rs).
 * Written here until its generated binding lands in ./bindings; then import that instead.
 */
export type ExportPurpose = 'care' | 'patient_request' | 'referral' | 'legal';
export const EXPORT_PURPOSES: readonly ExportPurpose[] = ['care', 'patient_request', 'referral', 'legal'];

/** A new id for an export, so that `cancelExport` can name it. */
export function newJobId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A Tauri channel whose messages go to `onMessage` (built only when a command needs one). */
function channelTo<T>(onMessage: (m: T) => void): IpcChannel<T> {
  const ch = new IpcChannel<T>();
  ch.onmessage = onMessage;
  return ch;
}

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

/**
 * A command that takes the raw bytes of a file as its body, with its other arguments
 * in headers (a JSON array of numbers would be four times the size).
 */
export async function callWithBytes<T>(command: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T> {
  try {
    return await invoke<T>(command, bytes, { headers });
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
  /**
   * Only when the store does not open (a backup's name in the data folder's backups) or on
   * a new PC at first run (the backup file's full path): the recovery key is the authority.
   */
  restoreWithRecoveryKey: (file: string, recoveryKey: string) =>
    call<RestoreOutcome>('restore_with_recovery_key', { file, recoveryKey }),
  /** A right one-time code answers `choose_password`: no session until `choosePassword`. */
  signIn: (username: string, password: string) => call<SignInOutcome>('sign_in', { username, password }),
  choosePassword: (username: string, code: string, newPassword: string) =>
    call<SignedIn>('choose_password', { username, code, newPassword }),

  // With a session
  signOut: (token: string) => call<null>('sign_out', { token }),
  lockSession: (token: string) => call<null>('lock_session', { token }),
  noteActivity: (token: string) => call<null>('note_activity', { token }),
  unlockSession: (token: string, password: string) =>
    call<SignedIn>('unlock_session', { token, password }),
  setMyLanguage: (token: string, language: Language) =>
    call<Me>('set_my_language', { token, language }),
  listStaff: (token: string) => call<StaffMember[]>('list_staff', { token }),
  createStaff: (token: string, req: NewStaff) => call<StaffCreated>('create_staff', { token, req }),
  updateStaff: (token: string, req: StaffUpdate) => call<StaffMember>('update_staff', { token, req }),
  setStaffActive: (token: string, id: number, active: boolean) =>
    call<StaffMember>('set_staff_active', { token, id, active }),
  /** The person's password stops working; the one-time code is shown once, to hand over. */
  resetStaffPassword: (token: string, id: number) => call<OneTimeCode>('reset_staff_password', { token, id }),
  listRoleGrants: (token: string) => call<RoleGrant[]>('list_role_grants', { token }),
  confirmRoleGrant: (token: string, id: number) => call<RoleGrant>('confirm_role_grant', { token, id }),
  declineRoleGrant: (token: string, id: number, reason: string) =>
    call<RoleGrant>('decline_role_grant', { token, id, reason }),
  confirmRoleGrantWithRecoveryKey: (token: string, id: number, recoveryKey: string) =>
    call<RoleGrant>('confirm_role_grant_with_recovery_key', { token, id, recoveryKey }),
  getClinicProfile: (token: string) => call<ClinicProfile>('get_clinic_profile', { token }),
  updateClinicProfile: (token: string, req: ClinicProfileInput) =>
    call<ClinicProfile>('update_clinic_profile', { token, req }),
  getSettings: (token: string) => call<ClinicSettings>('get_settings', { token }),
  updateSettings: (token: string, req: ClinicSettings) =>
    call<ClinicSettings>('update_settings', { token, req }),
  listAudit: (token: string, filter: AuditFilter) => call<AuditPage>('list_audit', { token, filter }),
  verifyAudit: (token: string) => call<VerifyReport>('verify_audit', { token }),
  /** Administrator: a verified copy into every backup folder now; each folder's problem in the result. */
  backUpNow: (token: string) => call<BackupRun>('back_up_now', { token }),
  backupStatus: (token: string) => call<BackupStatus>('backup_status', { token }),
  setBackupPolicy: (token: string, req: BackupPolicy) => call<BackupPolicy>('set_backup_policy', { token, req }),
  /** Administrator: restores the newest verified backup into a scratch folder, checks it, deletes it. */
  testRestore: (token: string) => call<DrillRecord>('test_restore', { token }),
  /** What restoring this backup would lose. */
  restorePreview: (token: string, folder: string, name: string) =>
    call<RestorePreview>('restore_preview', { token, folder, name }),
  /** Administrator, nobody else signed in. On success every session ends: sign in again. */
  restoreBackup: (token: string, folder: string, name: string) =>
    call<RestoreOutcome>('restore_backup', { token, folder, name }),

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

  // Session notes, templates and emergency access
  listNoteTemplates: (token: string) => call<NoteTemplate[]>('list_note_templates', { token }),
  addNoteTemplate: (token: string, req: TemplateInput) => call<NoteTemplate>('add_note_template', { token, req }),
  setNoteTemplateActive: (token: string, id: number, active: boolean) =>
    call<NoteTemplate>('set_note_template_active', { token, id, active }),
  /** A draft; the author's own unsigned draft for this patient (and appointment) is returned instead if there is one. */
  startNote: (token: string, patientId: number, templateId: number, appointmentId: number | null = null) =>
    call<Note>('start_note', { token, patientId, templateId, appointmentId }),
  /** The whole content, section key → text (scores "0".."10"); saved whole or not at all. */
  saveNoteDraft: (token: string, noteId: number, content: Record<string, string>) =>
    call<DraftSaved>('save_note_draft', { token, noteId, content }),
  myNoteDrafts: (token: string, patientId: number | null) => call<NoteSummary[]>('my_note_drafts', { token, patientId }),
  signNote: (token: string, noteId: number) => call<Note>('sign_note', { token, noteId }),
  /** A new draft that corrects the signed note `noteId`. */
  amendNote: (token: string, noteId: number, reason: string) => call<Note>('amend_note', { token, noteId, reason }),
  discardNoteDraft: (token: string, noteId: number) => call<null>('discard_note_draft', { token, noteId }),
  /** Newest first. */
  listNotes: (token: string, patientId: number, discipline: Discipline | null) =>
    call<NoteSummary[]>('list_notes', { token, patientId, discipline }),
  getNote: (token: string, noteId: number) => call<Note>('get_note', { token, noteId }),
  latestNote: (token: string, patientId: number, discipline: Discipline) =>
    call<Note | null>('latest_note', { token, patientId, discipline }),
  /** Opens the whole record to this clinician for a while; audited as emergency access. */
  breakGlass: (token: string, patientId: number, reason: string) =>
    call<EmergencyGrant>('break_glass', { token, patientId, reason }),
  emergencyStatus: (token: string, patientId: number) =>
    call<EmergencyGrant | null>('emergency_status', { token, patientId }),

  // Medical history and attachments
  /** A part the person may not read comes back null. */
  listHistory: (token: string, patientId: number) => call<History>('list_history', { token, patientId }),
  addCondition: (token: string, patientId: number, req: ConditionInput) =>
    call<Condition>('add_condition', { token, patientId, req }),
  updateCondition: (token: string, id: number, req: ConditionInput) => call<Condition>('update_condition', { token, id, req }),
  addAllergy: (token: string, patientId: number, req: AllergyInput) => call<Allergy>('add_allergy', { token, patientId, req }),
  updateAllergy: (token: string, id: number, req: AllergyInput) => call<Allergy>('update_allergy', { token, id, req }),
  addMedication: (token: string, patientId: number, req: MedicationInput) =>
    call<Medication>('add_medication', { token, patientId, req }),
  updateMedication: (token: string, id: number, req: MedicationInput) =>
    call<Medication>('update_medication', { token, id, req }),
  listAttachments: (token: string, patientId: number) => call<Attachment[]>('list_attachments', { token, patientId }),
  /** The file travels as the raw body; its details as percent-encoded JSON in a header (names may be in Urdu). */
  uploadAttachment: (token: string, bytes: Uint8Array, meta: AttachmentUpload) =>
    callWithBytes<Attachment>('upload_attachment', bytes, {
      'x-token': token,
      'x-attachment': encodeURIComponent(JSON.stringify(meta)),
    }),
  /** The document's bytes, kept in memory only; its type is the listed attachment's `mime`. */
  openAttachment: (token: string, id: number) => call<ArrayBuffer>('open_attachment', { token, id }),

  // Pharmacy
  listPharmacyItems: (token: string, includeInactive: boolean) =>
    call<PharmacyItem[]>('list_pharmacy_items', { token, includeInactive }),
  /** `id` null adds an item. */
  savePharmacyItem: (token: string, id: number | null, req: PharmacyItemInput) =>
    call<PharmacyItem>('save_pharmacy_item', { token, id, req }),
  receiveStock: (token: string, req: StockReceipt) => call<StockBatch>('receive_stock', { token, req }),
  /** `itemId` null: every active item. */
  listStock: (token: string, itemId: number | null) => call<ItemStock[]>('list_stock', { token, itemId }),
  /** An active allergy to the item is refused as a "conflict" on `allergy_override_reason` until a reason is given. */
  dispense: (token: string, req: DispenseInput) => call<Dispensing>('dispense', { token, req }),
  listDispensings: (token: string, patientId: number) => call<Dispensing[]>('list_dispensings', { token, patientId }),

  // Outcome measures, the timeline, the record PDF
  instrumentInfo: (token: string) => call<InstrumentInfo[]>('instrument_info', { token }),
  recordMeasure: (token: string, req: MeasureInput) => call<Measure>('record_measure', { token, req }),
  /** `instrument` null: every instrument the person may read; oldest first within each. */
  listMeasures: (token: string, patientId: number, instrument: Instrument | null) =>
    call<Measure[]>('list_measures', { token, patientId, instrument }),
  riskFlags: (token: string, patientId: number) => call<RiskFlag[]>('risk_flags', { token, patientId }),
  /** Sharing outside the clinic (the disclosures register), for the chart's header: to whom, when and why; what was shared only for the privacy officer. */
  chartDisclosures: (token: string, patientId: number) =>
    call<ChartDisclosure[]>('chart_disclosures', { token, patientId }),
  patientTimeline: (token: string, query: TimelineQuery) => call<TimelinePage>('patient_timeline', { token, query }),
  /** Answers with the path of the saved PDF. */
  exportRecordPdf: (token: string, patientId: number, purpose: ExportPurpose) =>
    call<string>('export_record_pdf', { token, patientId, purpose }),

  // Patients' rights: the requests register, letters and disclosures
  rightsDashboard: (token: string) => call<Dashboard>('rights_dashboard', { token }),
  /** `patientId` null: every request. */
  listRightsRequests: (token: string, patientId: number | null) =>
    call<RightsRequest[]>('list_rights_requests', { token, patientId }),
  getRightsRequest: (token: string, id: number) => call<RightsRequestDetail>('get_rights_request', { token, id }),
  recordRightsRequest: (token: string, req: RequestInput) => call<RightsRequest>('record_rights_request', { token, req }),
  verifyRightsIdentity: (token: string, id: number, check: IdentityCheck) =>
    call<RightsRequest>('verify_rights_identity', { token, id, check }),
  startRightsWork: (token: string, id: number, note: string) => call<RightsRequest>('start_rights_work', { token, id, note }),
  fulfilRightsRequest: (token: string, id: number, req: FulfilInput) =>
    call<Fulfilled>('fulfil_rights_request', { token, id, req }),
  /** Saves the whole record and the access report, and answers the request. */
  fulfilAccessRequest: (token: string, id: number) => call<AccessFulfilled>('fulfil_access_request', { token, id }),
  /** Saves the portability package, and answers the request; `job` names it for `cancelExport`. */
  fulfilPortabilityRequest: (token: string, job: string, id: number) =>
    call<PortabilityFulfilled>('fulfil_portability_request', { token, job, id }),
  /** Erases (what retention allows) or anonymises the patient, and answers the request. */
  fulfilDeletionRequest: (token: string, id: number, mode: DeletionMode) =>
    call<DeletionFulfilled>('fulfil_deletion_request', { token, id, mode }),
  refuseRightsRequest: (token: string, id: number, req: RefuseInput) =>
    call<RightsRequest>('refuse_rights_request', { token, id, req }),
  /** Answers with the path of the saved PDF letter. */
  exportRightsLetter: (token: string, id: number, language: Language) =>
    call<string>('export_rights_letter', { token, id, language }),
  rightsLetterTemplates: (token: string) => call<LetterTemplate[]>('rights_letter_templates', { token }),
  /** Answers with every template. */
  setRightsLetterTemplate: (token: string, req: LetterTemplateInput) =>
    call<LetterTemplate[]>('set_rights_letter_template', { token, req }),
  rightsDueDays: (token: string) => call<number>('rights_due_days', { token }),
  setRightsDueDays: (token: string, days: number) => call<number>('set_rights_due_days', { token, days }),
  listDisclosures: (token: string, patientId: number) => call<Disclosure[]>('list_disclosures', { token, patientId }),
  /** Answers with all of the patient's disclosures. */
  recordDisclosure: (token: string, req: DisclosureInput) => call<Disclosure[]>('record_disclosure', { token, req }),

  // Retention
  retentionRules: (token: string) => call<RetentionRule[]>('retention_rules', { token }),
  backupReach: (token: string) => call<BackupReach>('backup_reach', { token }),
  /** Answers with every rule. */
  setRetentionRule: (token: string, rule: RetentionRuleInput) =>
    call<RetentionRule[]>('set_retention_rule', { token, rule }),
  erasePatient: (token: string, patientId: number, requestId: number | null) =>
    call<ErasureOutcome>('erase_patient', { token, patientId, requestId }),
  erasePatientRecords: (token: string, patientId: number, kinds: RecordKind[]) =>
    call<ErasureOutcome>('erase_patient_records', { token, patientId, kinds }),
  anonymisePatient: (token: string, patientId: number, requestId: number | null) =>
    call<AnonymisationOutcome>('anonymise_patient', { token, patientId, requestId }),
  retentionReview: (token: string) => call<ReviewItem[]>('retention_review', { token }),
  retentionDueCount: (token: string) => call<number>('retention_due_count', { token }),
  /** `confirmCount` must equal the number of patients chosen; `onProgress` hears after each patient. */
  processRetentionReview: (
    token: string,
    patientIds: number[],
    action: ReviewAction,
    confirmCount: number,
    onProgress: (p: ReviewProgress) => void,
  ) =>
    call<ReviewResult>('process_retention_review', {
      token,
      patientIds,
      action,
      confirmCount,
      progress: channelTo(onProgress),
    }),

  // Bulk export (a patient's portability package is saved by `fulfilPortabilityRequest` only)
  /** `job` names the export for `cancelExport`. */
  exportFhirBulk: (token: string, job: string, req: BulkRequest, onProgress: (p: BulkProgress) => void) =>
    call<BulkSaved>('export_fhir_bulk', { token, job, req, progress: channelTo(onProgress) }),
  /** False when no export of that name, started by this person, was running. */
  cancelExport: (token: string, job: string) => call<boolean>('cancel_export', { token, job }),

  // Billing: amounts are typed as text ("1,500", "1500.50") and come back in paisa
  /** Today's price of every active service and pharmacy item (reception, administrator). */
  priceList: (token: string) => call<PriceEntry[]>('price_list', { token }),
  /** Administrator: a new price from `req.effective_from` on; the history is kept. */
  setServicePrice: (token: string, serviceId: number, req: PriceInput) =>
    call<PriceEntry>('set_service_price', { token, serviceId, req }),
  setItemPrice: (token: string, itemId: number, req: PriceInput) =>
    call<PriceEntry>('set_item_price', { token, itemId, req }),
  billingSettings: (token: string) => call<BillingSettings>('billing_settings', { token }),
  setBillingSettings: (token: string, req: BillingSettings) =>
    call<BillingSettings>('set_billing_settings', { token, req }),
  /** A draft; a discount above the desk's limit is refused on `discount` for reception. */
  createInvoice: (token: string, req: InvoiceInput) => call<Invoice>('create_invoice', { token, req }),
  /** Gives the draft the next `INV-<year>-<n>` and applies the patient's credit. */
  issueInvoice: (token: string, invoiceId: number) => call<Invoice>('issue_invoice', { token, invoiceId }),
  discardDraftInvoice: (token: string, invoiceId: number) => call<null>('discard_draft_invoice', { token, invoiceId }),
  /** Administrator; what was paid on it becomes the patient's credit. */
  voidInvoice: (token: string, invoiceId: number, reason: string) =>
    call<Invoice>('void_invoice', { token, invoiceId, reason }),
  /** Administrator; answers with the credit note (`CN-<year>-<n>`). */
  issueCreditNote: (token: string, invoiceId: number, req: CreditNoteInput) =>
    call<Invoice>('issue_credit_note', { token, invoiceId, req }),
  getInvoice: (token: string, invoiceId: number) => call<Invoice>('get_invoice', { token, invoiceId }),
  /** `req.invoice_id` null: the oldest open invoice first; what is left becomes credit. */
  takePayment: (token: string, req: PaymentInput) => call<PaymentOutcome>('take_payment', { token, req }),
  refundPayment: (token: string, paymentId: number, req: RefundInput) =>
    call<Payment>('refund_payment', { token, paymentId, req }),
  patientAccount: (token: string, patientId: number) =>
    call<PatientAccount>('patient_account', { token, patientId }),
  /** Sells the package on its own issued invoice. */
  sellPackage: (token: string, req: PackageInput) => call<SessionPackage>('sell_package', { token, req }),
  usePackageSession: (token: string, packageId: number, appointmentId: number) =>
    call<SessionPackage>('use_package_session', { token, packageId, appointmentId }),
  /** Only for an appointment the clinic cancelled. */
  returnPackageSession: (token: string, packageId: number, appointmentId: number) =>
    call<SessionPackage>('return_package_session', { token, packageId, appointmentId }),
  /** Administrator: closes the package with a pro-rata credit note; the desk then refunds the credit. */
  refundPackage: (token: string, packageId: number, reason: string) =>
    call<SessionPackage>('refund_package', { token, packageId, reason }),
  patientPackages: (token: string, patientId: number) =>
    call<SessionPackage[]>('patient_packages', { token, patientId }),

  // Billing documents and the day's takings (receipts, cash-up, Z report, money reports).
  /** Saves the invoice or credit note as PDF; answers with the path. `language` null: the patient's own. */
  invoicePdf: (token: string, invoiceId: number, paper: Paper, language: Language | null) =>
    call<string>('invoice_pdf', { token, invoiceId, paper, language }),
  /** Saves the receipt of a payment (all its parts), or a refund's slip, as PDF; answers with the path. */
  receiptPdf: (token: string, paymentId: number, paper: Paper, language: Language | null) =>
    call<string>('receipt_pdf', { token, paymentId, paper, language }),
  /** Reception: what the signed-in cashier's day (`YYYY-MM-DD`) comes to so far, per method. */
  dayTakings: (token: string, day: string) => call<DayTakings>('day_takings', { token, day }),
  /** Reception: closes the cashier's own day; a difference needs `req.note`. Once per day. */
  closeDay: (token: string, req: CashUpInput) => call<DayClosing>('close_day', { token, req }),
  /** Closed days between two days: a cashier's own, or everyone's for the administrator. */
  dayClosings: (token: string, from: string, to: string) => call<DayClosing[]>('day_closings', { token, from, to }),
  /** Saves the closed day's Z report as PDF; answers with the path. */
  zReportPdf: (token: string, closingId: number) => call<string>('z_report_pdf', { token, closingId }),
  /** Administrator: takings per day, cashier and method. */
  takingsReport: (token: string, from: string, to: string) =>
    call<TakingsRow[]>('takings_report', { token, from, to }),
  exportTakingsCsv: (token: string, from: string, to: string) =>
    call<string>('export_takings_csv', { token, from, to }),
  /** Administrator: what is owed on issued invoices by age (0–30, 31–60, 61–90, 90+ days). */
  agedBalances: (token: string) => call<AgeBucket[]>('aged_balances', { token }),
  exportAgedBalancesCsv: (token: string) => call<string>('export_aged_balances_csv', { token }),
  /** Administrator: a month's (`YYYY-MM`) invoiced revenue by practitioner, service and discipline. */
  monthlyRevenue: (token: string, month: string) => call<MonthlyRevenue>('monthly_revenue', { token, month }),
  exportMonthlyRevenueCsv: (token: string, month: string) =>
    call<string>('export_monthly_revenue_csv', { token, month }),
  /** Every invoice (drafts and voided too), credit note, payment and refund of the patient, newest first. */
  billingStatement: (token: string, patientId: number) =>
    call<BillingStatement>('billing_statement', { token, patientId }),
  /** Every price set for the service or item, newest first. */
  priceHistory: (token: string, thing: PricedThing, id: number) =>
    call<PriceChange[]>('price_history', { token, thing, id }),
};

export type Api = typeof api;
