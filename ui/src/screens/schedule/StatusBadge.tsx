import type { Appointment } from '../../bindings/Appointment';
import { useI18n } from '../../i18n/context';
import { isLate } from './status';

/** The status in words and colour; a late patient says "late" too, never by colour alone. */
export function StatusBadge({ appointment: a, now }: { appointment: Appointment; now: number }) {
  const { t } = useI18n();
  const late = isLate(a, now);
  return (
    <span className={['status', `status-${a.status}`, late ? 'status-late' : null].filter(Boolean).join(' ')} data-testid="status-badge">
      {late ? t('status.late') : t(`status.${a.status}`)}
    </span>
  );
}
