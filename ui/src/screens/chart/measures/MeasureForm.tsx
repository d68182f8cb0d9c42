import { useState } from 'react';
import { api } from '../../../api';
import type { InstrumentInfo } from '../../../bindings/InstrumentInfo';
import type { Measure } from '../../../bindings/Measure';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { clinicToday } from '../../../time';
import { useChart } from '../ChartContext';
import { asksHowOften, frequencyKey, itemKey, stemKey } from './wording';

type Props = {
  info: InstrumentInfo;
  onSaved: (m: Measure) => void;
  onCancel: () => void;
};

type Activity = { activity: string; score: string };

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A form taken item by item (PHQ-9, GAD-7, NPRS) or activity by activity (PSFS). */
export function MeasureForm({ info, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const { patientId } = useChart();
  const psfs = info.instrument === 'psfs';
  const [answers, setAnswers] = useState<string[]>(() => range(psfs ? 0 : info.items).map(() => ''));
  const [activities, setActivities] = useState<Activity[]>([{ activity: '', score: '' }]);
  const [takenOn, setTakenOn] = useState(() => clinicToday());
  const [missing, setMissing] = useState<Set<string>>(new Set());

  const fields = [
    'taken_on',
    ...range(info.items).flatMap((i) => [`item_${i + 1}`, `activity_${i + 1}`, `activity_${i + 1}_score`]),
  ];
  const { busy, err, onSubmit } = useSubmit(
    fields,
    async () => {
      onSaved(
        await api.recordMeasure(token, {
          patient_id: patientId,
          instrument: info.instrument,
          items: psfs ? [] : answers.map(Number),
          activities: psfs ? activities.map((a) => ({ activity: a.activity.trim(), score: Number(a.score) })) : [],
          taken_on: takenOn.trim(),
        }),
      );
    },
    {
      validate: () => {
        const gaps = new Set<string>();
        if (psfs) {
          activities.forEach((a, i) => {
            if (a.activity.trim() === '') gaps.add(`activity_${i + 1}`);
            if (a.score === '') gaps.add(`activity_${i + 1}_score`);
          });
        } else {
          answers.forEach((a, i) => {
            if (a === '') gaps.add(`item_${i + 1}`);
          });
        }
        setMissing(gaps);
        return gaps.size === 0;
      },
    },
  );
  const errorOf = (field: string, text: string) => (missing.has(field) ? text : err.fieldError(field));

  const scoreOptions = (max: number, words: boolean) =>
    range(max + 1).map((v) => (
      <option key={v} value={String(v)}>
        {words ? `${v} — ${t(frequencyKey(v))}` : String(v)}
      </option>
    ));

  return (
    <form className="card measure-form" onSubmit={onSubmit} noValidate data-testid={`measure-form-${info.instrument}`} aria-labelledby="measure-form-title">
      <h2 id="measure-form-title">
        {info.name} <span className="muted">{info.title}</span>
      </h2>
      <p>{t(stemKey(info.instrument))}</p>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {psfs ? (
        <ol className="measure-items">
          {activities.map((a, i) => (
            <li key={i} className="psfs-row">
              <Field
                id={`measure-activity-${i + 1}`}
                label={t('measure.psfs.activity', { n: i + 1 })}
                autoFocus={i === activities.length - 1}
                maxLength={80}
                value={a.activity}
                onChange={(e) => setActivities((old) => old.map((x, k) => (k === i ? { ...x, activity: e.target.value } : x)))}
                error={errorOf(`activity_${i + 1}`, t('measure.psfs.nameIt'))}
              />
              <SelectField
                id={`measure-item-${i + 1}`}
                label={t('measure.psfs.score')}
                value={a.score}
                onChange={(e) => setActivities((old) => old.map((x, k) => (k === i ? { ...x, score: e.target.value } : x)))}
                error={errorOf(`activity_${i + 1}_score`, t('measure.answerIt'))}
              >
                <option value="">{t('measure.choose')}</option>
                {scoreOptions(info.item_max, false)}
              </SelectField>
              {activities.length > 1 ? (
                <Button variant="quiet" testId={`measure-remove-activity-${i + 1}`} onClick={() => setActivities((old) => old.filter((_, k) => k !== i))}>
                  {t('measure.psfs.remove')}
                </Button>
              ) : null}
            </li>
          ))}
          {activities.length < info.items ? (
            <li>
              <Button testId="measure-add-activity" onClick={() => setActivities((old) => [...old, { activity: '', score: '' }])}>
                {t('measure.psfs.add')}
              </Button>
            </li>
          ) : null}
        </ol>
      ) : (
        <ol className="measure-items">
          {answers.map((a, i) => (
            <li key={i} className={info.risk_item === i + 1 ? 'risk-item' : undefined}>
              <SelectField
                id={`measure-item-${i + 1}`}
                label={info.instrument === 'nprs' ? t('measure.nprs.item1') : t(itemKey(info.instrument, i + 1))}
                autoFocus={i === 0}
                value={a}
                onChange={(e) => setAnswers((old) => old.map((x, k) => (k === i ? e.target.value : x)))}
                error={errorOf(`item_${i + 1}`, t('measure.answerIt'))}
              >
                <option value="">{t('measure.choose')}</option>
                {scoreOptions(info.item_max, asksHowOften(info.instrument))}
              </SelectField>
            </li>
          ))}
        </ol>
      )}
      <Field
        id="measure-date"
        label={t('measure.date')}
        hint={t('common.dayHint')}
        className="short"
        dir="ltr"
        inputMode="numeric"
        autoComplete="off"
        value={takenOn}
        onChange={(e) => setTakenOn(e.target.value)}
        error={err.fieldError('taken_on')}
      />
      {info.note ? <p className="muted">{t('measure.psfs.noBands')}</p> : null}
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="measure-save">
          {t('measure.save')}
        </Button>
        <Button testId="measure-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
