// pdf.js, loaded with the first PDF opened. The worker is bundled as a file of the
// app (served from 'self', as the CSP's script-src asks) and never fetched from anywhere else.
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * Opens a PDF held in memory. Nothing is fetched: no eval (the CSP forbids it), no
 * WebAssembly decoders, and the system's fonts stand in for the standard ones.
 */
export function openPdf(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
  return getDocument({
    // A copy: pdf.js hands its buffer over to the worker.
    data: new Uint8Array(bytes.slice(0)),
    isEvalSupported: false,
    useWasm: false,
    useSystemFonts: true,
    enableXfa: false,
    stopAtErrors: false,
  }).promise;
}

export type { PDFDocumentProxy };
