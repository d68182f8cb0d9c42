import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../api';
import type { Attachment } from '../../../bindings/Attachment';
import { Button } from '../../../components/Button';
import { FileName } from '../../../components/FileName';
import { Table } from '../../../components/Table';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';
import { formatDateTime } from '../../../time';
import { useChart } from '../ChartContext';
import { PartView } from '../PartView';
import { usePart } from '../usePart';
import { DocumentViewer } from './DocumentViewer';
import { sizeText } from './size';
import { UploadForm } from './UploadForm';

/** The patient's documents: listed, attached, and viewed in the app. */
export function DocumentsTab({ openDocId }: { openDocId?: number | undefined }) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const { patientId, openings } = useChart();
  const [changes, setChanges] = useState(0);
  const [viewing, setViewing] = useState<Attachment | null>(null);
  const load = useCallback(
    () => api.listAttachments(token, patientId),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [token, patientId, openings, changes],
  );
  const { part, reload } = usePart(load);

  // A timeline link opens its document once the list is there.
  useEffect(() => {
    if (openDocId === undefined || part.state !== 'ready') return;
    const doc = part.value.find((d) => d.id === openDocId);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- following the link is the effect
    if (doc) setViewing(doc);
  }, [openDocId, part]);

  return (
    <>
      <div className="stack" data-testid="documents" inert={viewing !== null}>
      <UploadForm onUploaded={() => setChanges((n) => n + 1)} />
      <PartView part={part} onRetry={reload}>
        {(docs) =>
          docs.length === 0 ? (
            <p className="muted" data-testid="docs-empty">
              {t('doc.none')}
            </p>
          ) : (
            <Table caption={t('chart.tab.documents')} testId="doc-table" head={[t('doc.title'), t('doc.type'), t('doc.seenBy'), t('doc.uploadedBy'), '']}>
              {docs.map((d) => (
                <tr key={d.id} data-testid="doc-row" data-id={d.id} data-mime={d.mime}>
                  <td>
                    <strong>{d.title}</strong>
                    <br />
                    <FileName name={d.file_name} className="muted" />
                  </td>
                  <td className="nowrap">
                    {t(d.mime === 'application/pdf' ? 'doc.pdf' : 'doc.image')} · <span dir="ltr">{sizeText(d.size_bytes)}</span>
                  </td>
                  <td>{d.discipline ? t(`discipline.${d.discipline}`) : t('doc.everyClinician')}</td>
                  <td>
                    {d.uploaded_by_name}
                    <br />
                    <span className="muted">{formatDateTime(d.uploaded_at, lang)}</span>
                  </td>
                  <td>
                    <Button testId={`doc-open-${d.id}`} aria-label={t('doc.viewLabel', { title: d.title })} onClick={() => setViewing(d)}>
                      {t('doc.view')}
                    </Button>
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </PartView>
    </div>
    {viewing ? <DocumentViewer doc={viewing} onClose={() => setViewing(null)} /> : null}
    </>
  );
}
