import type { Language } from '../bindings/Language';
import { useI18n } from '../i18n/context';
import { languages } from '../i18n/translate';

type Props = {
  /** Defaults to switching locally (before sign-in). */
  onChoose?: (lang: Language) => void;
  disabled?: boolean;
};

export function LanguageSwitch({ onChoose, disabled = false }: Props) {
  const { t, lang, setLang } = useI18n();
  const choose = onChoose ?? setLang;
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {languages.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className={l === lang ? 'lang-btn current' : 'lang-btn'}
          aria-pressed={l === lang}
          disabled={disabled}
          data-testid={`lang-${l}`}
          onClick={() => {
            if (l !== lang) choose(l);
          }}
        >
          {t(l === 'en' ? 'lang.en' : 'lang.ur')}
        </button>
      ))}
    </div>
  );
}
