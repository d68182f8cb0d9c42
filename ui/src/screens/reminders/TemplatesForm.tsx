import './reminders.css';
import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { ReminderTemplate } from '../../bindings/ReminderTemplate';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

/**
 * The placeholders a reminder may use. Mirrors `PLACEHOLDERS` in
 * src-tauri/src/reminders/template.rs, which refuses any other.
 */
const PLACEHOLDERS = ['name', 'clinic', 'date', 'time', 'practitioner', 'room', 'clinic_phone'] as const;
const LANGUAGES = ['en', 'ur'] as const;

/** The administrator's reminder messages, one per language, with placeholders to insert. */
export function ReminderTemplatesPanel() {
  const { t } = useI18n();
  const { token } = useSession();
  const [templates, setTemplates] = useState<ReminderTemplate[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    api.reminderTemplates(token).then(setTemplates, (e: unknown) => {
      setFailed(typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : t('common.errorUnknown'));
    });
  }, [token, t]);

  return (
    <section className="card stack" aria-labelledby="templates-title" data-testid="reminder-templates">
      <h2 id="templates-title">{t('templates.title')}</h2>
      <p className="muted">{t('templates.intro')}</p>
      {failed ? <Banner tone="error">{failed}</Banner> : null}
      {templates === null ? (
        failed ? null : <p>{t('common.loading')}</p>
      ) : (
        LANGUAGES.map((l) => (
          <TemplateForm key={l} language={l} initial={templates.find((x) => x.language === l)?.body ?? ''} onSaved={setTemplates} />
        ))
      )}
    </section>
  );
}

function TemplateForm({ language, initial, onSaved }: { language: 'en' | 'ur'; initial: string; onSaved: (all: ReminderTemplate[]) => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [body, setBody] = useState(initial);
  const [saved, setSaved] = useState(false);
  const { busy, err, onSubmit } = useSubmit(['body', 'language'], async () => {
    setSaved(false);
    onSaved(await api.setReminderTemplate(token, { language, body }));
    setSaved(true);
  });

  // Puts `{placeholder}` where the cursor is, and leaves the cursor after it.
  const insert = (p: string) => {
    const el = document.getElementById(`template-${language}`) as HTMLTextAreaElement | null;
    const text = `{${p}}`;
    const at = el ? el.selectionStart : body.length;
    const to = el ? el.selectionEnd : body.length;
    setBody(body.slice(0, at) + text + body.slice(to));
    setSaved(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + text.length, at + text.length);
    });
  };

  const id = `template-${language}`;
  return (
    <form className="template-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(`templates.lang.${language}`)}</h3>
      {saved ? (
        <Banner tone="success" testId="template-notice">
          {t('templates.saved', { language: t(`lang.${language}`) })}
        </Banner>
      ) : null}
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <ul className="placeholders" aria-label={t('templates.placeholders')}>
        {PLACEHOLDERS.map((p) => (
          <li key={p}>
            <Button variant="secondary" testId={`template-insert-${language}-${p}`} title={t(`templates.ph.${p}`)} onClick={() => insert(p)}>
              <span dir="ltr">{`{${p}}`}</span>
            </Button>
          </li>
        ))}
      </ul>
      <TextAreaField
        id={id}
        label={t('templates.body')}
        hint={PLACEHOLDERS.map((p) => `{${p}} ${t(`templates.ph.${p}`)}`).join(' · ')}
        dir={language === 'ur' ? 'rtl' : 'ltr'}
        lang={language}
        className={language === 'ur' ? 'urdu' : undefined}
        value={body}
        onChange={(e) => {
          setSaved(false);
          setBody(e.target.value);
        }}
        error={err.fieldError('body')}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId={`template-save-${language}`}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
