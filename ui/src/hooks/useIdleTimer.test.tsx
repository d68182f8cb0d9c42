import { fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleTimer } from './useIdleTimer';

function Idle({ ms, onIdle, enabled = true }: { ms: number; onIdle: () => void; enabled?: boolean }) {
  useIdleTimer(ms, onIdle, enabled);
  return <input aria-label="x" />;
}

describe('useIdleTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once after the idle time', () => {
    const onIdle = vi.fn();
    render(<Idle ms={60_000} onIdle={onIdle} />);
    vi.advanceTimersByTime(59_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it.each(['keyDown', 'mouseMove', 'mouseDown', 'pointerDown', 'wheel'] as const)('is put off by %s', (event) => {
    const onIdle = vi.fn();
    render(<Idle ms={60_000} onIdle={onIdle} />);
    vi.advanceTimersByTime(50_000);
    fireEvent[event](window);
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts activity inside the page, too', () => {
    const onIdle = vi.fn();
    const { getByLabelText } = render(<Idle ms={1_000} onIdle={onIdle} />);
    vi.advanceTimersByTime(900);
    fireEvent.keyDown(getByLabelText('x'), { key: 'a' });
    vi.advanceTimersByTime(900);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does nothing while disabled, and stops on unmount', () => {
    const onIdle = vi.fn();
    const { rerender, unmount } = render(<Idle ms={1_000} onIdle={onIdle} enabled={false} />);
    vi.advanceTimersByTime(5_000);
    expect(onIdle).not.toHaveBeenCalled();
    rerender(<Idle ms={1_000} onIdle={onIdle} enabled />);
    unmount();
    vi.advanceTimersByTime(5_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
