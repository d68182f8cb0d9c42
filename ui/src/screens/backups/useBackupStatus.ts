import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { BackupStatus } from '../../bindings/BackupStatus';

/**
 * The backup status for the administrator, loaded when the screen opens and again after
 * anything that changes it (`reload`). `status` is null while the first load runs; a
 * failure goes to `onError` (a form's `setError`).
 */
export function useBackupStatus(token: string, onError: (e: unknown) => void) {
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    api.backupStatus(token).then(
      (s) => {
        if (live) setStatus(s);
      },
      (e: unknown) => {
        if (live) onError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [token, onError, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { status, reload };
}
