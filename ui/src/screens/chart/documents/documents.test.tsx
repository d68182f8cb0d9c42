import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../../bindings/Attachment';
import { SessionContext } from '../../../session';
import { psychologist, sessionOf } from '../../../test/clinical';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { ChartContext } from '../ChartContext';
import { DocumentsTab } from './DocumentsTab';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

// pdf.js cannot run in jsdom: a stand-in document of two pages that records what it drew.
const rendered = vi.hoisted(() => [] as number[]);
vi.mock('./pdf', () => ({
  openPdf: async (bytes: ArrayBuffer) => {
    if (bytes.byteLength === 0) throw new Error('empty');
    return {
      numPages: 2,
      destroy: async () => {},
      getPage: async (n: number) => ({
        getViewport: ({ scale }: { scale: number }) => ({ width: 600 * scale, height: 800 * scale }),
        render: () => {
          rendered.push(n);
          return { promise: Promise.resolve() };
        },
      }),
    };
  },
}));

const created: Blob[] = [];
beforeEach(() => {
  invokeMock.mockReset();
  rendered.length = 0;
  created.length = 0;
  URL.createObjectURL = vi.fn((b: Blob) => {
    created.push(b);
    return `blob:doc-${created.length}`;
  });
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd);

const doc = (id: number, extra: Partial<Attachment> = {}): Attachment => ({
  id,
  patient_id: 21,
  title: 'MRI report',
  file_name: 'mri.pdf',
  mime: 'application/pdf',
  size_bytes: 1_250_000,
  sha256: 'ab'.repeat(32),
  discipline: null,
  uploaded_by_name: 'Dr Sara Malik',
  uploaded_at: '2030-01-10T05:00:00Z',
  ...extra,
});

function renderTab(handlers: Record<string, (a: unknown) => unknown>) {
  mockCommands(handlers as Record<string, (a: Record<string, unknown>) => unknown>);
  renderUi(
    <SessionContext.Provider value={sessionOf(psychologist)}>
      <ChartContext.Provider value={{ patientId: 21, grant: null, offerEmergency: vi.fn(), openings: 0 }}>
        <DocumentsTab />
      </ChartContext.Provider>
    </SessionContext.Provider>,
  );
}

describe('documents', () => {
  it('uploads the chosen file as raw bytes with its details, sealed to psychology when asked', async () => {
    const user = userEvent.setup();
    let listed: Attachment[] = [];
    renderTab({
      list_attachments: () => listed,
      upload_attachment: () => {
        listed = [doc(3, { title: 'Referral letter', discipline: 'psychology' })];
        return listed[0];
      },
    });
    expect(await screen.findByTestId('docs-empty')).toBeInTheDocument();
    await user.type(screen.getByTestId('doc-title'), 'Referral letter');
    await user.selectOptions(screen.getByTestId('doc-discipline'), 'psychology');
    const file = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], 'referral.pdf', { type: 'application/pdf' });
    await user.upload(screen.getByTestId('doc-upload'), file);
    expect(await screen.findByTestId('doc-notice')).toHaveTextContent('Referral letter');
    const [, body, options] = calls('upload_attachment')[0] as [string, Uint8Array, { headers: Record<string, string> }];
    expect(Array.from(body)).toEqual([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect(JSON.parse(decodeURIComponent(options.headers['x-attachment'] ?? ''))).toEqual({
      patient_id: 21,
      title: 'Referral letter',
      file_name: 'referral.pdf',
      mime: 'application/pdf',
      discipline: 'psychology',
    });
    expect(await screen.findByTestId('doc-row')).toHaveAttribute('data-id', '3');
  });

  it('shows the back end’s word on a refused file next to the file input', async () => {
    const user = userEvent.setup();
    renderTab({
      list_attachments: () => [],
      upload_attachment: () => {
        throw { kind: 'validation', field: 'file', message: 'This file is larger than 20 MB.' };
      },
    });
    await screen.findByTestId('docs-empty');
    await user.upload(screen.getByTestId('doc-upload'), new File(['x'], 'big.png', { type: 'image/png' }));
    expect(await screen.findByTestId('doc-upload-error')).toHaveTextContent('This file is larger than 20 MB.');
  });

  it('shows a file name isolated from the line around it, without bidirectional controls', async () => {
    const user = userEvent.setup();
    // An older name with U+202E, which would display as "scanfdp.jpg".
    renderTab({ list_attachments: () => [doc(6, { file_name: 'scan\u202Egpj.pdf' })], open_attachment: () => new Uint8Array([0x25]).buffer });
    const name = within(await screen.findByTestId('doc-row')).getByTestId('file-name');
    expect(name.tagName).toBe('BDI');
    expect(name).toHaveAttribute('dir', 'ltr');
    expect(name.textContent).toBe('scangpj.pdf');
    await user.click(screen.getByTestId('doc-open-6'));
    const shown = within(await screen.findByTestId('doc-view')).getByTestId('file-name');
    expect(shown.tagName).toBe('BDI');
    expect(shown.textContent).toBe('scangpj.pdf');
  });

  it('shows an image from memory through a blob URL', async () => {
    const user = userEvent.setup();
    renderTab({
      list_attachments: () => [doc(4, { title: 'Knee X-ray', file_name: 'knee.png', mime: 'image/png' })],
      open_attachment: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer,
    });
    await user.click(await screen.findByTestId('doc-open-4'));
    const view = await screen.findByTestId('doc-view');
    const img = await within(view).findByTestId('doc-image');
    expect(img).toHaveAttribute('src', 'blob:doc-1');
    expect(created[0]?.type).toBe('image/png');
    expect(calls('open_attachment')[0]?.[1]).toEqual({ token: 'tok-1', id: 4 });
    await user.click(screen.getByTestId('doc-view-close'));
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:doc-1');
  });

  it('draws a PDF page by page onto canvases', async () => {
    const user = userEvent.setup();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    renderTab({
      list_attachments: () => [doc(5)],
      open_attachment: () => new Uint8Array([0x25, 0x50, 0x44, 0x46]).buffer,
    });
    await user.click(await screen.findByTestId('doc-open-5'));
    // The viewer loads pdf.js on first use, which a busy machine takes over a second to do.
    const pdf = await screen.findByTestId('doc-pdf', {}, { timeout: 5000 });
    expect(pdf).toHaveAttribute('data-pages', '2');
    await waitFor(() => expect(rendered).toEqual([1, 2]), { timeout: 5000 });
    expect(within(pdf).getAllByTestId('doc-pdf-page')).toHaveLength(2);
  });
});
