import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { StaffMember } from '../../bindings/StaffMember';
import type { WorkingHours } from '../../bindings/WorkingHours';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { WEEKDAYS } from './format';

type Row = { key: number; weekday: number; starts: string; ends: string };

let lastKey = 0;
const newKey = () => ++lastKey;

const toRows = (hours: WorkingHours[]): Row[] =>
  hours.map((h) => ({ key: newKey(), weekday: Number(h.weekday), starts: h.starts, ends: h.ends }));

/** The week of one practitioner: one row per period worked; saving replaces the whole week. */
export function WeekEditor({ member }: { member: StaffMember }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const loadErr = useCommandError([]);
  const { setError } = loadErr;

  useEffect(() => {
    let live = true;
    api.getWorkingHours(token, member.id).then(
      (h) => {
        if (live) setRows(toRows(h));
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [token, member.id, setError]);

  const fields = (rows ?? []).flatMap((_, i) => [`hours.${i}.weekday`, `hours.${i}.starts`, `hours.${i}.ends`]);
  const { busy, err, onSubmit } = useSubmit(fields, async () => {
    setNotice(null);
    const saved = await api.setWorkingHours(
      token,
      member.id,
      (rows ?? []).map(({ weekday, starts, ends }) => ({ weekday, starts, ends })),
    );
    setRows(toRows(saved));
    setNotice(t('catalogue.hours.saved'));
  });

  const update = (key: number, change: Partial<Row>) =>
    setRows((old) => (old ? old.map((r) => (r.key === key ? { ...r, ...change } : r)) : old));

  const add = () =>
    setRows((old) => {
      const list = old ?? [];
      const last = list.at(-1);
      const weekday = last ? (last.weekday % 7) + 1 : 1;
      return [...list, { key: newKey(), weekday, starts: last?.starts ?? '09:00', ends: last?.ends ?? '17:00' }];
    });

  if (loadErr.banner) return <Banner tone="error">{loadErr.banner}</Banner>;
  if (rows === null) return <p>{t('common.loading')}</p>;

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="hours-week-title" data-testid="hours-form">
      <h3 id="hours-week-title">{t('catalogue.hours.week', { name: member.full_name })}</h3>
      {notice ? (
        <Banner tone="success" testId="hours-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {rows.length === 0 ? <p className="muted">{t('catalogue.hours.weekEmpty')}</p> : null}
      <ol className="hours-rows">
        {rows.map((r, i) => (
          <li key={r.key} className="hours-row" data-testid="hours-row">
            <SelectField
              id={`hours-day-${i}`}
              label={t('catalogue.hours.day')}
              value={String(r.weekday)}
              onChange={(e) => update(r.key, { weekday: Number(e.target.value) })}
              error={err.fieldError(`hours.${i}.weekday`)}
            >
              {WEEKDAYS.map((d) => (
                <option key={d.day} value={d.day}>
                  {t(d.label)}
                </option>
              ))}
            </SelectField>
            <Field
              id={`hours-starts-${i}`}
              label={t('catalogue.hours.starts')}
              type="time"
              dir="ltr"
              required
              value={r.starts}
              onChange={(e) => update(r.key, { starts: e.target.value })}
              error={err.fieldError(`hours.${i}.starts`)}
            />
            <Field
              id={`hours-ends-${i}`}
              label={t('catalogue.hours.ends')}
              type="time"
              dir="ltr"
              required
              value={r.ends}
              onChange={(e) => update(r.key, { ends: e.target.value })}
              error={err.fieldError(`hours.${i}.ends`)}
            />
            <Button
              variant="quiet"
              className="hours-remove"
              testId={`hours-remove-${i}`}
              aria-label={t('catalogue.hours.removeLabel', { n: i + 1 })}
              onClick={() => setRows((old) => (old ? old.filter((x) => x.key !== r.key) : old))}
            >
              {t('catalogue.hours.remove')}
            </Button>
          </li>
        ))}
      </ol>
      <div className="actions">
        <Button onClick={add} testId="hours-add">
          {t('catalogue.hours.add')}
        </Button>
        <Button type="submit" variant="primary" busy={busy} testId="hours-save">
          {t('catalogue.hours.save')}
        </Button>
      </div>
    </form>
  );
}
