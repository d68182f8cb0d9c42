import { createContext, useContext } from 'react';

/**
 * Opens a patient's chart from anywhere in the shell (Today's row); null for anyone
 * who is not a clinician, so reception is never offered it.
 */
export const OpenChartContext = createContext<((patientId: number) => void) | null>(null);

export function useOpenChart(): ((patientId: number) => void) | null {
  return useContext(OpenChartContext);
}
