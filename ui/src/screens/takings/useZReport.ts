import { useState } from 'react';
import { api } from '../../api';
import { useCommandError } from '../../components/useCommandError';
import { useSession } from '../../session';

/** Saves a closed day's Z report as PDF; the path (or the refusal) is kept for a banner. */
export function useZReport() {
  const { token } = useSession();
  const [busyId, setBusyId] = useState<number | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const err = useCommandError([]);
  const save = async (closingId: number) => {
    if (busyId !== null) return;
    err.clear();
    setPath(null);
    setBusyId(closingId);
    try {
      setPath(await api.zReportPdf(token, closingId));
    } catch (e) {
      err.setError(e);
    } finally {
      setBusyId(null);
    }
  };
  return { save, busyId, path, error: err.banner };
}
