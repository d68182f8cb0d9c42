import { useCallback, useState } from 'react';
import { api } from '../../api';
import type { Room } from '../../bindings/Room';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useLoadedList } from '../../components/useLoadedList';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

export function RoomsPanel() {
  const { t } = useI18n();
  const { token } = useSession();
  const [name, setName] = useState('');
  const [busyId, setBusyId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const listErr = useCommandError([]);
  const { setError } = listErr;

  const fetch = useCallback(() => api.listRooms(token), [token]);
  const { items: rooms, replace } = useLoadedList(fetch, setError);

  const { busy, err, onSubmit } = useSubmit(['name'], async () => {
    setNotice(null);
    const r = await api.saveRoom(token, null, name.trim(), true);
    replace(r);
    setName('');
    setNotice(t('catalogue.room.added', { name: r.name }));
  });

  const toggle = async (r: Room) => {
    setBusyId(r.id);
    listErr.clear();
    setNotice(null);
    try {
      replace(await api.saveRoom(token, r.id, r.name, !r.active));
    } catch (e) {
      listErr.setError(e);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <section aria-labelledby="rooms-title" className="stack">
      <h2 id="rooms-title">{t('catalogue.rooms')}</h2>
      {notice ? (
        <Banner tone="success" testId="room-notice">
          {notice}
        </Banner>
      ) : null}
      {listErr.banner ? <Banner tone="error">{listErr.banner}</Banner> : null}
      {rooms === null ? (
        <p>{t('common.loading')}</p>
      ) : rooms.length === 0 ? (
        <p>{t('catalogue.rooms.empty')}</p>
      ) : (
        <Table
          caption={t('catalogue.rooms')}
          testId="room-table"
          head={[t('catalogue.col.name'), t('catalogue.col.active'), t('catalogue.col.actions')]}
        >
          {rooms.map((r) => (
            <tr key={r.id} data-testid="room-row" data-id={r.id} className={r.active ? undefined : 'inactive'}>
              <td>{r.name}</td>
              <td>{r.active ? t('catalogue.active') : t('catalogue.inactive')}</td>
              <td className="row-actions">
                <Button
                  variant={r.active ? 'danger' : 'secondary'}
                  testId={`room-toggle-${r.id}`}
                  aria-label={t(r.active ? 'catalogue.room.deactivateLabel' : 'catalogue.room.reactivateLabel', {
                    name: r.name,
                  })}
                  busy={busyId === r.id}
                  onClick={() => void toggle(r)}
                >
                  {t(r.active ? 'catalogue.room.deactivate' : 'catalogue.room.reactivate')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <form className="card" onSubmit={onSubmit} noValidate aria-label={t('catalogue.room.add')} data-testid="room-form">
        {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
        <Field
          id="room-name"
          label={t('catalogue.room.name')}
          autoComplete="off"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={err.fieldError('name')}
        />
        <div className="actions">
          <Button type="submit" variant="primary" busy={busy} testId="room-save">
            {t('catalogue.room.add')}
          </Button>
        </div>
      </form>
    </section>
  );
}
