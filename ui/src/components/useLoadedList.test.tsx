import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useLoadedList } from './useLoadedList';

type Item = { id: number; name: string };

describe('useLoadedList', () => {
  it('loads, then replaces a saved item in place or adds a new one', async () => {
    const fetch = () => Promise.resolve<Item[]>([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    const onError = vi.fn();
    const { result } = renderHook(() => useLoadedList(fetch, onError));
    expect(result.current.items).toBeNull();
    await waitFor(() => expect(result.current.items).toHaveLength(2));
    act(() => result.current.replace({ id: 2, name: 'B' }));
    act(() => result.current.replace({ id: 3, name: 'c' }));
    expect(result.current.items).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'B' }, { id: 3, name: 'c' }]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('hands a failed load to the error handler', async () => {
    const failure = { kind: 'forbidden', message: 'no' };
    const fetch = () => Promise.reject(failure);
    const onError = vi.fn();
    const { result } = renderHook(() => useLoadedList<Item>(fetch, onError));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(failure));
    expect(result.current.items).toBeNull();
  });
});
