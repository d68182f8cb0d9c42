type Props = {
  done: number;
  total: number;
  label: string;
  testId?: string;
};

/** A determinate progress bar for long work; the numbers are also written out for screen readers. */
export function ProgressBar({ done, total, label, testId }: Props) {
  const max = Math.max(total, 1);
  const value = Math.min(done, max);
  return (
    <div className="progress">
      <progress max={max} value={value} aria-label={label} data-testid={testId} data-done={done} data-total={total} />
      <span className="progress-words" aria-live="polite">
        {done} / {total}
      </span>
    </div>
  );
}
