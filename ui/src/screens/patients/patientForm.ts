import type { ConsentMethod } from '../../bindings/ConsentMethod';
import type { ConsentPurpose } from '../../bindings/ConsentPurpose';
import type { Language } from '../../bindings/Language';
import type { Patient } from '../../bindings/Patient';
import type { PatientInput } from '../../bindings/PatientInput';
import type { RelatedPersonInput } from '../../bindings/RelatedPersonInput';
import type { Sex } from '../../bindings/Sex';
import { clinicToday } from '../../time';

/** Below this age a patient is registered only with a guardian and parental consent (the server enforces it too). */
export const CHILD_UNDER = 13;

export const SEXES: readonly Sex[] = ['female', 'male', 'other', 'unknown'];
export const CONSENT_METHODS: readonly ConsentMethod[] = ['in_person', 'written', 'phone'];

export type PersonForm = { name: string; relationship: string; cnic: string; phone: string };

/** What the registration form holds: everything as typed. */
export type PatientForm = {
  fullName: string;
  nameUr: string;
  relativeName: string;
  birthDate: string;
  estimatedAge: string;
  sex: Sex | '';
  cnic: string;
  phone: string;
  phoneAlt: string;
  email: string;
  address: string;
  city: string;
  language: Language;
  insurancePayer: string;
  insurancePolicy: string;
  receptionNote: string;
  guardian: PersonForm;
  consentGivenBy: string;
  consentMethod: ConsentMethod;
  emergency: PersonForm;
};

export const EMPTY_PERSON: PersonForm = { name: '', relationship: '', cnic: '', phone: '' };

export const EMPTY_FORM: PatientForm = {
  fullName: '',
  nameUr: '',
  relativeName: '',
  birthDate: '',
  estimatedAge: '',
  sex: '',
  cnic: '',
  phone: '',
  phoneAlt: '',
  email: '',
  address: '',
  city: '',
  language: 'ur',
  insurancePayer: '',
  insurancePolicy: '',
  receptionNote: '',
  guardian: EMPTY_PERSON,
  consentGivenBy: '',
  consentMethod: 'in_person',
  emergency: EMPTY_PERSON,
};

/** Urdu (Arabic) script. */
export const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/**
 * A new form started from what was typed in the search box: a name goes into the
 * name field of its script; digits (phone, CNIC, MRN) are not a name and are left out.
 */
export function formFromSearch(query: string): PatientForm {
  const q = query.trim().replace(/\s+/g, ' ');
  if (q === '' || /\d/.test(q)) return EMPTY_FORM;
  return ARABIC_SCRIPT.test(q) ? { ...EMPTY_FORM, nameUr: q } : { ...EMPTY_FORM, fullName: q };
}

/** The form for correcting a patient's record. An estimated birth date is shown as the estimated age. */
export function formFromPatient(p: Patient): PatientForm {
  return {
    ...EMPTY_FORM,
    fullName: p.full_name,
    nameUr: p.name_ur ?? '',
    relativeName: p.relative_name ?? '',
    birthDate: p.birth_date_estimated ? '' : p.birth_date,
    estimatedAge: p.birth_date_estimated ? String(p.age) : '',
    sex: p.sex,
    cnic: p.cnic ?? '',
    phone: p.phone ?? '',
    phoneAlt: p.phone_alt ?? '',
    email: p.email ?? '',
    address: p.address ?? '',
    city: p.city ?? '',
    language: p.preferred_language,
    insurancePayer: p.insurance_payer ?? '',
    insurancePolicy: p.insurance_policy ?? '',
    receptionNote: p.reception_note ?? '',
  };
}

/** Whole years between two YYYY-MM-DD dates, or null when `birth` is not such a date. */
export function ageOn(birth: string, today: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth.trim());
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!b || !t) return null;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [ty, tm, td] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (bm < 1 || bm > 12 || bd < 1 || bd > 31) return null;
  let years = ty - by;
  if (tm < bm || (tm === bm && td < bd)) years -= 1;
  return Math.max(0, years);
}

/** The age the form gives: from the birth date if typed, else the estimated age; null if neither. */
export function formAge(f: PatientForm, today: string = clinicToday()): number | null {
  if (f.birthDate.trim() !== '') return ageOn(f.birthDate, today);
  const n = wholeNumber(f.estimatedAge);
  return n ?? null;
}

export function isChild(f: PatientForm, today?: string): boolean {
  const age = formAge(f, today);
  return age !== null && age < CHILD_UNDER;
}

function wholeNumber(s: string): number | undefined {
  const t = s.trim();
  if (!/^\d{1,3}$/.test(t)) return undefined;
  return Number(t);
}

/** Empty text is sent as null ("not given"). */
function text(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}

function person(p: PersonForm): RelatedPersonInput {
  return { name: p.name.trim(), relationship: p.relationship.trim(), cnic: text(p.cnic), phone: text(p.phone) };
}

const blank = (p: PersonForm) => Object.values(p).every((v) => v.trim() === '');

type ToInput = {
  /** Registration sends the guardian, parental consent and emergency contact; a correction does not. */
  withRelated: boolean;
  child: boolean;
  acknowledged?: number[];
};

/** The request for register/update/find-duplicates. `sex` must have been chosen. */
export function toPatientInput(f: PatientForm, { withRelated, child, acknowledged = [] }: ToInput): PatientInput {
  const birthDate = text(f.birthDate);
  const age = wholeNumber(f.estimatedAge);
  return {
    full_name: f.fullName.trim(),
    name_ur: text(f.nameUr),
    relative_name: text(f.relativeName),
    birth_date: birthDate,
    estimated_age: birthDate === null && age !== undefined ? age : null,
    sex: f.sex === '' ? 'unknown' : f.sex,
    cnic: text(f.cnic),
    phone: text(f.phone),
    phone_alt: text(f.phoneAlt),
    email: text(f.email),
    address: text(f.address),
    city: text(f.city),
    preferred_language: f.language,
    insurance_payer: text(f.insurancePayer),
    insurance_policy: text(f.insurancePolicy),
    reception_note: text(f.receptionNote),
    guardian: withRelated && child ? person(f.guardian) : null,
    parental_consent:
      withRelated && child ? { purpose: 'parental', given_by: f.consentGivenBy.trim(), method: f.consentMethod } : null,
    emergency_contact: withRelated && !blank(f.emergency) ? person(f.emergency) : null,
    acknowledged_duplicates: acknowledged,
  };
}

/** The server's field names that the form shows next to an input. */
export const FORM_FIELDS = [
  'full_name',
  'name_ur',
  'relative_name',
  'birth_date',
  'estimated_age',
  'sex',
  'cnic',
  'phone',
  'phone_alt',
  'email',
  'address',
  'city',
  'preferred_language',
  'insurance_payer',
  'insurance_policy',
  'reception_note',
  'guardian.name',
  'guardian.relationship',
  'guardian.cnic',
  'guardian.phone',
  'parental_consent.given_by',
  'given_by',
  'emergency_contact.name',
  'emergency_contact.relationship',
  'emergency_contact.cnic',
  'emergency_contact.phone',
] as const;

/** The input that shows a server field's error, by the server's field name. */
export function inputIdOf(field: string): string | undefined {
  const [head, tail] = field.split('.');
  if (tail !== undefined) {
    if (head === 'guardian') return `guardian-${tail}`;
    if (head === 'emergency_contact') return `emergency-${tail}`;
    if (head === 'parental_consent' && tail === 'given_by') return 'consent-given-by';
    return undefined;
  }
  if (field === 'given_by') return 'consent-given-by';
  if (field === 'preferred_language') return 'patient-language';
  return (FORM_FIELDS as readonly string[]).includes(field) ? `patient-${field.replace(/_/g, '-')}` : undefined;
}

export const CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  'treatment',
  'reminders_sms',
  'reminders_whatsapp',
  'reminders_phone',
  'reminders_email',
  'care_team_sharing',
  'parental',
];

/** The id of a patient's row in a table, for aria-activedescendant. */
export function rowId(tableId: string, patientId: number): string {
  return `${tableId}-row-${patientId}`;
}
