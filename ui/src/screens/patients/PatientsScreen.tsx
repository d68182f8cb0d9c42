import './patients.css';
import { useState } from 'react';
import type { Patient } from '../../bindings/Patient';
import { useI18n } from '../../i18n/context';
import { LazyChartScreen } from '../chart/LazyChartScreen';
import { PatientForm } from './PatientForm';
import { PatientRecord } from './PatientRecord';
import { PatientSearch } from './PatientSearch';
import { formFromPatient, formFromSearch, type PatientForm as FormState } from './patientForm';

type Mode =
  | { kind: 'search' }
  | { kind: 'new'; initial: FormState }
  | { kind: 'record'; id: number; patient: Patient | null; notice: string | null }
  | { kind: 'edit'; patient: Patient }
  | { kind: 'chart'; patient: Patient };

/** Patients: the search box, registration, a patient's record and its correction, and for clinicians the chart. */
export function PatientsScreen() {
  const { t } = useI18n();
  // The search text outlives the record and the form, so "back" finds the same list.
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<Mode>({ kind: 'search' });
  const open = (id: number) => setMode({ kind: 'record', id, patient: null, notice: null });

  switch (mode.kind) {
    case 'search':
      return (
        <PatientSearch
          query={query}
          onQuery={setQuery}
          onOpen={open}
          onNew={() => setMode({ kind: 'new', initial: formFromSearch(query) })}
        />
      );
    case 'new':
      return (
        <PatientForm
          key="new"
          initial={mode.initial}
          editing={null}
          onSaved={(p) => setMode({ kind: 'record', id: p.id, patient: p, notice: t('patients.registered', { mrn: p.mrn }) })}
          onCancel={() => setMode({ kind: 'search' })}
          onOpen={open}
        />
      );
    case 'edit':
      return (
        <PatientForm
          key={`edit-${mode.patient.id}`}
          initial={formFromPatient(mode.patient)}
          editing={mode.patient}
          onSaved={(p) => setMode({ kind: 'record', id: p.id, patient: p, notice: t('patients.updated') })}
          onCancel={() => setMode({ kind: 'record', id: mode.patient.id, patient: mode.patient, notice: null })}
          onOpen={open}
        />
      );
    case 'record':
      return (
        <PatientRecord
          key={`record-${mode.id}`}
          id={mode.id}
          initial={mode.patient}
          notice={mode.notice}
          onBack={() => setMode({ kind: 'search' })}
          onEdit={(p) => setMode({ kind: 'edit', patient: p })}
          onOpenChart={(p) => setMode({ kind: 'chart', patient: p })}
        />
      );
    case 'chart':
      return (
        <LazyChartScreen
          key={`chart-${mode.patient.id}`}
          patientId={mode.patient.id}
          initial={mode.patient}
          onBack={() => setMode({ kind: 'record', id: mode.patient.id, patient: mode.patient, notice: null })}
        />
      );
  }
}
