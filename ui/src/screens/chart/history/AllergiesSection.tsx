import { useState } from 'react';
import { api } from '../../../api';
import type { Allergy } from '../../../bindings/Allergy';
import type { AllergySeverity } from '../../../bindings/AllergySeverity';
import type { AllergyStatus } from '../../../bindings/AllergyStatus';
import type { ClinicalChange } from '../../../bindings/ClinicalChange';
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

const SEVERITIES: readonly AllergySeverity[] = ['mild', 'moderate', 'severe', 'unknown'];

type Props = {
  allergies: Allergy[];
  changes: ClinicalChange[];
  mayWrite: boolean;
  onSaved: () => void;
};

/** Allergies, the pharmacist's check before dispensing: severe ones stand out. */
export function AllergiesSection({ allergies, changes, mayWrite, onSaved }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Allergy | 'new' | null>(null);
  const done = (saved: boolean) => {
    setEditing(null);
    if (saved) onSaved();
  };
  return (
    <section className="card" aria-labelledby="allergies-title" data-testid="history-allergies">
      <div className="title-row">
        <h2 id="allergies-title">{t('history.allergies')}</h2>
        {mayWrite && editing === null ? (
          <Button testId="allergy-add" onClick={() => setEditing('new')}>
            {t('history.addAllergy')}
          </Button>
        ) : null}
      </div>
      {editing === 'new' ? <AllergyForm editing={null} onDone={done} /> : null}
      {allergies.length === 0 ? (
        <p className="muted" data-testid="allergies-empty">
          {t('history.noAllergies')}
        </p>
      ) : (
        <ul className="entry-list">
          {allergies.map((a) => (
            <li
              key={a.id}
              data-testid="allergy-row"
              data-id={a.id}
              data-severity={a.severity}
              data-status={a.status}
              className={a.status === 'inactive' ? 'inactive' : `severity-${a.severity}`}
            >
              {editing !== 'new' && editing?.id === a.id ? (
                <AllergyForm editing={a} onDone={done} />
              ) : (
                <div className="entry">
                  <div>
                    <strong>{a.substance}</strong> <span className={`tag severity-tag-${a.severity}`}>{t(`severity.${a.severity}`)}</span>{' '}
                    {a.status === 'inactive' ? <span className="tag">{t('allergy.status.inactive')}</span> : null}
                    <p className="muted">
                      {a.reaction ? t('history.reaction', { reaction: a.reaction }) + ' · ' : ''}
                      {t('history.recordedBy', { name: a.recorded_by_name })}
                    </p>
                    <ChangeList changes={changesOf(changes, 'allergies', a.id)} />
                  </div>
                  {mayWrite && editing === null ? (
                    <Button variant="quiet" testId={`allergy-edit-${a.id}`} aria-label={t('history.editLabel', { name: a.substance })} onClick={() => setEditing(a)}>
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

function AllergyForm({ editing, onDone }: { editing: Allergy | null; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const { patientId } = useChart();
  const [substance, setSubstance] = useState(editing?.substance ?? '');
  const [reaction, setReaction] = useState(editing?.reaction ?? '');
  const [severity, setSeverity] = useState<AllergySeverity>(editing?.severity ?? 'unknown');
  const [status, setStatus] = useState<AllergyStatus>(editing?.status ?? 'active');
  const { busy, err, onSubmit } = useSubmit(['substance', 'reaction', 'severity', 'status'], async () => {
    const req = { substance, reaction: blankToNull(reaction), severity, status };
    if (editing) await api.updateAllergy(token, editing.id, req);
    else await api.addAllergy(token, patientId, req);
    onDone(true);
  });
  return (
    <form className="entry-form form-grid" onSubmit={onSubmit} noValidate data-testid="allergy-form" aria-label={t(editing ? 'history.editAllergy' : 'history.addAllergy')}>
      {err.banner ? (
        <div className="full-row">
          <Banner tone="error">{err.banner}</Banner>
        </div>
      ) : null}
      <Field id="allergy-substance" label={t('history.field.substance')} hint={t('history.field.substanceHint')} autoFocus required value={substance} onChange={(e) => setSubstance(e.target.value)} error={err.fieldError('substance')} />
      <Field id="allergy-reaction" label={t('history.field.reaction')} value={reaction} onChange={(e) => setReaction(e.target.value)} error={err.fieldError('reaction')} />
      <SelectField id="allergy-severity" label={t('history.field.severity')} value={severity} onChange={(e) => setSeverity(e.target.value as AllergySeverity)} error={err.fieldError('severity')}>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`severity.${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField id="allergy-status" label={t('history.field.status')} value={status} onChange={(e) => setStatus(e.target.value as AllergyStatus)} error={err.fieldError('status')}>
        <option value="active">{t('allergy.status.active')}</option>
        <option value="inactive">{t('allergy.status.inactive')}</option>
      </SelectField>
      <div className="actions full-row">
        <Button type="submit" variant="primary" busy={busy} testId="allergy-save">
          {t('common.save')}
        </Button>
        <Button testId="allergy-cancel" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
