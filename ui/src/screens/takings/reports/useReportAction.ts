import { useCallback, useState } from 'react';
import { useCommandError } from '../../../components/useCommandError';

/**
 * One report's commands (show it, export it): which one is running, and the last
 * refusal, shown next to the field it names (`fields`) or else as a banner.
 */
export function useReportAction(fields: readonly string[]) {
  const err = useCommandError(fields);
  const { clear, setError } = err;
  const [running, setRunning] = useState<string | null>(null);
  const run = useCallback(
    async (name: string, action: () => Promise<void>) => {
      clear();
      setRunning(name);
      try {
        await action();
      } catch (e) {
        setError(e);
      } finally {
        setRunning(null);
      }
    },
    [clear, setError],
  );
  return { err, running, run };
}
