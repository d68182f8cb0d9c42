import { createContext, useContext } from 'react';
import type { Language } from '../bindings/Language';
import { translate, type Translate } from './translate';

export type I18n = {
  lang: Language;
  setLang: (lang: Language) => void;
  t: Translate;
};

export const I18nContext = createContext<I18n>({
  lang: 'en',
  setLang: () => {},
  t: (key, params) => translate('en', key, params),
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
