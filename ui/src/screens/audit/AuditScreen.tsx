import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api';
import type { AuditRow } from '../../bindings/AuditRow';
import type { StaffMember } from '../../bindings/StaffMember';
import type { VerifyReport } from '../../bindings/VerifyReport';
import { RecordedRestores } from './RecordedRestores';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField } from '../../components/Field';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { isMessageKey } from '../../i18n/translate';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';
import './audit.css';
import { AUDIT_ACTIONS } from './actions';
import { EMPTY_FILTER, toAuditFilter, type FilterForm } from './filter';

/** Emergency access and overridden warnings are what the privacy officer looks for first. */
function standsOut(action: string): string | undefined {
  if (action === 'emergency_access') return 'audit-emergency-row';
  if (action === 'override') return 'audit-override-row';
  return undefined;
}

export function AuditScreen() {
  const { t, lang } = useI18n();
  const { token, can } = useSession();
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTER);
  const [applied, setApplied] = useState<FilterForm>(EMPTY_FILTER);
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [staff, setStaff] = useState<StaffMember[] | 'failed' | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const err = useCommandError(['staff_id', 'patient_id', 'action', 'from', 'to']);
  const verifyErr = useCommandError([]);
  const { setError, clear } = err;
  const staffAllowed = can('manage_staff');

  const load = useCallback(
    async (f: FilterForm, before?: number) => {
      setLoading(true);
      clear();
      try {
        const page = await api.listAudit(token, toAuditFilter(f, before));
        setRows((old) => (before !== undefined && old ? [...old, ...page.rows] : page.rows));
        setNextBefore(page.next_before);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [token, clear, setError],
  );

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the first page loads on opening
    void load(EMPTY_FILTER);
  }, [load]);

  useEffect(() => {
    if (!staffAllowed) return;
    api.listStaff(token).then(setStaff, () => setStaff('failed'));
  }, [staffAllowed, token]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(form);
    void load(form);
  };

  const verify = async () => {
    setVerifying(true);
    setReport(null);
    verifyErr.clear();
    try {
      setReport(await api.verifyAudit(token));
    } catch (e) {
      verifyErr.setError(e);
    } finally {
      setVerifying(false);
    }
  };

  const set = (k: keyof FilterForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const actionLabel = (a: string) => {
    const key = `action.${a}`;
    return isMessageKey(key) ? t(key) : a;
  };

  return (
    <section aria-labelledby="audit-title" className="stack">
      <div className="title-row">
        <h1 id="audit-title">{t('audit.title')}</h1>
        {can('verify_audit_trail') ? (
          <Button variant="primary" busy={verifying} onClick={() => void verify()} testId="audit-verify">
            {verifying ? t('audit.verifying') : t('audit.verify')}
          </Button>
        ) : null}
      </div>
      {verifyErr.banner ? <Banner tone="error">{verifyErr.banner}</Banner> : null}
      {report ? (
        <div
          className={report.ok ? 'banner banner-success' : 'banner banner-error'}
          role={report.ok ? 'status' : 'alert'}
          data-testid="audit-verify-result"
          data-ok={report.ok}
        >
          {report.ok ? (
            t('audit.verifyOk', { count: report.entries_checked })
          ) : (
            <>
              <strong>
                {report.first_bad_seq !== null
                  ? t('audit.verifyBad', { seq: report.first_bad_seq })
                  : t('audit.verifyBadNoSeq')}
              </strong>
              {report.problem ? <> {report.problem}</> : null}
            </>
          )}
        </div>
      ) : null}
      {report?.ok && report.restores.length > 0 ? <RecordedRestores restores={report.restores} /> : null}

      <form className="card filters" onSubmit={submit} noValidate aria-label={t('audit.filters')}>
        {staffAllowed && staff !== 'failed' ? (
          <SelectField id="audit-staff" label={t('audit.filter.staff')} autoFocus value={form.staffId} onChange={set('staffId')} error={err.fieldError('staff_id')}>
            <option value="">{t('audit.filter.anyone')}</option>
            {(staff ?? []).map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.full_name} ({s.username})
              </option>
            ))}
          </SelectField>
        ) : (
          <Field
            id="audit-staff"
            label={t('audit.filter.staffId')}
            autoFocus
            inputMode="numeric"
            dir="ltr"
            value={form.staffId}
            onChange={set('staffId')}
            error={err.fieldError('staff_id')}
          />
        )}
        <Field
          id="audit-patient"
          label={t('audit.filter.patient')}
          inputMode="numeric"
          dir="ltr"
          value={form.patientId}
          onChange={set('patientId')}
          error={err.fieldError('patient_id')}
        />
        <SelectField id="audit-action" label={t('audit.filter.action')} value={form.action} onChange={set('action')} error={err.fieldError('action')}>
          <option value="">{t('audit.filter.anyAction')}</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </SelectField>
        <Field id="audit-from" label={t('audit.filter.from')} type="date" value={form.from} onChange={set('from')} error={err.fieldError('from')} />
        <Field id="audit-to" label={t('audit.filter.to')} type="date" value={form.to} onChange={set('to')} error={err.fieldError('to')} />
        <div className="actions">
          <Button type="submit" variant="primary" busy={loading} testId="audit-apply">
            {t('audit.filter.apply')}
          </Button>
          <Button
            testId="audit-clear"
            onClick={() => {
              setForm(EMPTY_FILTER);
              setApplied(EMPTY_FILTER);
              void load(EMPTY_FILTER);
            }}
          >
            {t('audit.filter.clear')}
          </Button>
        </div>
      </form>

      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {rows === null ? (
        loading ? <p>{t('common.loading')}</p> : null
      ) : rows.length === 0 ? (
        <p data-testid="audit-empty">{t('audit.empty')}</p>
      ) : (
        <Table
          caption={t('audit.title')}
          testId="audit-table"
          head={[
            t('audit.col.seq'),
            t('audit.col.at'),
            t('audit.col.staff'),
            t('audit.col.workstation'),
            t('audit.col.action'),
            t('audit.col.entity'),
            t('audit.col.entityId'),
            t('audit.col.patient'),
            t('audit.col.summary'),
          ]}
        >
          {rows.map((r) => (
            <tr key={r.seq} data-testid="audit-row" data-action={r.action} data-seq={r.seq} className={standsOut(r.action)}>
              <td className="num">{r.seq}</td>
              <td className="nowrap">{formatDateTime(r.at, lang)}</td>
              <td>{r.staff_name ?? (r.staff_id !== null ? `#${r.staff_id}` : t('audit.system'))}</td>
              <td dir="ltr">{r.workstation}</td>
              <td>
                {r.action === 'emergency_access' ? (
                  <span className="audit-tag audit-tag-emergency" data-testid="audit-emergency">
                    {t('audit.tag.emergency')}
                  </span>
                ) : r.action === 'override' ? (
                  <span className="audit-tag audit-tag-override" data-testid="audit-override">
                    {t('audit.tag.override')}
                  </span>
                ) : null}{' '}
                {actionLabel(r.action)}
              </td>
              <td dir="ltr">{r.entity}</td>
              <td dir="ltr">{r.entity_id ?? t('common.none')}</td>
              <td className="num">{r.patient_id ?? t('common.none')}</td>
              <td>{r.summary}</td>
            </tr>
          ))}
        </Table>
      )}
      {nextBefore !== null ? (
        <div className="actions">
          <Button busy={loading} onClick={() => void load(applied, nextBefore)} testId="audit-load-more">
            {t('audit.loadMore')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
