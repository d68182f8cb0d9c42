import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/context';
import { Button } from './Button';

type Props = {
  message: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
  /** data-testid of the buttons; `<testId>-yes` and `<testId>-no` unless given. */
  confirmTestId?: string;
  cancelTestId?: string;
};

/** An in-page confirmation (no native dialog, so it is styled, translated and drivable by tests). */
export function ConfirmDialog({
  message,
  confirmLabel,
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
  testId = 'confirm',
  confirmTestId,
  cancelTestId,
}: Props) {
  const { t } = useI18n();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${testId}-message`}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p id={`${testId}-message`}>{message}</p>
      <div className="actions">
        <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm} testId={confirmTestId ?? `${testId}-yes`}>
          {confirmLabel}
        </Button>
        <Button ref={cancelRef} onClick={onCancel} testId={cancelTestId ?? `${testId}-no`}>
          {t('common.cancel')}
        </Button>
      </div>
    </div>
  );
}
