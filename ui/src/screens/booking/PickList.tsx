import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { inTypingPlace } from '../schedule/keys';

type Props<T> = {
  id: string;
  label: string;
  items: readonly T[];
  itemKey: (item: T) => string | number;
  /** data-testid of every option. */
  optionTestId: string;
  /** data-* attributes of an option, e.g. { 'data-id': '5' }. */
  optionData: (item: T) => Record<`data-${string}`, string>;
  render: (item: T) => ReactNode;
  onPick: (item: T) => void;
  /** Puts the focus on the list when it appears. */
  autoFocus?: boolean;
  /** The option the keyboard starts on. */
  initialIndex?: number;
  /** Keys the list does not use itself (e.g. ArrowUp on the first option, to go back to a field). */
  onOtherKey?: (e: KeyboardEvent<HTMLUListElement>, index: number) => void;
};

/**
 * A list to pick one item from with the keyboard: the arrows (and Home/End) move the
 * focus from option to option, Enter or Space picks; a click picks too.
 */
export function PickList<T>({ id, label, items, itemKey, optionTestId, optionData, render, onPick, autoFocus, initialIndex = 0, onOtherKey }: Props<T>) {
  const [active, setActive] = useState(initialIndex);
  const options = useRef<(HTMLLIElement | null)[]>([]);
  const at = Math.max(0, Math.min(active, items.length - 1));

  useEffect(() => {
    // A list that arrives late (free times still loading) leaves alone a field someone is typing in.
    if (autoFocus && !inTypingPlace(document.activeElement)) options.current[at]?.focus();
    // Only when the list appears: later the focus follows the keys.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const move = (i: number) => {
    const next = Math.max(0, Math.min(i, items.length - 1));
    setActive(next);
    options.current[next]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const item = items[at];
    if (e.key === 'ArrowDown' && at < items.length - 1) move(at + 1);
    else if (e.key === 'ArrowUp' && at > 0) move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else if ((e.key === 'Enter' || e.key === ' ') && item !== undefined) onPick(item);
    else {
      onOtherKey?.(e, at);
      return;
    }
    e.preventDefault();
  };

  return (
    <ul id={id} role="listbox" aria-label={label} className="pick-list" onKeyDown={onKeyDown}>
      {items.map((item, i) => (
        <li
          key={itemKey(item)}
          id={`${id}-${i}`}
          ref={(el) => {
            options.current[i] = el;
          }}
          role="option"
          tabIndex={i === at ? 0 : -1}
          aria-selected={i === at}
          data-testid={optionTestId}
          {...optionData(item)}
          onFocus={() => setActive(i)}
          onClick={() => onPick(item)}
        >
          {render(item)}
        </li>
      ))}
    </ul>
  );
}
