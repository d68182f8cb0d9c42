import './billing.css';
import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { PatientAccount } from '../../bindings/PatientAccount';
import type { SessionPackage } from '../../bindings/SessionPackage';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDay } from '../../time';
import { Money } from './Money';
import { usable } from './packages';

type Props = {
  patientId: number;
  /** Also list the packages with sessions left (booking, check-out). */
  withPackages?: boolean;
  /** Changes when something was paid or billed, to read the account again. */
  version?: number;
  testId?: string;
};

/**
 * The patient's balance and credit, for those who bill (reception, administrator);
 * clinicians see no money, so for them it shows nothing and asks nothing.
 */
export function AccountSummary({ patientId, withPackages = false, version = 0, testId = 'account-summary' }: Props) {
  const { t, lang } = useI18n();
  const { token, can } = useSession();
  const mayBill = can('bill');
  const [account, setAccount] = useState<PatientAccount | null>(null);
  const [packages, setPackages] = useState<SessionPackage[]>([]);
  const err = useCommandError([]);
  const { setError } = err;

  useEffect(() => {
    if (!mayBill) return;
    let live = true;
    Promise.all([api.patientAccount(token, patientId), withPackages ? api.patientPackages(token, patientId) : Promise.resolve([])]).then(
      ([a, k]) => {
        if (!live) return;
        setAccount(a);
        setPackages(usable(k));
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [mayBill, token, patientId, withPackages, version, setError]);

  if (!mayBill) return null;
  if (err.banner) {
    return (
      <p className="account-summary muted" data-testid={testId} role="status">
        {err.banner}
      </p>
    );
  }
  if (!account) {
    return (
      <p className="account-summary muted" data-testid={testId} aria-busy="true">
        {t('bill.accountLoading')}
      </p>
    );
  }
  const owes = account.balance_paisa > 0;
  return (
    <div className="account-summary" data-testid={testId} data-balance={account.balance_paisa} data-credit={account.credit_paisa}>
      <span className={owes ? 'account-owes' : undefined}>
        {t('bill.balance')}: <Money paisa={account.balance_paisa} testId={`${testId}-balance`} />
      </span>
      {account.credit_paisa > 0 ? (
        <span>
          {' · '}
          {t('bill.credit')}: <Money paisa={account.credit_paisa} testId={`${testId}-credit`} />
        </span>
      ) : null}
      {packages.length > 0 ? (
        <ul className="account-packages" data-testid={`${testId}-packages`}>
          {packages.map((k) => (
            <li key={k.id}>
              {t('bill.packageLeft', { service: k.service_name, left: k.remaining, total: k.sessions, date: formatDay(k.expires_on, lang) })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
