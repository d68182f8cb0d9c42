import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../api';
import type { Attachment } from '../../../bindings/Attachment';
import { Dialog } from '../../../components/Dialog';
import { FileName } from '../../../components/FileName';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { PartView } from '../PartView';
import { usePart } from '../usePart';
import { PdfPages } from './PdfPages';

/** A document shown inside the app from memory; it is never written to disk. */
export function DocumentViewer({ doc, onClose }: { doc: Attachment; onClose: () => void }) {
  const { token } = useSession();
  const load = useCallback(() => api.openAttachment(token, doc.id), [token, doc.id]);
  const { part, reload } = usePart(load);
  return (
    <Dialog title={doc.title} testId="doc-view" wide onClose={onClose}>
      <p className="muted">
        <FileName name={doc.file_name} />
      </p>
      <PartView part={part} onRetry={reload}>
        {(bytes) => (doc.mime === 'application/pdf' ? <PdfPages bytes={bytes} /> : <ImageView bytes={bytes} mime={doc.mime} alt={doc.title} />)}
      </PartView>
    </Dialog>
  );
}

function ImageView({ bytes, mime, alt }: { bytes: ArrayBuffer; mime: string; alt: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    // A blob: URL lives in this window's memory only, and is let go when the viewer closes.
    const u = URL.createObjectURL(new Blob([bytes], { type: mime }));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the URL is made for these bytes
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [bytes, mime]);
  return url ? <img className="doc-image" src={url} alt={alt} data-testid="doc-image" /> : <p>{t('common.loading')}</p>;
}
