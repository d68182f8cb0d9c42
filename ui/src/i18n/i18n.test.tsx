import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useI18n } from './context';
import { I18nProvider } from './I18nProvider';
import { directionOf, messages, parts, translate } from './translate';

const { en, ur } = messages;

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('have the same keys', () => {
    expect(Object.keys(ur).sort()).toEqual(Object.keys(en).sort());
  });

  it('say each key in one part only, the same part in both languages', () => {
    for (const lang of ['en', 'ur'] as const) {
      const all = parts[lang].flatMap((part) => Object.keys(part));
      expect(all.length, lang).toBe(new Set(all).size);
    }
    parts.en.forEach((part, i) => expect(Object.keys(parts.ur[i] ?? {}).sort()).toEqual(Object.keys(part).sort()));
  });

  it('have no empty strings and the same placeholders', () => {
    const enT: Record<string, string> = en;
    const urT: Record<string, string> = ur;
    for (const key of Object.keys(enT)) {
      expect(enT[key], key).not.toBe('');
      expect(urT[key], key).not.toBe('');
      expect(placeholders(urT[key] ?? ''), key).toEqual(placeholders(enT[key] ?? ''));
    }
  });

  it('write Urdu in Urdu script', () => {
    const arabicScript = /[\u0600-\u06FF]/;
    const latinOnly = Object.entries(ur).filter(([, v]) => !arabicScript.test(v));
    // Only the language's own name, symbols and unit-only strings may stay in Latin letters.
    expect(latinOnly.map(([k]) => k).sort()).toEqual(['common.none', 'damaged.kb', 'damaged.mb', 'lang.en']);
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'home.welcome', { name: 'Amina' })).toBe('Welcome, Amina');
    expect(translate('ur', 'home.welcome', { name: 'Amina' })).toBe('خوش آمدید، Amina');
    expect(translate('en', 'audit.verifyOk', { count: 12 })).toBe('The trail is intact: 12 entries checked.');
  });
  it('leaves unknown placeholders as written', () => {
    expect(translate('en', 'home.welcome')).toBe('Welcome, {name}');
    expect(translate('en', 'home.welcome', { other: 'x' })).toBe('Welcome, {name}');
  });
  it('gives right-to-left for Urdu', () => {
    expect(directionOf('ur')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });
});

function Probe() {
  const { t, setLang } = useI18n();
  return (
    <button type="button" onClick={() => setLang('ur')}>
      {t('nav.home')}
    </button>
  );
}

describe('I18nProvider', () => {
  it('sets <html lang dir> from the language', () => {
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(document.documentElement.lang).toBe('en');
    expect(document.documentElement.dir).toBe('ltr');
    act(() => screen.getByRole('button').click());
    expect(screen.getByRole('button')).toHaveTextContent('ہوم');
    expect(document.documentElement.lang).toBe('ur');
    expect(document.documentElement.dir).toBe('rtl');
  });
});
