import { useState } from 'react';
import { api } from '../../../api';
import type { ClinicalChange } from '../../../bindings/ClinicalChange';
import type { Medication } from '../../../bindings/Medication';
import type { MedicationInput } from '../../../bindings/MedicationInput';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import type { MessageKey } from '../../../i18n/translate';
import { useSession } from '../../../session';
import { useChart } from '../ChartContext';
import { ChangeList } from './ChangeList';
import { changesOf } from './changes';
import { blankToNull } from './text';

type Props = {
  medications: Medication[];
  changes: ClinicalChange[];
  mayWrite: boolean;
  onSaved: () => void;
};

/** Medicines the patient takes (or took): current ones first, as the back end sends them. */
export function MedicationsSection({ medications, changes, mayWrite, onSaved }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Medication | 'new' | null>(null);
  const done = (saved: boolean) => {
    setEditing(null);
    if (saved) onSaved();
  };
  return (
    <section className="card" aria-labelledby="medications-title" data-testid="history-medications">
      <div className="title-row">
        <h2 id="medications-title">{t('history.medications')}</h2>
        {mayWrite && editing === null ? (
          <Button testId="medication-add" onClick={() => setEditing('new')}>
            {t('history.addMedication')}
          </Button>
        ) : null}
      </div>
      {editing === 'new' ? <MedicationForm editing={null} onDone={done} /> : null}
      {medications.length === 0 ? (
        <p className="muted" data-testid="medications-empty">
          {t('history.noMedications')}
        </p>
      ) : (
        <ul className="entry-list">
          {medications.map((m) => (
            <li key={m.id} data-testid="medication-row" data-id={m.id} data-current={m.current} className={m.current ? undefined : 'inactive'}>
              {editing !== 'new' && editing?.id === m.id ? (
                <MedicationForm editing={m} onDone={done} />
              ) : (
                <div className="entry">
                  <div>
                    <strong>{[m.name, m.strength].filter(Boolean).join(' ')}</strong>{' '}
                    <span className="tag">{t(m.current ? 'history.current' : 'history.stopped')}</span>
                    <p>{[m.dose, m.route, m.frequency].filter(Boolean).join(' · ')}</p>
                    <p className="muted">
                      {m.starts_on || m.stops_on ? (
                        <span dir="ltr">
                          {m.starts_on ?? '…'} – {m.stops_on ?? '…'}
                        </span>
                      ) : null}
                      {m.prescriber ? ' · ' + t('history.prescriber', { name: m.prescriber }) : ''} · {t('history.recordedBy', { name: m.recorded_by_name })}
                    </p>
                    <ChangeList changes={changesOf(changes, 'medications', m.id)} />
                  </div>
                  {mayWrite && editing === null ? (
                    <Button variant="quiet" testId={`medication-edit-${m.id}`} aria-label={t('history.editLabel', { name: m.name })} onClick={() => setEditing(m)}>
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

type Typed = Record<keyof MedicationInput, string>;

const FIELDS: { key: keyof MedicationInput; id: string; label: MessageKey; ltr?: boolean }[] = [
  { key: 'name', id: 'medication-name', label: 'history.field.medicine' },
  { key: 'strength', id: 'medication-strength', label: 'history.field.strength' },
  { key: 'dose', id: 'medication-dose', label: 'history.field.dose' },
  { key: 'route', id: 'medication-route', label: 'history.field.route' },
  { key: 'frequency', id: 'medication-frequency', label: 'history.field.frequency' },
  { key: 'starts_on', id: 'medication-starts-on', label: 'history.field.startsOn', ltr: true },
  { key: 'stops_on', id: 'medication-stops-on', label: 'history.field.stopsOn', ltr: true },
  { key: 'prescriber', id: 'medication-prescriber', label: 'history.field.prescriber' },
];

function MedicationForm({ editing, onDone }: { editing: Medication | null; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const { patientId } = useChart();
  const [typed, setTyped] = useState<Typed>(() => {
    const out = {} as Typed;
    for (const f of FIELDS) out[f.key] = (editing?.[f.key] as string | null | undefined) ?? '';
    return out;
  });
  const { busy, err, onSubmit } = useSubmit(
    FIELDS.map((f) => f.key),
    async () => {
      const req: MedicationInput = {
        name: typed.name,
        strength: blankToNull(typed.strength),
        dose: blankToNull(typed.dose),
        route: blankToNull(typed.route),
        frequency: blankToNull(typed.frequency),
        starts_on: blankToNull(typed.starts_on),
        stops_on: blankToNull(typed.stops_on),
        prescriber: blankToNull(typed.prescriber),
      };
      if (editing) await api.updateMedication(token, editing.id, req);
      else await api.addMedication(token, patientId, req);
      onDone(true);
    },
  );
  return (
    <form className="entry-form form-grid" onSubmit={onSubmit} noValidate data-testid="medication-form" aria-label={t(editing ? 'history.editMedication' : 'history.addMedication')}>
      {err.banner ? (
        <div className="full-row">
          <Banner tone="error">{err.banner}</Banner>
        </div>
      ) : null}
      {FIELDS.map((f, i) => (
        <Field
          key={f.key}
          id={f.id}
          label={t(f.label)}
          hint={f.ltr ? t('common.dayHint') : undefined}
          dir={f.ltr ? 'ltr' : undefined}
          autoFocus={i === 0}
          autoComplete="off"
          required={f.key === 'name'}
          value={typed[f.key]}
          onChange={(e) => setTyped((old) => ({ ...old, [f.key]: e.target.value }))}
          error={err.fieldError(f.key)}
        />
      ))}
      <div className="actions full-row">
        <Button type="submit" variant="primary" busy={busy} testId="medication-save">
          {t('common.save')}
        </Button>
        <Button testId="medication-cancel" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
