import type { OneTimeCode } from '../../bindings/OneTimeCode';
import { Button } from '../../components/Button';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatDateTime } from '../../time';
import '../setup/setup.css';

type Props = { name: string; username: string; code: OneTimeCode; onDone: () => void };

/**
 * The one-time code for a new account or after a reset, shown once: the administrator
 * reads it out or prints it and hands it over; the person chooses their own password with it.
 */
export function OneTimeCodeCard({ name, username, code, onDone }: Props) {
  const { t, lang } = useI18n();
  const { clinicName } = useSession();
  const until = formatDateTime(code.expires_at, lang);
  const groups = code.code.split('-');
  const grid = (
    <ol className="key-grid" dir="ltr" aria-hidden="true">
      {groups.map((g, i) => (
        <li key={i}>
          <span className="key-group">{g}</span>
        </li>
      ))}
    </ol>
  );
  return (
    <section className="card" aria-labelledby="code-title" data-testid="one-time-code-card">
      <h2 id="code-title">{t('code.title', { name })}</h2>
      <p>{t('code.explain', { name, username, until })}</p>
      {grid}
      <p className="key-line" dir="ltr" data-testid="one-time-code">
        {code.code}
      </p>
      <div className="actions">
        <Button onClick={() => window.print()} testId="one-time-code-print">
          {t('code.print')}
        </Button>
        <Button variant="primary" onClick={onDone} testId="one-time-code-done">
          {t('code.done')}
        </Button>
      </div>

      {/* Only this sheet is printed (see @media print in setup.css). */}
      <div className="print-sheet" aria-hidden="true">
        <h1>{t('code.sheet.title', { clinic: clinicName })}</h1>
        <p>{t('code.sheet.for', { name, username })}</p>
        {grid}
        <p className="key-line" dir="ltr">
          {code.code}
        </p>
        <p className="keep-safe">{t('code.sheet.steps', { until })}</p>
      </div>
    </section>
  );
}
