import type { ReactNode } from 'react';

type Props = {
  tone: 'error' | 'warning' | 'success' | 'info';
  testId?: string | undefined;
  children: ReactNode;
};

/** Errors and warnings are announced at once (role="alert"); other news politely (role="status"). */
export function Banner({ tone, testId, children }: Props) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
