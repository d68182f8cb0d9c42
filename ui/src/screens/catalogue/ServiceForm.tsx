import { useState } from 'react';
import { api } from '../../api';
import type { Discipline } from '../../bindings/Discipline';
import type { Service } from '../../bindings/Service';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field, SelectField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { DISCIPLINES, isDiscipline, parseWhole } from './format';

type Props = {
  /** The service being edited; absent when adding. */
  editing: Service | null;
  onSaved: (s: Service) => void;
  onCancel: () => void;
};

/** Adds a service or edits one: name, discipline, length, price and whether it is offered. */
export function ServiceForm({ editing, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const [name, setName] = useState(editing?.name ?? '');
  const [discipline, setDiscipline] = useState<Discipline>(
    editing && isDiscipline(editing.discipline) ? editing.discipline : 'physiotherapy',
  );
  const [duration, setDuration] = useState(editing ? String(editing.duration_minutes) : '');
  const [price, setPrice] = useState(editing ? String(editing.price_pkr) : '');
  const [active, setActive] = useState(editing?.active ?? true);

  const submit = useSubmit(
    ['name', 'discipline', 'duration_minutes', 'price_pkr', 'active'],
    async () => {
      const saved = await api.saveService(token, editing?.id ?? null, {
        name: name.trim(),
        discipline,
        duration_minutes: parseWhole(duration) ?? 0,
        price_pkr: parseWhole(price) ?? 0,
        active,
      });
      if (!editing) {
        setName('');
        setDuration('');
        setPrice('');
        setActive(true);
      }
      onSaved(saved);
    },
    {
      validate: () => {
        for (const [field, value] of [
          ['duration_minutes', duration],
          ['price_pkr', price],
        ] as const) {
          if (parseWhole(value) === null) {
            submit.err.setError({ kind: 'validation', field, message: t('catalogue.wholeNumber') });
            return false;
          }
        }
        return true;
      },
    },
  );
  const { busy, err, onSubmit } = submit;

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="service-form-title" data-testid="service-form">
      <h3 id="service-form-title">
        {editing ? t('catalogue.service.editTitle', { name: editing.name }) : t('catalogue.service.addTitle')}
      </h3>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <div className="catalogue-grid">
        <Field
          id="service-name"
          label={t('catalogue.service.name')}
          autoComplete="off"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={err.fieldError('name')}
        />
        <SelectField
          id="service-discipline"
          label={t('catalogue.service.discipline')}
          value={discipline}
          onChange={(e) => {
            if (isDiscipline(e.target.value)) setDiscipline(e.target.value);
          }}
          error={err.fieldError('discipline')}
        >
          {DISCIPLINES.map((d) => (
            <option key={d} value={d}>
              {t(`discipline.${d}`)}
            </option>
          ))}
        </SelectField>
        <Field
          id="service-duration"
          label={t('catalogue.service.duration')}
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          dir="ltr"
          required
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          error={err.fieldError('duration_minutes')}
        />
        <Field
          id="service-price"
          label={t('catalogue.service.price')}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          dir="ltr"
          required
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          error={err.fieldError('price_pkr')}
        />
      </div>
      <div className="check">
        <input
          type="checkbox"
          id="service-active"
          data-testid="service-active"
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
        />
        <label htmlFor="service-active">{t('catalogue.service.active')}</label>
      </div>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="service-save">
          {t('common.save')}
        </Button>
        {editing ? (
          <Button onClick={onCancel} testId="service-cancel">
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
