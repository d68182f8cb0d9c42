import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../bindings/Language';
import { I18nContext, type I18n } from './context';
import { directionOf, translate } from './translate';

export function I18nProvider({ initial = 'en', children }: { initial?: Language; children: ReactNode }) {
  const [lang, setLang] = useState<Language>(initial);

  useEffect(() => {
    const root = document.documentElement;
    root.lang = lang;
    root.dir = directionOf(lang);
    document.title = translate(lang, 'app.name');
  }, [lang]);

  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
