import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { StaffMember } from '../../bindings/StaffMember';
import type { TimeOff } from '../../bindings/TimeOff';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';

/** A practitioner's time off, shown in clinic time, and a form to add a period. */
export function TimeOffPanel({ member }: { member: StaffMember }) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [list, setList] = useState<TimeOff[] | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const loadErr = useCommandError([]);
  const { setError } = loadErr;

  useEffect(() => {
    let live = true;
    api.listTimeOff(token, member.id).then(
      (l) => {
        if (live) setList(l);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [token, member.id, setError]);

  const { busy, err, onSubmit } = useSubmit(['from', 'to', 'reason'], async () => {
    const r = reason.trim();
    setList(await api.addTimeOff(token, member.id, { from, to, reason: r === '' ? null : r }));
    setFrom('');
    setTo('');
    setReason('');
  });

  return (
    <section aria-labelledby="timeoff-title" className="stack">
      <h3 id="timeoff-title">{t('catalogue.timeoff', { name: member.full_name })}</h3>
      {loadErr.banner ? <Banner tone="error">{loadErr.banner}</Banner> : null}
      {list === null ? (
        loadErr.banner ? null : <p>{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('catalogue.timeoff.empty')}</p>
      ) : (
        <Table
          caption={t('catalogue.timeoff', { name: member.full_name })}
          testId="timeoff-table"
          head={[t('catalogue.timeoff.col.from'), t('catalogue.timeoff.col.to'), t('catalogue.timeoff.col.reason')]}
        >
          {list.map((o) => (
            <tr key={o.id} data-testid="timeoff-row" data-id={o.id}>
              <td>{formatDateTime(o.starts_at, lang)}</td>
              <td>{formatDateTime(o.ends_at, lang)}</td>
              <td>{o.reason ?? t('common.none')}</td>
            </tr>
          ))}
        </Table>
      )}
      <form className="card" onSubmit={onSubmit} noValidate aria-label={t('catalogue.timeoff.add')} data-testid="timeoff-form">
        {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
        <div className="catalogue-grid">
          <Field
            id="timeoff-from"
            label={t('catalogue.timeoff.from')}
            type="datetime-local"
            dir="ltr"
            required
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            error={err.fieldError('from')}
          />
          <Field
            id="timeoff-to"
            label={t('catalogue.timeoff.to')}
            type="datetime-local"
            dir="ltr"
            required
            value={to}
            onChange={(e) => setTo(e.target.value)}
            error={err.fieldError('to')}
          />
          <Field
            id="timeoff-reason"
            label={t('catalogue.timeoff.reason')}
            autoComplete="off"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={err.fieldError('reason')}
          />
        </div>
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy} testId="timeoff-add">
            {t('catalogue.timeoff.add')}
          </Button>
        </div>
      </form>
    </section>
  );
}
