import { useEffect, useState } from 'react';
import { api, toAppError } from '../../api';
import type { RoleGrant } from '../../bindings/RoleGrant';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, TextAreaField } from '../../components/Field';
import { Table } from '../../components/Table';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';

type Props = {
  /** Read the list again when this changes (the staff screen bumps it after each change). */
  version?: number;
  onDecided?: () => void;
  /** The privacy officer's own screen (with its title, and shown when empty). */
  standalone?: boolean;
};

type Acting = { grant: RoleGrant; kind: 'decline' | 'key' };

/**
 * Clinical and privacy-officer roles waiting for a second person. The privacy officer
 * confirms or declines (never their own request or their own role); the administrator
 * sees them, and confirms the clinic's only privacy officer with the recovery key.
 */
export function RoleGrantsPanel({ version = 0, onDecided, standalone = false }: Props) {
  const { t, lang } = useI18n();
  const { token, can } = useSession();
  const [grants, setGrants] = useState<RoleGrant[] | null>(null);
  const [round, setRound] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [acting, setActing] = useState<Acting | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    api.listRoleGrants(token).then(
      (list) => {
        if (live) setGrants(list);
      },
      (e: unknown) => {
        if (live) setError(toAppError(e).message || t('common.errorUnknown'));
      },
    );
    return () => {
      live = false;
    };
  }, [token, version, round, t]);

  const decided = (g: RoleGrant, key: 'grants.confirmed' | 'grants.declined') => {
    setNotice(t(key, { role: t(`role.${g.role}`), name: g.staff_name }));
    setActing(null);
    setRound((r) => r + 1);
    onDecided?.();
  };

  const confirm = async (g: RoleGrant) => {
    setBusyId(g.id);
    setError(null);
    setNotice(null);
    try {
      decided(await api.confirmRoleGrant(token, g.id), 'grants.confirmed');
    } catch (e) {
      setError(toAppError(e).message || t('common.errorUnknown'));
    } finally {
      setBusyId(null);
    }
  };

  if (grants === null && !error) return standalone ? <p>{t('common.loading')}</p> : null;
  const list = grants ?? [];
  if (!standalone && list.length === 0 && !error) return null;
  const Heading = standalone ? 'h1' : 'h2';

  return (
    <section aria-labelledby="grants-title" className="stack" data-testid="role-grants">
      <Heading id="grants-title">{t(standalone ? 'grants.title' : 'grants.adminTitle')}</Heading>
      <p>{t('grants.explain')}</p>
      {notice ? (
        <Banner tone="success" testId="grants-notice">
          {notice}
        </Banner>
      ) : null}
      {error ? <Banner tone="error">{error}</Banner> : null}
      {list.length === 0 ? (
        <p>{t('grants.empty')}</p>
      ) : (
        <Table
          caption={t('grants.title')}
          testId="grants-table"
          head={[
            t('grants.col.person'),
            t('grants.col.role'),
            t('grants.col.givenBy'),
            t('grants.col.state'),
            t('grants.col.actions'),
          ]}
        >
          {list.map((g) => (
            <tr key={g.id} data-testid="grant-row" data-username={g.username} data-state={g.state}>
              <td>
                {g.staff_name} <span dir="ltr">({g.username})</span>
              </td>
              <td>
                {t(`role.${g.role}`)}
                {g.cause === 'password_reset' ? <div className="field-hint">{t('grants.cause.password_reset')}</div> : null}
              </td>
              <td>
                {g.requested_by}
                <div className="field-hint">{formatDateTime(g.requested_at, lang)}</div>
              </td>
              <td>
                {t(`grants.state.${g.state}`)}
                {g.decided_by && g.state !== 'pending' ? (
                  <div className="field-hint">
                    {t(g.with_recovery_key ? 'grants.withKeyBy' : 'grants.decidedBy', { name: g.decided_by })}
                  </div>
                ) : null}
                {g.decline_reason ? <div className="field-hint">{g.decline_reason}</div> : null}
                {g.state === 'pending' && g.waiting_for_password ? (
                  <div className="field-hint">{t('grants.waitingForPassword')}</div>
                ) : null}
              </td>
              <td className="row-actions">
                {g.state === 'pending' && g.may_decide ? (
                  <>
                    <Button
                      variant="primary"
                      testId={`grant-confirm-${g.id}`}
                      aria-label={t('grants.confirmLabel', { role: t(`role.${g.role}`), name: g.staff_name })}
                      busy={busyId === g.id}
                      disabled={g.waiting_for_password}
                      onClick={() => void confirm(g)}
                    >
                      {t('grants.confirm')}
                    </Button>
                    <Button
                      variant="danger"
                      testId={`grant-decline-${g.id}`}
                      aria-label={t('grants.declineLabel', { role: t(`role.${g.role}`), name: g.staff_name })}
                      onClick={() => setActing({ grant: g, kind: 'decline' })}
                    >
                      {t('grants.decline')}
                    </Button>
                  </>
                ) : null}
                {g.state === 'pending' && g.recovery_key_confirms && can('manage_staff') ? (
                  <Button
                    testId={`grant-key-${g.id}`}
                    disabled={g.waiting_for_password}
                    onClick={() => setActing({ grant: g, kind: 'key' })}
                  >
                    {t('grants.withKey')}
                  </Button>
                ) : null}
                {g.state === 'pending' && !g.may_decide && !g.recovery_key_confirms ? (
                  <span className="field-hint">{t('grants.notYours')}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {acting?.kind === 'decline' ? (
        <DeclineForm
          key={`decline-${acting.grant.id}`}
          grant={acting.grant}
          onDone={(g) => decided(g, 'grants.declined')}
          onCancel={() => setActing(null)}
        />
      ) : null}
      {acting?.kind === 'key' ? (
        <RecoveryKeyForm
          key={`key-${acting.grant.id}`}
          grant={acting.grant}
          onDone={(g) => decided(g, 'grants.confirmed')}
          onCancel={() => setActing(null)}
        />
      ) : null}
    </section>
  );
}

type FormProps = { grant: RoleGrant; onDone: (g: RoleGrant) => void; onCancel: () => void };

function DeclineForm({ grant, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const { token } = useSession();
  const [reason, setReason] = useState('');
  const { busy, err, onSubmit } = useSubmit(['reason'], async () =>
    onDone(await api.declineRoleGrant(token, grant.id, reason)),
  );
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="decline-title" data-testid="grant-decline-form">
      <h2 id="decline-title">{t('grants.declineLabel', { role: t(`role.${grant.role}`), name: grant.staff_name })}</h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <TextAreaField
        id="grant-decline-reason"
        label={t('grants.reason')}
        autoFocus
        required
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={err.fieldError('reason')}
      />
      <div className="actions">
        <Button type="submit" variant="danger" busy={busy} testId="grant-decline-submit">
          {t('grants.declineSubmit')}
        </Button>
        <Button onClick={onCancel} testId="grant-decline-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function RecoveryKeyForm({ grant, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const { token } = useSession();
  const [key, setKey] = useState('');
  const { busy, err, onSubmit } = useSubmit(['recovery_key'], async () => {
    const g = await api.confirmRoleGrantWithRecoveryKey(token, grant.id, key);
    setKey('');
    onDone(g);
  });
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="grant-key-title" data-testid="grant-key-form">
      <h2 id="grant-key-title">{t('grants.withKey')}</h2>
      <p>{t('grants.keyExplain', { name: grant.staff_name })}</p>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <Field
        id="grant-recovery-key"
        label={t('grants.keyLabel')}
        hint={t('unlock.keyHint')}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        dir="ltr"
        autoFocus
        required
        value={key}
        onChange={(e) => setKey(e.target.value)}
        error={err.fieldError('recovery_key')}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="grant-key-submit">
          {t('grants.keySubmit')}
        </Button>
        <Button onClick={onCancel} testId="grant-key-cancel">
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
