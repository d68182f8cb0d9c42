import { createContext, useContext } from 'react';
import type { Me } from './bindings/Me';
import type { Permission } from './bindings/Permission';

/** The signed-in person's session. The token lives in React state only, never in storage. */
export type Session = {
  token: string;
  me: Me;
  idleLockSeconds: number;
  clinicName: string;
  can: (p: Permission) => boolean;
  lockNow: () => void;
  signOut: () => void;
  setMe: (me: Me) => void;
  setIdleLockSeconds: (seconds: number) => void;
  setClinicName: (name: string) => void;
};

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in shell');
  return s;
}
