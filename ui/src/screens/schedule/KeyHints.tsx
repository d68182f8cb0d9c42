import type { ReactNode } from 'react';

/** A line of keyboard hints: each key in a <kbd>, then what it does. */
export function KeyHints({ hints, label, testId }: { hints: [string[], ReactNode][]; label: string; testId?: string }) {
  return (
    <ul className="key-hints" aria-label={label} data-testid={testId}>
      {hints.map(([keys, what]) => (
        <li key={keys.join('+')}>
          {keys.map((k, i) => (
            <kbd key={i} dir="ltr">
              {k}
            </kbd>
          ))}{' '}
          {what}
        </li>
      ))}
    </ul>
  );
}
