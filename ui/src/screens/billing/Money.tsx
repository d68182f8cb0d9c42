import './billing.css';
import { formatPkr } from './money';

/**
 * An amount in paisa, shown as "PKR 1,500.00". Kept left-to-right as one unit so the
 * figure reads the same inside an Urdu sentence.
 */
export function Money({ paisa, testId }: { paisa: number; testId?: string | undefined }) {
  return (
    <bdi className="money" dir="ltr" data-testid={testId} data-paisa={paisa}>
      {formatPkr(paisa)}
    </bdi>
  );
}

/**
 * A translated sentence with one `{amount}` in it, the amount kept as a left-to-right
 * unit wherever the language puts it. `text` is the message looked up without params.
 */
export function MoneyText({ text, paisa, testId }: { text: string; paisa: number; testId?: string | undefined }) {
  const [before, after = ''] = text.split('{amount}');
  return (
    <span data-testid={testId} data-paisa={paisa}>
      {before}
      <Money paisa={paisa} />
      {after}
    </span>
  );
}
