import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { StaffMember } from '../../bindings/StaffMember';
import { Banner } from '../../components/Banner';
import { SelectField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { CLINICAL_ROLES } from './format';
import { TimeOffPanel } from './TimeOffPanel';
import { WeekEditor } from './WeekEditor';

/** Picks an active practitioner, then edits their week and time off. */
export function HoursPanel() {
  const { t } = useI18n();
  const { token } = useSession();
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const load = useCallback(async () => {
    try {
      const all = await api.listStaff(token);
      setStaff(all.filter((m) => m.active && m.roles.some((r) => CLINICAL_ROLES.includes(r))));
    } catch (e) {
      setError(e);
    }
  }, [token, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the list is the effect
    void load();
  }, [load]);

  const member = staff?.find((m) => m.id === chosen) ?? null;

  return (
    <section aria-labelledby="hours-title" className="stack">
      <h2 id="hours-title">{t('catalogue.hours')}</h2>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {staff === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : staff.length === 0 ? (
        <p>{t('catalogue.hours.noPractitioners')}</p>
      ) : (
        <SelectField
          id="hours-practitioner"
          label={t('catalogue.hours.practitioner')}
          className="practitioner-pick"
          value={chosen === null ? '' : String(chosen)}
          onChange={(e) => setChosen(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">{t('catalogue.hours.choose')}</option>
          {staff.map((m) => (
            <option key={m.id} value={m.id}>
              {m.full_name}
            </option>
          ))}
        </SelectField>
      )}
      {member ? (
        <div key={member.id} className="stack">
          <WeekEditor member={member} />
          <TimeOffPanel member={member} />
        </div>
      ) : null}
    </section>
  );
}
