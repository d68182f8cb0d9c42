import { useState } from 'react';
import { api } from '../../api';
import type { Role } from '../../bindings/Role';
import type { OneTimeCode } from '../../bindings/OneTimeCode';
import type { StaffMember } from '../../bindings/StaffMember';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { ALL_ROLES, isSensitive } from './roles';

type Props = {
  /** The person being edited; absent when adding. */
  editing: StaffMember | null;
  /** `code` is the new account's one-time code, to show once. */
  onSaved: (m: StaffMember, code: OneTimeCode | null) => void;
  onCancel: () => void;
};

/**
 * Adds a staff member (name, user name, roles; they choose their own password with a
 * one-time code) or edits one (name, roles). Clinical and privacy-officer roles wait for
 * the privacy officer, and are not offered to an administrator on their own account.
 */
export function StaffForm({ editing, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { token, me } = useSession();
  const [fullName, setFullName] = useState(editing?.full_name ?? '');
  const [username, setUsername] = useState('');
  const [roles, setRoles] = useState<Role[]>(
    editing ? ALL_ROLES.filter((r) => editing.roles.includes(r) || editing.pending_roles.includes(r)) : [],
  );
  const own = editing !== null && editing.id === me.id;
  // On one's own account a sensitive role can only be taken off, never added.
  const offered = ALL_ROLES.filter(
    (r) => !own || !isSensitive(r) || editing?.roles.includes(r) || editing?.pending_roles.includes(r),
  );
  const { busy, err, onSubmit } = useSubmit(
    editing ? ['full_name', 'roles'] : ['full_name', 'username', 'roles'],
    async () => {
      if (editing) {
        onSaved(await api.updateStaff(token, { id: editing.id, full_name: fullName.trim(), roles }), null);
      } else {
        const made = await api.createStaff(token, { full_name: fullName.trim(), username: username.trim(), roles });
        setFullName('');
        setUsername('');
        setRoles([]);
        onSaved(made.member, made.code);
      }
    },
  );
  const rolesError = err.fieldError('roles');

  const toggle = (r: Role, on: boolean) =>
    setRoles((old) => (on ? ALL_ROLES.filter((x) => x === r || old.includes(x)) : old.filter((x) => x !== r)));

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="staff-form-title" data-testid="staff-form">
      <h2 id="staff-form-title">
        {editing ? t('staff.form.editTitle', { name: editing.full_name }) : t('staff.form.addTitle')}
      </h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <Field
        id="staff-full-name"
        label={t('person.fullName')}
        autoComplete="off"
        required
        autoFocus
        value={fullName}
        onChange={(e) => setFullName(e.target.value)}
        error={err.fieldError('full_name')}
      />
      {editing ? null : (
        <>
          <Field
            id="staff-username"
            label={t('person.username')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={err.fieldError('username')}
          />
          <p className="field-hint" data-testid="staff-code-hint">
            {t('staff.form.codeHint')}
          </p>
        </>
      )}
      <fieldset
        className={rolesError ? 'roles field-invalid' : 'roles'}
        aria-describedby={rolesError ? 'staff-roles-error' : 'staff-roles-hint'}
      >
        <legend>{t('staff.form.roles')}</legend>
        <p id="staff-roles-hint" className="field-hint">
          {t('staff.form.rolesHint')} {t(own ? 'staff.form.sensitiveOwnHint' : 'staff.form.sensitiveHint')}
        </p>
        {offered.map((r) => (
          <div className="check" key={r}>
            <input
              type="checkbox"
              id={`staff-role-${r}`}
              data-testid={`staff-role-${r}`}
              checked={roles.includes(r)}
              onChange={(e) => toggle(r, e.target.checked)}
            />
            <label htmlFor={`staff-role-${r}`}>
              {editing?.pending_roles.includes(r) ? t('staff.pending', { role: t(`role.${r}`) }) : t(`role.${r}`)}
            </label>
          </div>
        ))}
        {rolesError ? (
          <p id="staff-roles-error" className="field-error" role="alert" data-testid="staff-roles-error">
            {rolesError}
          </p>
        ) : null}
      </fieldset>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="staff-save">
          {t('common.save')}
        </Button>
        {editing ? (
          <Button onClick={onCancel} testId="staff-cancel">
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
