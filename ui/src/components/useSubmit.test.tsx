import { act, renderHook } from '@testing-library/react';
import type { FormEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useSubmit, type SubmitOptions } from './useSubmit';

function formEvent() {
  const preventDefault = vi.fn();
  return { event: { preventDefault } as unknown as FormEvent, preventDefault };
}

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(action: () => Promise<void>, options?: SubmitOptions) {
  return renderHook(() => useSubmit(['password'], action, options));
}

describe('useSubmit', () => {
  it('stops the default submission and ignores a second submit while the first runs', async () => {
    const d = deferred();
    const action = vi.fn(() => d.promise);
    const { result } = setup(action);
    const first = formEvent();
    const second = formEvent();

    let pending: Promise<void> = Promise.resolve();
    await act(async () => {
      // Both arrive before React renders again.
      pending = result.current.onSubmit(first.event);
      void result.current.onSubmit(second.event);
    });
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    expect(action).toHaveBeenCalledTimes(1);
    expect(result.current.busy).toBe(true);

    await act(async () => {
      void result.current.onSubmit(formEvent().event);
    });
    expect(action).toHaveBeenCalledTimes(1);

    await act(async () => {
      d.resolve();
      await pending;
    });
    expect(result.current.busy).toBe(false);
  });

  it('turns idle again after an error, shows it, and lets the form be sent again', async () => {
    const action = vi.fn().mockRejectedValueOnce({ kind: 'internal', message: 'The disk is full.' }).mockResolvedValueOnce(undefined);
    const { result } = setup(action);

    await act(() => result.current.onSubmit(formEvent().event));
    expect(result.current.busy).toBe(false);
    expect(result.current.err.banner).toBe('The disk is full.');

    await act(() => result.current.onSubmit(formEvent().event));
    expect(action).toHaveBeenCalledTimes(2);
    expect(result.current.busy).toBe(false);
    // The next attempt starts by clearing the last error.
    expect(result.current.err.banner).toBeUndefined();
  });

  it('exposes an error naming one of its fields by field, not as a banner', async () => {
    const { result } = setup(() => Promise.reject({ kind: 'validation', message: 'Too short.', field: 'password' }));

    await act(() => result.current.onSubmit(formEvent().event));
    expect(result.current.err.fieldError('password')).toBe('Too short.');
    expect(result.current.err.fieldError('username')).toBeUndefined();
    expect(result.current.err.banner).toBeUndefined();
    expect(result.current.err.error).toEqual({ kind: 'validation', message: 'Too short.', field: 'password' });
  });

  it('shows an error naming a field the form lacks as a banner', async () => {
    const { result } = setup(() => Promise.reject({ kind: 'conflict', message: 'Taken.', field: 'username' }));

    await act(() => result.current.onSubmit(formEvent().event));
    expect(result.current.err.fieldError('username')).toBeUndefined();
    expect(result.current.err.banner).toBe('Taken.');
  });

  it('stays busy after success when asked, and then ignores submits', async () => {
    const action = vi.fn(() => Promise.resolve());
    const { result } = setup(action, { keepBusyOnSuccess: true });

    await act(() => result.current.onSubmit(formEvent().event));
    expect(result.current.busy).toBe(true);
    await act(() => result.current.onSubmit(formEvent().event));
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('turns idle after an error even when it would stay busy after success', async () => {
    const { result } = setup(() => Promise.reject({ kind: 'internal', message: 'No.' }), { keepBusyOnSuccess: true });

    await act(() => result.current.onSubmit(formEvent().event));
    expect(result.current.busy).toBe(false);
    expect(result.current.err.banner).toBe('No.');
  });

  it('sends nothing when validation fails, after clearing the last error', async () => {
    const action = vi.fn().mockRejectedValueOnce({ kind: 'internal', message: 'Old error.' });
    let valid = true;
    const { result } = setup(action, { validate: () => valid });

    await act(() => result.current.onSubmit(formEvent().event));
    expect(result.current.err.banner).toBe('Old error.');

    valid = false;
    await act(() => result.current.onSubmit(formEvent().event));
    expect(action).toHaveBeenCalledTimes(1);
    expect(result.current.busy).toBe(false);
    expect(result.current.err.banner).toBeUndefined();
  });

  it('lets onError see the error first and keep it from being shown', async () => {
    const onError = vi.fn<NonNullable<SubmitOptions['onError']>>((e) => (e.kind === 'forbidden' ? 'handled' : undefined));
    const action = vi
      .fn()
      .mockRejectedValueOnce({ kind: 'forbidden', message: 'Session ended.' })
      .mockRejectedValueOnce({ kind: 'validation', message: 'Wrong password.', field: 'password' });
    const { result } = setup(action, { onError });

    await act(() => result.current.onSubmit(formEvent().event));
    expect(onError).toHaveBeenLastCalledWith({ kind: 'forbidden', message: 'Session ended.' });
    expect(result.current.err.error).toBeNull();
    expect(result.current.busy).toBe(false);

    await act(() => result.current.onSubmit(formEvent().event));
    expect(onError).toHaveBeenCalledTimes(2);
    expect(result.current.err.fieldError('password')).toBe('Wrong password.');
  });
});
