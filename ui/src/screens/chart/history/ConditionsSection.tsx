import { useState } from 'react';
import { api } from '../../../api';
import type { Condition } from '../../../bindings/Condition';
import type { ClinicalChange } from '../../../bindings/ClinicalChange';
import type { ConditionStatus } from '../../../bindings/ConditionStatus';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field, SelectField } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { useChart } from '../ChartContext';
import { ChangeList } from './ChangeList';
import { changesOf } from './changes';
import { blankToNull } from './text';

type Props = {
  conditions: Condition[];
  changes: ClinicalChange[];
  mayWrite: boolean;
  onSaved: () => void;
};

/** Conditions with their ICD-10 code and onset; added and corrected here, every edit kept. */
export function ConditionsSection({ conditions, changes, mayWrite, onSaved }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Condition | 'new' | null>(null);
  return (
    <section className="card" aria-labelledby="conditions-title" data-testid="history-conditions">
      <div className="title-row">
        <h2 id="conditions-title">{t('history.conditions')}</h2>
        {mayWrite && editing === null ? (
          <Button testId="condition-add" onClick={() => setEditing('new')}>
            {t('history.addCondition')}
          </Button>
        ) : null}
      </div>
      {editing === 'new' ? (
        <ConditionForm
          editing={null}
          onDone={(saved) => {
            setEditing(null);
            if (saved) onSaved();
          }}
        />
      ) : null}
      {conditions.length === 0 ? (
        <p className="muted" data-testid="conditions-empty">
          {t('history.noConditions')}
        </p>
      ) : (
        <ul className="entry-list">
          {conditions.map((c) => (
            <li key={c.id} data-testid="condition-row" data-id={c.id} data-status={c.status} className={c.status === 'resolved' ? 'inactive' : undefined}>
              {editing !== 'new' && editing?.id === c.id ? (
                <ConditionForm
                  editing={c}
                  onDone={(saved) => {
                    setEditing(null);
                    if (saved) onSaved();
                  }}
                />
              ) : (
                <div className="entry">
                  <div>
                    <strong>{c.description}</strong>
                    {c.icd10 ? (
                      <>
                        {' '}
                        <span className="tag" dir="ltr">
                          {c.icd10}
                        </span>
                      </>
                    ) : null}{' '}
                    <span className="tag">{t(`condition.status.${c.status}`)}</span>
                    <p className="muted">
                      {c.onset ? t('history.onset', { onset: c.onset }) + ' · ' : ''}
                      {t('history.recordedBy', { name: c.recorded_by_name })}
                    </p>
                    <ChangeList changes={changesOf(changes, 'conditions', c.id)} />
                  </div>
                  {mayWrite && editing === null ? (
                    <Button variant="quiet" testId={`condition-edit-${c.id}`} aria-label={t('history.editLabel', { name: c.description })} onClick={() => setEditing(c)}>
                      {t('history.edit')}
                    </Button>
                  ) : null}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConditionForm({ editing, onDone }: { editing: Condition | null; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const { patientId } = useChart();
  const [description, setDescription] = useState(editing?.description ?? '');
  const [icd10, setIcd10] = useState(editing?.icd10 ?? '');
  const [onset, setOnset] = useState(editing?.onset ?? '');
  const [status, setStatus] = useState<ConditionStatus>(editing?.status ?? 'active');
  const { busy, err, onSubmit } = useSubmit(['description', 'icd10', 'onset', 'status'], async () => {
    const req = { description, icd10: blankToNull(icd10), onset: blankToNull(onset), status };
    if (editing) await api.updateCondition(token, editing.id, req);
    else await api.addCondition(token, patientId, req);
    onDone(true);
  });
  return (
    <form className="entry-form form-grid" onSubmit={onSubmit} noValidate data-testid="condition-form" aria-label={t(editing ? 'history.editCondition' : 'history.addCondition')}>
      {err.banner ? (
        <div className="full-row">
          <Banner tone="error">{err.banner}</Banner>
        </div>
      ) : null}
      <Field id="condition-description" label={t('history.field.description')} autoFocus required value={description} onChange={(e) => setDescription(e.target.value)} error={err.fieldError('description')} />
      <Field id="condition-icd10" label={t('history.field.icd10')} hint={t('history.field.icd10Hint')} dir="ltr" autoComplete="off" value={icd10} onChange={(e) => setIcd10(e.target.value)} error={err.fieldError('icd10')} />
      <Field id="condition-onset" label={t('history.field.onset')} hint={t('history.field.onsetHint')} dir="ltr" inputMode="numeric" autoComplete="off" value={onset} onChange={(e) => setOnset(e.target.value)} error={err.fieldError('onset')} />
      <SelectField id="condition-status" label={t('history.field.status')} value={status} onChange={(e) => setStatus(e.target.value as ConditionStatus)} error={err.fieldError('status')}>
        <option value="active">{t('condition.status.active')}</option>
        <option value="resolved">{t('condition.status.resolved')}</option>
      </SelectField>
      <div className="actions full-row">
        <Button type="submit" variant="primary" busy={busy} testId="condition-save">
          {t('common.save')}
        </Button>
        <Button testId="condition-cancel" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
