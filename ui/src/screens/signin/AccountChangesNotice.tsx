import type { AccountChange } from '../../bindings/AccountChange';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/translate';
import { formatDateTime } from '../../time';

type Props = { changes: AccountChange[]; onClose: () => void };

/** Shown once after sign-in: what changed on the person's account since they last signed in, and by whom. */
export function AccountChangesNotice({ changes, onClose }: Props) {
  const { t, lang } = useI18n();
  const line = (c: AccountChange): string => {
    const params = {
      role: c.role ? t(`role.${c.role}`) : '',
      by: c.by ?? t('changes.someone'),
      decidedBy: c.decided_by ?? t('changes.someone'),
      reason: c.reason ?? '',
    };
    const key: MessageKey =
      c.kind === 'role_given' && c.decided_by ? 'changes.role_given_confirmed' : `changes.${c.kind}`;
    return t(key, params);
  };
  return (
    <Dialog title={t('changes.title')} onClose={onClose} testId="account-changes">
      <p>{t('changes.explain')}</p>
      <ul className="account-changes">
        {changes.map((c, i) => (
          <li key={i} data-testid="account-change" data-kind={c.kind}>
            <time dateTime={c.at}>{formatDateTime(c.at, lang)}</time> — {line(c)}
          </li>
        ))}
      </ul>
      <p>{t('changes.notYou')}</p>
      <div className="actions">
        <Button variant="primary" onClick={onClose} testId="account-changes-ok">
          {t('changes.ok')}
        </Button>
      </div>
    </Dialog>
  );
}
