import type { ReactNode } from 'react';

type Props = {
  tone: 'error' | 'success' | 'info';
  testId?: string | undefined;
  children: ReactNode;
};

/** Errors are announced at once (role="alert"); other news politely (role="status"). */
export function Banner({ tone, testId, children }: Props) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
