import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/context';

/** How wide a page is drawn, in CSS pixels, before the screen's pixel ratio. */
const PAGE_WIDTH = 800;

type Shown = { state: 'loading' } | { state: 'ready'; pages: number } | { state: 'failed' };

/** A PDF drawn page by page onto canvases with pdf.js, from the bytes in memory only. */
export function PdfPages({ bytes }: { bytes: ArrayBuffer }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<Shown>({ state: 'loading' });
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    (async () => {
      const { openPdf } = await import('./pdf');
      const doc = await openPdf(bytes);
      destroy = () => void doc.destroy();
      if (cancelled) return destroy();
      setShown({ state: 'ready', pages: doc.numPages });
      // Wait for the canvases to be in the page.
      await new Promise((r) => window.setTimeout(r, 0));
      for (let n = 1; n <= doc.numPages && !cancelled; n++) {
        const page = await doc.getPage(n);
        const canvas = canvases.current[n - 1];
        if (!canvas) continue;
        const base = page.getViewport({ scale: 1 });
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: (PAGE_WIDTH / base.width) * ratio });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.inlineSize = `${PAGE_WIDTH}px`;
        canvas.style.maxInlineSize = '100%';
        await page.render({ canvas, viewport }).promise;
      }
    })().catch(() => {
      if (!cancelled) setShown({ state: 'failed' });
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [bytes]);

  if (shown.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (shown.state === 'failed') {
    return (
      <p className="banner banner-error" role="alert" data-testid="doc-pdf-failed">
        {t('doc.pdfFailed')}
      </p>
    );
  }
  return (
    <div className="pdf-pages" data-testid="doc-pdf" data-pages={shown.pages}>
      {Array.from({ length: shown.pages }, (_, i) => (
        <canvas
          key={i}
          ref={(el) => {
            canvases.current[i] = el;
          }}
          data-testid="doc-pdf-page"
          data-page={i + 1}
          role="img"
          aria-label={t('doc.page', { n: i + 1, count: shown.pages })}
        />
      ))}
    </div>
  );
}
