import { useRef, useState } from 'react';
import { api, toAppError } from '../../../api';
import type { Attachment } from '../../../bindings/Attachment';
import type { Discipline } from '../../../bindings/Discipline';
import { Banner } from '../../../components/Banner';
import { Field, FieldShell, SelectField } from '../../../components/Field';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { useChart } from '../ChartContext';
import { disciplinesOf } from '../clinician';

/**
 * Attach a document: the title and who may see it first, then the file, which goes at
 * once. Its type and size are the back end's to judge; its message is shown as it comes.
 */
export function UploadForm({ onUploaded }: { onUploaded: (a: Attachment) => void }) {
  const { t } = useI18n();
  const { token, me } = useSession();
  const { patientId } = useChart();
  const [title, setTitle] = useState('');
  const [discipline, setDiscipline] = useState<Discipline | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string | undefined; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const saved = await api.uploadAttachment(token, bytes, {
        patient_id: patientId,
        title: title.trim() === '' ? null : title,
        file_name: file.name,
        mime: file.type,
        discipline: discipline === '' ? null : discipline,
      });
      setTitle('');
      setDone(t('doc.uploaded', { title: saved.title }));
      onUploaded(saved);
    } catch (e) {
      const err = toAppError(e);
      if (err.kind !== 'locked') setError({ field: 'field' in err ? err.field : undefined, message: err.message || t('common.errorUnknown') });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const onFile = error && error.field !== 'title' ? error.message : undefined;
  return (
    <form className="card form-grid" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby="doc-upload-title" data-testid="doc-upload-form">
      <h2 id="doc-upload-title" className="full-row">
        {t('doc.uploadTitle')}
      </h2>
      {done ? (
        <div className="full-row">
          <Banner tone="success" testId="doc-notice">
            {done}
          </Banner>
        </div>
      ) : null}
      <Field id="doc-title" label={t('doc.title')} hint={t('doc.titleHint')} value={title} onChange={(e) => setTitle(e.target.value)} error={error?.field === 'title' ? error.message : undefined} />
      <SelectField id="doc-discipline" label={t('doc.seenBy')} value={discipline} onChange={(e) => setDiscipline(e.target.value as Discipline | '')}>
        <option value="">{t('doc.everyClinician')}</option>
        {disciplinesOf(me).map((d) => (
          <option key={d} value={d}>
            {t('doc.onlyDiscipline', { discipline: t(`discipline.${d}`) })}
          </option>
        ))}
      </SelectField>
      <FieldShell id="doc-upload" label={t('doc.file')} hint={t('doc.fileHint')} error={onFile} errorTestId="doc-upload-error">
        {(d) => (
          <input
            ref={input}
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            data-testid="doc-upload"
            disabled={busy}
            aria-busy={busy || undefined}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
            {...d}
          />
        )}
      </FieldShell>
    </form>
  );
}
