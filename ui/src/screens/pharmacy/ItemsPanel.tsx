import { useState } from 'react';
import { api } from '../../api';
import type { PharmacyItem } from '../../bindings/PharmacyItem';
import type { PharmacyItemInput } from '../../bindings/PharmacyItemInput';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Table } from '../../components/Table';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { itemName } from './stock';

/** The items the pharmacy stocks: added, corrected, and taken off the list (never deleted). */
export function ItemsPanel({ items, onSaved }: { items: PharmacyItem[]; onSaved: (i: PharmacyItem) => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<PharmacyItem | 'new' | null>(null);
  return (
    <section className="stack" aria-labelledby="items-title">
      <div className="title-row">
        <h2 id="items-title">{t('item.title')}</h2>
        {editing === null ? (
          <Button testId="item-add" onClick={() => setEditing('new')}>
            {t('item.add')}
          </Button>
        ) : null}
      </div>
      {editing !== null ? (
        <ItemForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) onSaved(saved);
          }}
        />
      ) : null}
      <Table caption={t('item.title')} testId="item-table" head={[t('stock.col.item'), t('item.generic'), t('item.active'), t('patients.col.actions')]}>
        {items.map((i) => (
          <tr key={i.id} data-testid="item-row" data-id={i.id} className={i.active ? undefined : 'inactive'}>
            <td>{itemName(i)}</td>
            <td>{i.generic_name}</td>
            <td>{i.active ? t('common.yes') : t('common.no')}</td>
            <td>
              <Button variant="quiet" testId={`item-edit-${i.id}`} onClick={() => setEditing(i)}>
                {t('history.edit')}
              </Button>
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function ItemForm({ editing, onDone }: { editing: PharmacyItem | null; onDone: (saved: PharmacyItem | null) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [v, setV] = useState<PharmacyItemInput>(() => ({
    name: editing?.name ?? '',
    generic_name: editing?.generic_name ?? '',
    strength: editing?.strength ?? '',
    form: editing?.form ?? '',
    active: editing?.active ?? true,
  }));
  const { busy, err, onSubmit } = useSubmit(['name', 'generic_name', 'strength', 'form', 'active'], async () => {
    onDone(await api.savePharmacyItem(token, editing?.id ?? null, v));
  });
  const set = (k: 'name' | 'generic_name' | 'strength' | 'form') => (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value }));
  return (
    <form className="entry-form form-grid" onSubmit={onSubmit} noValidate data-testid="item-form" aria-label={t(editing ? 'item.edit' : 'item.add')}>
      {err.banner ? (
        <div className="full-row">
          <Banner tone="error">{err.banner}</Banner>
        </div>
      ) : null}
      <Field id="item-name" label={t('item.name')} autoFocus value={v.name} onChange={set('name')} error={err.fieldError('name')} />
      <Field id="item-generic" label={t('item.generic')} hint={t('item.genericHint')} value={v.generic_name} onChange={set('generic_name')} error={err.fieldError('generic_name')} />
      <Field id="item-strength" label={t('item.strength')} value={v.strength} onChange={set('strength')} error={err.fieldError('strength')} />
      <Field id="item-form" label={t('item.form')} value={v.form} onChange={set('form')} error={err.fieldError('form')} />
      <label className="check full-row">
        <input type="checkbox" data-testid="item-active" checked={v.active} onChange={(e) => setV((o) => ({ ...o, active: e.target.checked }))} />
        {t('item.activeLabel')}
      </label>
      <div className="actions full-row">
        <Button type="submit" variant="primary" busy={busy} testId="item-save">
          {t('common.save')}
        </Button>
        <Button testId="item-cancel" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
