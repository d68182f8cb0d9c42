import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

type Described = {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
};

type ShellProps = {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: string | undefined;
  /** data-testid of the error message; defaults to `<id>-error`. */
  errorTestId?: string | undefined;
  className?: string | undefined;
  children: (described: Described) => ReactNode;
};

/** A label, an optional hint and the error for one named field, wired with aria attributes. */
export function FieldShell({ id, label, error, hint, errorTestId, className, children }: ShellProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={['field', error ? 'field-invalid' : null, className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error ? (
        <p id={errorId} className="field-error" role="alert" data-testid={errorTestId ?? errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Common = {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: string | undefined;
  errorTestId?: string | undefined;
};

export type FieldProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>;

/** A labelled text input; its id is also its data-testid. */
export function Field({ id, label, error, hint, errorTestId, ...input }: FieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} errorTestId={errorTestId}>
      {(d) => <input data-testid={id} {...input} {...d} />}
    </FieldShell>
  );
}

export type TextAreaFieldProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>;

export function TextAreaField({ id, label, error, hint, errorTestId, ...area }: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} errorTestId={errorTestId}>
      {(d) => <textarea data-testid={id} {...area} {...d} />}
    </FieldShell>
  );
}

export type SelectFieldProps = Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>;

export function SelectField({ id, label, error, hint, errorTestId, children, ...select }: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} errorTestId={errorTestId}>
      {(d) => (
        <select data-testid={id} {...select} {...d}>
          {children}
        </select>
      )}
    </FieldShell>
  );
}
