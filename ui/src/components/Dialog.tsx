import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/context';
import { Button } from './Button';

type Props = {
  title: string;
  onClose: () => void;
  testId: string;
  children: ReactNode;
  /** Wider for the booking panel. */
  wide?: boolean;
};

/**
 * An in-page modal panel: Escape or the close button shuts it, and the focus goes
 * back to where it was. The screen behind it is made `inert` by its owner.
 */
export function Dialog({ title, onClose, testId, children, wide = false }: Props) {
  const { t } = useI18n();
  const panel = useRef<HTMLDivElement>(null);
  const titleId = `${testId}-title`;

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // The panel's own content may focus a field first (autoFocus); only take the focus if nothing inside has it.
    if (panel.current && !panel.current.contains(document.activeElement)) panel.current.focus();
    return () => {
      if (before && before.isConnected) before.focus();
    };
  }, []);

  return (
    <div className="dialog-backdrop">
      <div
        ref={panel}
        className={wide ? 'dialog dialog-wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !e.defaultPrevented) {
            e.preventDefault();
            onClose();
          }
        }}
      >
        <div className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <Button variant="quiet" onClick={onClose} testId={`${testId}-close`}>
            {t('common.close')}
          </Button>
        </div>
        {children}
      </div>
    </div>
  );
}
