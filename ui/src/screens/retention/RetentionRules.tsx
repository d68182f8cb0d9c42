import '../rights/rights.css';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { CountedFrom } from '../../bindings/CountedFrom';
import type { RetentionRule } from '../../bindings/RetentionRule';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField } from '../../components/Field';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { BackupReachNote } from './BackupReachNote';
import { useSession } from '../../session';
import { formatWhen } from '../../time';

const COUNTED_FROM: readonly CountedFrom[] = [
  'last_visit',
  'last_visit_or_adulthood',
  'record_created',
  'with_other_records',
  'kept_always',
];

/** The administrator's retention rules: how long each kind of record is kept, counted from which event. */
export function RetentionRules() {
  const { t } = useI18n();
  const { token } = useSession();
  const [rules, setRules] = useState<RetentionRule[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const load = useCallback(async () => {
    try {
      setRules(await api.retentionRules(token));
    } catch (e) {
      setError(e);
    }
  }, [token, setError]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- loading the rules is the effect
    void load();
  }, [load]);

  return (
    <section aria-labelledby="rules-title" className="stack">
      <h1 id="rules-title">{t('rules.title')}</h1>
      <p className="muted">{t('rules.intro')}</p>
      <BackupReachNote />
      {notice ? (
        <Banner tone="success" testId="rules-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="rules-error">
          {err.banner}
        </Banner>
      ) : null}
      {rules === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : (
        rules.map((r) => (
          <RuleForm
            key={`${r.kind}-${r.updated_at}`}
            rule={r}
            onSaved={(all) => {
              setRules(all);
              setNotice(t('rules.saved', { kind: t(`retention.kind.${r.kind}`) }));
            }}
          />
        ))
      )}
    </section>
  );
}

function RuleForm({ rule, onSaved }: { rule: RetentionRule; onSaved: (all: RetentionRule[]) => void }) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [years, setYears] = useState(String(rule.period_years));
  const [months, setMonths] = useState(String(rule.period_months));
  const [from, setFrom] = useState<string>(rule.counted_from);
  const fixed = rule.kind === 'audit_trail';
  const submit = useSubmit(['kind', 'period_years', 'period_months', 'counted_from'], async () => {
    onSaved(
      await api.setRetentionRule(token, {
        kind: rule.kind,
        // A box left empty or not a number is sent as -1, so the back end names the box.
        period_years: years.trim() === '' || Number.isNaN(Number(years)) ? -1 : Math.trunc(Number(years)),
        period_months: months.trim() === '' || Number.isNaN(Number(months)) ? -1 : Math.trunc(Number(months)),
        counted_from: from,
      }),
    );
  });
  const p = `rule-${rule.kind}`;
  return (
    <form className="card stack" data-testid="rule-row" data-kind={rule.kind} onSubmit={(e) => void submit.onSubmit(e)} noValidate>
      <h2>{t(`retention.kind.${rule.kind}`)}</h2>
      {fixed ? (
        <p data-testid={`${p}-fixed`}>{t('rules.auditFixed')}</p>
      ) : (
        <>
          <div className="form-row">
            <Field
              id={`${p}-years`}
              label={t('rules.years')}
              inputMode="numeric"
              dir="ltr"
              value={years}
              onChange={(e) => setYears(e.target.value)}
              error={submit.err.fieldError('period_years')}
            />
            <Field
              id={`${p}-months`}
              label={t('rules.months')}
              inputMode="numeric"
              dir="ltr"
              value={months}
              onChange={(e) => setMonths(e.target.value)}
              error={submit.err.fieldError('period_months')}
            />
            <SelectField
              id={`${p}-from`}
              label={t('rules.countedFrom')}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              error={submit.err.fieldError('counted_from') ?? submit.err.fieldError('kind')}
            >
              {COUNTED_FROM.map((c) => (
                <option key={c} value={c}>
                  {t(`rules.from.${c}`)}
                </option>
              ))}
            </SelectField>
          </div>
          {submit.err.banner ? <Banner tone="error">{submit.err.banner}</Banner> : null}
          <div className="actions">
            <Button type="submit" variant="primary" testId={`${p}-save`} busy={submit.busy}>
              {t('common.save')}
            </Button>
          </div>
        </>
      )}
      <p className="muted">
        {rule.updated_by_name
          ? t('rules.updatedBy', { name: rule.updated_by_name, when: formatWhen(rule.updated_at, lang) })
          : t('rules.default')}
      </p>
    </form>
  );
}
