import { useCallback, useState } from 'react';
import { api } from '../../api';
import type { OneTimeCode } from '../../bindings/OneTimeCode';
import type { StaffMember } from '../../bindings/StaffMember';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useLoadedList } from '../../components/useLoadedList';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';
import { OneTimeCodeCard } from './OneTimeCodeCard';
import { ResetPasswordForm } from './ResetPasswordForm';
import { RoleGrantsPanel } from './RoleGrantsPanel';
import { StaffForm } from './StaffForm';

type Mode =
  | { kind: 'add' }
  | { kind: 'edit'; member: StaffMember }
  | { kind: 'reset'; member: StaffMember }
  | { kind: 'code'; member: StaffMember; code: OneTimeCode };

export function StaffScreen() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [mode, setMode] = useState<Mode>({ kind: 'add' });
  const [asking, setAsking] = useState<StaffMember | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const fetch = useCallback(() => api.listStaff(token), [token]);
  const { items: staff, replace, reload } = useLoadedList(fetch, setError);
  // Bumped after every change so the list of role changes waiting reads again.
  const [grantsVersion, setGrantsVersion] = useState(0);
  const changed = () => setGrantsVersion((v) => v + 1);

  const setActive = async (m: StaffMember, active: boolean) => {
    setBusyId(m.id);
    err.clear();
    setNotice(null);
    try {
      const updated = await api.setStaffActive(token, m.id, active);
      replace(updated);
      setNotice(t(active ? 'staff.reactivated' : 'staff.deactivated', { name: updated.full_name }));
    } catch (e) {
      err.setError(e);
    } finally {
      setBusyId(null);
      setAsking(null);
    }
  };

  return (
    <section aria-labelledby="staff-title" className="stack">
      <h1 id="staff-title">{t('staff.title')}</h1>
      {notice ? (
        <Banner tone="success" testId="staff-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {staff === null ? (
        <p>{t('common.loading')}</p>
      ) : staff.length === 0 ? (
        <p>{t('staff.empty')}</p>
      ) : (
        <Table
          caption={t('staff.title')}
          testId="staff-table"
          head={[
            t('staff.col.name'),
            t('staff.col.username'),
            t('staff.col.roles'),
            t('staff.col.active'),
            t('staff.col.lockedUntil'),
            t('staff.col.actions'),
          ]}
        >
          {staff.map((m) => (
            <tr key={m.id} data-testid="staff-row" data-username={m.username} className={m.active ? undefined : 'inactive'}>
              <td>
                {m.full_name}
                {m.waiting_for_password ? (
                  <span className="field-hint" data-testid="staff-waiting-for-password">
                    {' '}
                    ({t('staff.waitingForPassword')})
                  </span>
                ) : null}
              </td>
              <td dir="ltr">{m.username}</td>
              <td data-testid="staff-roles">
                {[
                  ...m.roles.map((r) => t(`role.${r}`)),
                  ...m.pending_roles.map((r) => t('staff.pending', { role: t(`role.${r}`) })),
                ].join(lang === 'ur' ? '، ' : ', ') || t('common.none')}
              </td>
              <td>{m.active ? t('staff.active') : t('staff.inactive')}</td>
              <td>{m.locked_until ? formatDateTime(m.locked_until, lang) : t('common.none')}</td>
              <td className="row-actions">
                <Button
                  variant="quiet"
                  testId={`staff-edit-${m.id}`}
                  aria-label={t('staff.editLabel', { name: m.full_name })}
                  onClick={() => {
                    setNotice(null);
                    setMode({ kind: 'edit', member: m });
                  }}
                >
                  {t('staff.edit')}
                </Button>
                <Button
                  variant="quiet"
                  testId={`staff-reset-${m.id}`}
                  aria-label={t('staff.resetPasswordLabel', { name: m.full_name })}
                  onClick={() => {
                    setNotice(null);
                    setMode({ kind: 'reset', member: m });
                  }}
                >
                  {t('staff.resetPassword')}
                </Button>
                {m.active ? (
                  <Button
                    variant="danger"
                    testId={`staff-toggle-${m.id}`}
                    aria-label={t('staff.deactivateLabel', { name: m.full_name })}
                    busy={busyId === m.id}
                    onClick={() => setAsking(m)}
                  >
                    {t('staff.deactivate')}
                  </Button>
                ) : (
                  <Button
                    testId={`staff-toggle-${m.id}`}
                    aria-label={t('staff.reactivateLabel', { name: m.full_name })}
                    busy={busyId === m.id}
                    onClick={() => void setActive(m, true)}
                  >
                    {t('staff.reactivate')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {asking ? (
        <ConfirmDialog
          testId="deactivate-confirm"
          danger
          message={t('staff.confirmDeactivate', { name: asking.full_name })}
          confirmLabel={t('staff.deactivate')}
          busy={busyId === asking.id}
          onConfirm={() => void setActive(asking, false)}
          onCancel={() => setAsking(null)}
        />
      ) : null}
      <RoleGrantsPanel version={grantsVersion} onDecided={reload} />
      {mode.kind === 'reset' ? (
        <ResetPasswordForm
          key={`reset-${mode.member.id}`}
          member={mode.member}
          onDone={() => {
            setNotice(t('staff.reset.done', { name: mode.member.full_name }));
            setMode({ kind: 'add' });
            reload();
            changed();
          }}
          onCancel={() => setMode({ kind: 'add' })}
        />
      ) : mode.kind === 'code' ? (
        <OneTimeCodeCard
          name={mode.member.full_name}
          username={mode.member.username}
          code={mode.code}
          onDone={() => setMode({ kind: 'add' })}
        />
      ) : (
        <StaffForm
          key={mode.kind === 'edit' ? `edit-${mode.member.id}` : 'add'}
          editing={mode.kind === 'edit' ? mode.member : null}
          onSaved={(m, code) => {
            replace(m);
            changed();
            setNotice(t(code ? 'staff.created' : 'staff.updated', { name: m.full_name }));
            setMode(code ? { kind: 'code', member: m, code } : { kind: 'add' });
          }}
          onCancel={() => setMode({ kind: 'add' })}
        />
      )}
    </section>
  );
}
