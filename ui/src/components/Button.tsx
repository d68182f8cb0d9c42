import type { ComponentProps } from 'react';

type Props = ComponentProps<'button'> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'quiet';
  busy?: boolean;
  testId?: string;
};

/** A button that is `type="button"` unless told otherwise, so only the intended one submits a form. */
export function Button({ variant = 'secondary', busy = false, testId, type = 'button', className, disabled, children, ...rest }: Props) {
  return (
    <button
      type={type}
      className={['btn', `btn-${variant}`, className].filter(Boolean).join(' ')}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      data-testid={testId}
      {...rest}
    >
      {children}
    </button>
  );
}
