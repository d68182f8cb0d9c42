import type { ReactNode } from 'react';
import { useI18n } from '../i18n/context';
import { LanguageSwitch } from './LanguageSwitch';
import logoUrl from '../../../assets/logo.svg';

/** The frame of every screen shown before anyone signs in. */
export function PublicPage({ title, wide = false, children }: { title: string; wide?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="public-page">
      <header className="public-header">
        <div className="brand">
          <img src={logoUrl} alt="" width={40} height={40} />
          <span>{t('app.name')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className={wide ? 'public-main wide' : 'public-main'}>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
