import { fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleTimer } from './useIdleTimer';

function Idle({
  ms,
  onIdle,
  enabled = true,
  onActivity,
}: {
  ms: number;
  onIdle: () => void;
  enabled?: boolean;
  onActivity?: () => void;
}) {
  useIdleTimer(ms, onIdle, enabled, onActivity);
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

  it('reports the person\'s activity, at most every quarter of the idle time', () => {
    const onActivity = vi.fn();
    render(<Idle ms={40_000} onIdle={() => {}} onActivity={onActivity} />);
    fireEvent.keyDown(window);
    expect(onActivity).not.toHaveBeenCalled(); // just signed in: already counted
    vi.advanceTimersByTime(10_000);
    fireEvent.keyDown(window);
    fireEvent.mouseMove(window);
    expect(onActivity).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(9_000);
    fireEvent.pointerDown(window);
    expect(onActivity).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    fireEvent.wheel(window);
    expect(onActivity).toHaveBeenCalledTimes(2);
  });

  it('reports nothing for a scroll, which a refreshing list makes by itself', () => {
    const onActivity = vi.fn();
    const onIdle = vi.fn();
    render(<Idle ms={4_000} onIdle={onIdle} onActivity={onActivity} />);
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(1_000);
      fireEvent.scroll(window);
    }
    expect(onActivity).not.toHaveBeenCalled();
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
