import { useState } from 'react';
import { api } from '../../api';
import type { BackupPolicy } from '../../bindings/BackupPolicy';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/translate';
import { useSession } from '../../session';

type NumberKey = Exclude<keyof BackupPolicy, 'extra_folders'>;
const NUMBERS: [NumberKey, MessageKey, MessageKey | null][] = [
  ['every_hours', 'backups.policy.everyHours', 'backups.policy.everyHoursHint'],
  ['keep_all_hours', 'backups.policy.keepAllHours', null],
  ['daily_days', 'backups.policy.dailyDays', null],
  ['weekly_weeks', 'backups.policy.weeklyWeeks', null],
  ['monthly_months', 'backups.policy.monthlyMonths', null],
  ['max_age_days', 'backups.policy.maxAgeDays', 'backups.policy.maxAgeDaysHint'],
];
const FIELDS = [...NUMBERS.map(([k]) => k), 'extra_folders'];

type Draft = Record<NumberKey, string> & { folders: [string, string] };

const toDraft = (p: BackupPolicy): Draft => ({
  every_hours: String(p.every_hours),
  keep_all_hours: String(p.keep_all_hours),
  daily_days: String(p.daily_days),
  weekly_weeks: String(p.weekly_weeks),
  monthly_months: String(p.monthly_months),
  max_age_days: String(p.max_age_days),
  folders: [p.extra_folders[0] ?? '', p.extra_folders[1] ?? ''],
});

// The server checks every range; a non-number goes as 0 so it can say so in its words.
const num = (s: string) => Math.trunc(Number(s.trim())) || 0;

/** How often, where, and for how long backups are kept (administrator). */
export function PolicyForm({ policy, onSaved }: { policy: BackupPolicy; onSaved: () => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [draft, setDraft] = useState<Draft>(() => toDraft(policy));
  const [saved, setSaved] = useState(false);
  const { busy, err, onSubmit } = useSubmit(FIELDS, async () => {
    setSaved(false);
    const p = await api.setBackupPolicy(token, {
      every_hours: num(draft.every_hours),
      keep_all_hours: num(draft.keep_all_hours),
      daily_days: num(draft.daily_days),
      weekly_weeks: num(draft.weekly_weeks),
      monthly_months: num(draft.monthly_months),
      max_age_days: num(draft.max_age_days),
      extra_folders: draft.folders.map((f) => f.trim()).filter((f) => f !== ''),
    });
    setDraft(toDraft(p));
    setSaved(true);
    onSaved();
  });
  const foldersError = err.fieldError('extra_folders');

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="policy-title">
      <h2 id="policy-title">{t('backups.policy.title')}</h2>
      {saved ? <Banner tone="success">{t('backups.policy.saved')}</Banner> : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="policy-grid">
        {NUMBERS.map(([key, label, hint]) => (
          <Field
            key={key}
            id={`policy-${key.replaceAll('_', '-')}`}
            label={t(label)}
            hint={hint ? t(hint) : undefined}
            inputMode="numeric"
            dir="ltr"
            value={draft[key]}
            onChange={(e) => {
              setSaved(false);
              setDraft({ ...draft, [key]: e.target.value });
            }}
            error={err.fieldError(key)}
          />
        ))}
      </div>
      <fieldset className={foldersError ? 'field-invalid' : undefined}>
        <legend>{t('backups.policy.folders')}</legend>
        <p className="field-hint">{t('backups.policy.foldersHint')}</p>
        {([0, 1] as const).map((i) => (
          <Field
            key={i}
            id={`policy-folder-${i + 1}`}
            label={t('backups.policy.folder', { n: i + 1 })}
            dir="ltr"
            spellCheck={false}
            autoComplete="off"
            value={draft.folders[i]}
            aria-invalid={foldersError ? true : undefined}
            onChange={(e) => {
              setSaved(false);
              const folders: [string, string] = [...draft.folders];
              folders[i] = e.target.value;
              setDraft({ ...draft, folders });
            }}
          />
        ))}
        {foldersError ? (
          <p className="field-error" role="alert" data-testid="policy-folders-error">
            {foldersError}
          </p>
        ) : null}
      </fieldset>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="policy-save">
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
