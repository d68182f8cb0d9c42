import type { RecoveryKeyOffer } from '../../bindings/RecoveryKeyOffer';
import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import { formatDate } from '../../time';
import { keyGroups } from './recoveryKey';

type Props = {
  offer: RecoveryKeyOffer;
  saved: boolean;
  onSaved: (saved: boolean) => void;
  onNext: () => void;
};

function KeyGrid({ groups }: { groups: string[] }) {
  return (
    <ol className="key-grid" dir="ltr" aria-hidden="true">
      {groups.map((g, i) => (
        <li key={i}>
          <span className="key-no">{i + 1}</span>
          <span className="key-group">{g}</span>
        </li>
      ))}
    </ol>
  );
}

export function KeyStep({ offer, saved, onSaved, onNext }: Props) {
  const { t, lang } = useI18n();
  const groups = keyGroups(offer.recovery_key);
  return (
    <section className="card" aria-labelledby="key-title">
      <h2 id="key-title">{t('setup.key.title')}</h2>
      <p>{t('setup.key.explain')}</p>
      <KeyGrid groups={groups} />
      <p className="key-line" dir="ltr" id="recovery-key" data-testid="recovery-key">
        {offer.recovery_key}
      </p>
      <div className="actions">
        <Button onClick={() => window.print()} testId="print-key">
          {t('setup.key.print')}
        </Button>
      </div>
      <div className="check">
        <input
          type="checkbox"
          id="saved-checkbox"
          data-testid="saved-checkbox"
          checked={saved}
          onChange={(e) => onSaved(e.target.checked)}
        />
        <label htmlFor="saved-checkbox">{t('setup.key.saved')}</label>
      </div>
      <div className="actions">
        <Button variant="primary" disabled={!saved} onClick={onNext} testId="to-confirm">
          {t('common.continue')}
        </Button>
      </div>

      {/* Only this sheet is printed (see @media print in styles.css). */}
      <div className="print-sheet" aria-hidden="true">
        <h1>{t('setup.print.title')}</h1>
        <p>{t('setup.print.date', { date: formatDate(new Date(), lang) })}</p>
        <KeyGrid groups={groups} />
        <p className="key-line" dir="ltr">
          {offer.recovery_key}
        </p>
        <p className="keep-safe">{t('setup.print.keepSafe')}</p>
      </div>
    </section>
  );
}
