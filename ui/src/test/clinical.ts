import type { Allergy } from '../bindings/Allergy';
import type { History } from '../bindings/History';
import type { InstrumentInfo } from '../bindings/InstrumentInfo';
import type { Measure } from '../bindings/Measure';
import type { Me } from '../bindings/Me';
import type { Note } from '../bindings/Note';
import type { NoteSummary } from '../bindings/NoteSummary';
import type { Patient } from '../bindings/Patient';
import type { Session } from '../session';

const clinicianPermissions: Me['permissions'] = ['view_patients', 'view_schedule', 'update_own_appointment_status'];

export const physio: Me = {
  id: 5,
  username: 'bilal',
  full_name: 'Dr Bilal Ahmed',
  roles: ['physiotherapist'],
  language: 'en',
  permissions: clinicianPermissions,
};

export const psychologist: Me = { ...physio, id: 6, username: 'sara', full_name: 'Dr Sara Malik', roles: ['psychologist'] };

export const pharmacist: Me = { ...physio, id: 8, username: 'hina', full_name: 'Hina Pharmacist', roles: ['pharmacist'] };

/** A signed-in session for a screen rendered on its own. */
export function sessionOf(me: Me): Session {
  return {
    token: 'tok-1',
    me,
    can: (p: string) => (me.permissions as string[]).includes(p),
  } as unknown as Session;
}

export function patient(id: number, extra: Partial<Patient> = {}): Patient {
  return {
    id,
    mrn: `AH-${String(id).padStart(6, '0')}`,
    full_name: 'Ayesha Khan',
    name_ur: 'عائشہ خان',
    relative_name: null,
    birth_date: '1990-05-01',
    birth_date_estimated: false,
    age: 35,
    sex: 'female',
    cnic: null,
    phone: '+92 300 1234567',
    phone_alt: null,
    email: null,
    address: null,
    city: 'Lahore',
    preferred_language: 'ur',
    insurance_payer: null,
    insurance_policy: null,
    reception_note: null,
    related: [],
    consents: [],
    ...extra,
  };
}

export function allergy(id: number, substance: string, extra: Partial<Allergy> = {}): Allergy {
  return {
    id,
    patient_id: 21,
    substance,
    reaction: null,
    severity: 'moderate',
    status: 'active',
    recorded_by_name: 'Dr Bilal Ahmed',
    recorded_at: '2030-01-10T05:00:00Z',
    updated_at: '2030-01-10T05:00:00Z',
    ...extra,
  };
}

export function history(extra: Partial<History> = {}): History {
  return { patient_id: 21, conditions: [], allergies: [], medications: [], changes: [], ...extra };
}

export function noteSummary(id: number, extra: Partial<NoteSummary> = {}): NoteSummary {
  return {
    id,
    patient_id: 21,
    appointment_id: null,
    template_id: 1,
    template_name: 'Physiotherapy SOAP',
    discipline: 'physiotherapy',
    author_id: 5,
    author_name: 'Dr Bilal Ahmed',
    status: 'draft',
    created_at: '2030-01-15T05:00:00Z',
    updated_at: '2030-01-15T05:10:00Z',
    signed_at: null,
    amends: null,
    amend_reason: null,
    amended_by: null,
    ...extra,
  };
}

export function note(id: number, extra: Partial<NoteSummary> = {}, texts: { subjective?: string; pain?: string } = {}): Note {
  const summary = noteSummary(id, extra);
  return {
    summary,
    sections: [
      { key: 'subjective', title: 'Subjective', kind: 'text', text: texts.subjective ?? '' },
      { key: 'pain', title: 'Pain now', kind: 'score_0_10', text: texts.pain ?? '' },
    ],
    content_sha256: summary.status === 'signed' ? 'ab'.repeat(32) : null,
    versions: [summary],
  };
}

export const PHQ9: InstrumentInfo = {
  instrument: 'phq9',
  name: 'PHQ-9',
  title: 'Patient Health Questionnaire',
  discipline: 'psychology',
  min_items: 9,
  items: 9,
  item_max: 3,
  max: 27,
  higher_is_better: false,
  bands: [
    { band: 'minimal', label: 'Minimal', from: 0, to: 4 },
    { band: 'mild', label: 'Mild', from: 5, to: 9 },
    { band: 'moderate', label: 'Moderate', from: 10, to: 14 },
    { band: 'moderately_severe', label: 'Moderately severe', from: 15, to: 19 },
    { band: 'severe', label: 'Severe', from: 20, to: 27 },
  ],
  risk_item: 9,
};

export const NPRS: InstrumentInfo = {
  instrument: 'nprs',
  name: 'NPRS',
  title: 'Numeric Pain Rating Scale',
  discipline: 'physiotherapy',
  min_items: 1,
  items: 1,
  item_max: 10,
  max: 10,
  higher_is_better: false,
  bands: [],
};

export function measure(id: number, extra: Partial<Measure> = {}): Measure {
  return {
    id,
    patient_id: 21,
    instrument: 'phq9',
    items: [],
    activities: [],
    total: 0,
    band: 'minimal',
    risk: false,
    taken_on: '2030-01-10',
    appointment_id: null,
    recorded_by: 6,
    recorded_by_name: 'Dr Sara Malik',
    recorded_at: '2030-01-10T05:00:00Z',
    ...extra,
  };
}
