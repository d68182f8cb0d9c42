import { useCallback, useState } from 'react';
import { api } from '../../api';
import type { Service } from '../../bindings/Service';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useLoadedList } from '../../components/useLoadedList';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatPkr, isDiscipline } from './format';
import { ServiceForm } from './ServiceForm';

export function ServicesPanel() {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [editing, setEditing] = useState<Service | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const err = useCommandError([]);
  const { setError } = err;

  const fetch = useCallback(() => api.listServices(token), [token]);
  const { items: services, replace } = useLoadedList(fetch, setError);

  return (
    <section aria-labelledby="services-title" className="stack">
      <h2 id="services-title">{t('catalogue.services')}</h2>
      {notice ? (
        <Banner tone="success" testId="service-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {services === null ? (
        <p>{t('common.loading')}</p>
      ) : services.length === 0 ? (
        <p>{t('catalogue.services.empty')}</p>
      ) : (
        <Table
          caption={t('catalogue.services')}
          testId="service-table"
          head={[
            t('catalogue.col.name'),
            t('catalogue.col.discipline'),
            t('catalogue.col.minutes'),
            t('catalogue.col.price'),
            t('catalogue.col.active'),
            t('catalogue.col.actions'),
          ]}
        >
          {services.map((s) => (
            <tr key={s.id} data-testid="service-row" data-id={s.id} className={s.active ? undefined : 'inactive'}>
              <td>{s.name}</td>
              <td>{isDiscipline(s.discipline) ? t(`discipline.${s.discipline}`) : s.discipline}</td>
              <td>{Number(s.duration_minutes).toLocaleString(lang === 'ur' ? 'ur-PK' : 'en-PK')}</td>
              <td>{formatPkr(s.price_pkr, lang)}</td>
              <td>{s.active ? t('catalogue.active') : t('catalogue.inactive')}</td>
              <td className="row-actions">
                <Button
                  variant="quiet"
                  testId={`service-edit-${s.id}`}
                  aria-label={t('catalogue.service.editLabel', { name: s.name })}
                  onClick={() => {
                    setNotice(null);
                    setEditing(s);
                  }}
                >
                  {t('catalogue.service.edit')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <ServiceForm
        key={editing ? `edit-${editing.id}` : 'add'}
        editing={editing}
        onSaved={(s) => {
          replace(s);
          setNotice(t('catalogue.service.saved', { name: s.name }));
          setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      />
    </section>
  );
}
