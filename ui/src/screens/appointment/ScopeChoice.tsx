import type { Scope } from '../../bindings/Scope';
import { useI18n } from '../../i18n/context';

const SCOPES: readonly Scope[] = ['this', 'following', 'series'];

type Props = { name: string; value: Scope; onChange: (s: Scope) => void; legend: string };

/** Which appointments of a series a change is for: this one, it and the following ones, or all. */
export function ScopeChoice({ name, value, onChange, legend }: Props) {
  const { t } = useI18n();
  return (
    <fieldset className="scope-choice">
      <legend>{legend}</legend>
      {SCOPES.map((s) => (
        <label key={s} className="check">
          <input
            type="radio"
            name={name}
            value={s}
            data-testid={`appt-scope-${s}`}
            checked={value === s}
            onChange={() => onChange(s)}
          />
          {t(`scope.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}
