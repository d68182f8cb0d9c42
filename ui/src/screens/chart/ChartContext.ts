import { createContext, useContext } from 'react';
import type { EmergencyGrant } from '../../bindings/EmergencyGrant';

/** What every part of one patient's chart shares: the patient, and emergency access. */
export type Chart = {
  patientId: number;
  /** The standing emergency grant, if any. */
  grant: EmergencyGrant | null;
  /** Opens the emergency-access dialog (clinicians only; null for anyone else). */
  offerEmergency: (() => void) | null;
  /** Goes up by one when emergency access is granted, so refused parts load again. */
  openings: number;
};

export const ChartContext = createContext<Chart | null>(null);

export function useChart(): Chart {
  const c = useContext(ChartContext);
  if (!c) throw new Error('useChart outside a patient chart');
  return c;
}
