import { useCallback, useEffect, useState } from 'react';

/**
 * A list loaded once from a command, with `replace` to put a saved item back in place
 * (or add it) without asking the back end again. `items` is null while loading; a
 * failure goes to `onError` (a form's `setError`).
 */
export function useLoadedList<T extends { id: number }>(
  fetch: () => Promise<T[]>,
  onError: (e: unknown) => void,
): { items: T[] | null; replace: (item: T) => void; reload: () => void } {
  const [items, setItems] = useState<T[] | null>(null);
  // Bumped by `reload` when a change elsewhere may have touched several items.
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    fetch().then(
      (list) => {
        if (live) setItems(list);
      },
      (e: unknown) => {
        if (live) onError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [fetch, onError, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);

  const replace = useCallback(
    (item: T) =>
      setItems((old) =>
        old ? (old.some((x) => x.id === item.id) ? old.map((x) => (x.id === item.id ? item : x)) : [...old, item]) : [item],
      ),
    [],
  );

  return { items, replace, reload };
}
