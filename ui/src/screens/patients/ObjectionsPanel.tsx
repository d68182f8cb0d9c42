import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { Objection } from '../../bindings/Objection';
import type { ObjectionPurpose } from '../../bindings/ObjectionPurpose';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField } from '../../components/Field';
import { Table } from '../../components/Table';
import { useCommandError } from '../../components/useCommandError';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { isMessageKey } from '../../i18n/translate';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';

const PURPOSES: readonly ObjectionPurpose[] = ['reminders', 'sharing', 'statistics'];

/** What the patient has objected to (reminders, sharing, statistics), beside their consents. */
export function ObjectionsPanel({ patientId }: { patientId: number }) {
  const { t, lang } = useI18n();
  const { token, can } = useSession();
  const [list, setList] = useState<Objection[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<Objection | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [purpose, setPurpose] = useState<ObjectionPurpose>('reminders');
  const err = useCommandError([]);
  const { setError } = err;
  const mayRecord = can('record_objections');

  useEffect(() => {
    api.listObjections(token, patientId).then(setList, setError);
  }, [token, patientId, setError]);

  const label = (p: string) => {
    const key = `objection.purpose.${p}`;
    return isMessageKey(key) ? t(key) : p;
  };

  const add = useSubmit(['purpose'], async () => {
    setNotice(null);
    err.clear();
    setList(await api.recordObjection(token, patientId, purpose));
    setNotice(t('objection.recorded', { purpose: label(purpose) }));
  });

  const withdraw = async (o: Objection) => {
    setWithdrawing(true);
    err.clear();
    setNotice(null);
    try {
      setList(await api.withdrawObjection(token, o.id));
      setNotice(t('objection.withdrawn', { purpose: label(o.purpose) }));
    } catch (e) {
      setError(e);
    } finally {
      setWithdrawing(false);
      setAsking(null);
    }
  };

  return (
    <section className="stack" aria-labelledby="objections-title" data-testid="objections">
      <h2 id="objections-title">{t('objection.title')}</h2>
      <p className="muted">{t('objection.intro')}</p>
      {notice ? (
        <Banner tone="success" testId="objection-notice">
          {notice}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      {list === null ? (
        err.banner ? null : <p>{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted" data-testid="objections-empty">
          {t('objection.none')}
        </p>
      ) : (
        <Table caption={t('objection.title')} head={[t('objection.purpose'), t('objection.received'), t('objection.recordedBy'), t('consent.status')]}>
          {list.map((o) => (
            <tr key={o.id} data-testid="objection-row" data-id={o.id} data-purpose={o.purpose} className={o.withdrawn_at ? 'inactive' : undefined}>
              <td>{label(o.purpose)}</td>
              <td className="nowrap">{formatDateTime(o.received_at, lang)}</td>
              <td>{o.recorded_by_name}</td>
              <td>
                {o.withdrawn_at ? (
                  t('objection.withdrawnOn', { date: formatDateTime(o.withdrawn_at, lang) })
                ) : mayRecord ? (
                  <Button
                    variant="danger"
                    testId={`objection-withdraw-${o.id}`}
                    aria-label={t('objection.withdrawLabel', { purpose: label(o.purpose) })}
                    busy={withdrawing && asking?.id === o.id}
                    onClick={() => setAsking(o)}
                  >
                    {t('objection.withdraw')}
                  </Button>
                ) : (
                  t('objection.inForce')
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {asking ? (
        <ConfirmDialog
          testId="objection-withdraw-confirm"
          message={t('objection.confirmWithdraw', { purpose: label(asking.purpose) })}
          confirmLabel={t('objection.withdraw')}
          busy={withdrawing}
          onConfirm={() => void withdraw(asking)}
          onCancel={() => setAsking(null)}
        />
      ) : null}
      {mayRecord ? (
        <form className="card filters" onSubmit={add.onSubmit} noValidate aria-labelledby="objection-add-title" data-testid="objection-form">
          <h3 id="objection-add-title" className="full-row">
            {t('objection.addTitle')}
          </h3>
          {add.err.banner ? (
            <div className="full-row">
              <Banner tone="error">{add.err.banner}</Banner>
            </div>
          ) : null}
          <SelectField
            id="objection-purpose"
            label={t('objection.purpose')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value as ObjectionPurpose)}
            error={add.err.fieldError('purpose')}
          >
            {PURPOSES.map((p) => (
              <option key={p} value={p}>
                {label(p)}
              </option>
            ))}
          </SelectField>
          <div className="actions">
            <Button type="submit" variant="primary" busy={add.busy} testId="objection-add">
              {t('objection.add')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
