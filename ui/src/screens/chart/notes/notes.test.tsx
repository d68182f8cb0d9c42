import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Note } from '../../../bindings/Note';
import { SessionContext } from '../../../session';
import { note, noteSummary, physio, sessionOf } from '../../../test/clinical';
import { invokeMock, mockCommands, renderUi } from '../../../test/helpers';
import { ChartContext, type Chart } from '../ChartContext';
import { NoteEditor } from './NoteEditor';
import { NotesTab } from './NotesTab';
import { AUTOSAVE_DELAY_MS } from './useAutosave';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

beforeEach(() => {
  invokeMock.mockReset();
});

const calls = (cmd: string) => invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a as Record<string, unknown>);

const chart: Chart = { patientId: 21, grant: null, offerEmergency: vi.fn(), openings: 0 };

function renderInChart(ui: ReactElement) {
  return renderUi(
    <SessionContext.Provider value={sessionOf(physio)}>
      <ChartContext.Provider value={chart}>{ui}</ChartContext.Provider>
    </SessionContext.Provider>,
  );
}

function renderEditor(draft: Note = note(40)) {
  const onClose = vi.fn();
  const onSigned = vi.fn();
  const onDiscarded = vi.fn();
  const view = renderInChart(<NoteEditor note={draft} onClose={onClose} onSigned={onSigned} onDiscarded={onDiscarded} />);
  return { onClose, onSigned, onDiscarded, ...view };
}

const saved = (at = '2030-01-15T05:42:00Z') => () => ({ note_id: 40, saved_at: at });

describe('the note editor', () => {
  it('saves the whole note once the typing pauses, and says when', async () => {
    const user = userEvent.setup();
    mockCommands({ save_note_draft: saved() });
    renderEditor();
    const subjective = screen.getByTestId('note-section-subjective');
    expect(screen.getByTestId('note-save-state')).toHaveAttribute('data-state', 'saved');
    await user.type(subjective, 'Less pain');
    await user.type(subjective, ' on stairs');
    // Debounced: nothing is sent while typing goes on.
    expect(calls('save_note_draft')).toEqual([]);
    expect(screen.getByTestId('note-save-state')).toHaveAttribute('data-state', 'saving');
    await waitFor(() => expect(calls('save_note_draft')).toHaveLength(1), { timeout: AUTOSAVE_DELAY_MS + 1500 });
    expect(calls('save_note_draft')[0]).toEqual({ token: 'tok-1', noteId: 40, content: { subjective: 'Less pain on stairs', pain: '' } });
    await waitFor(() => expect(screen.getByTestId('note-save-state')).toHaveAttribute('data-state', 'saved'));
    // 05:42 UTC is 10:42 in Karachi.
    expect(screen.getByTestId('note-save-state')).toHaveTextContent('Saved 10:42');

    // Leaving a field saves at once.
    await user.type(screen.getByTestId('note-section-pain'), '4');
    await user.tab();
    await waitFor(() => expect(calls('save_note_draft')).toHaveLength(2));
    expect(calls('save_note_draft')[1]?.content).toEqual({ subjective: 'Less pain on stairs', pain: '4' });
  });

  it('keeps the text when a save fails, shows why, and saves it with Ctrl+S', async () => {
    const user = userEvent.setup();
    let fail = true;
    mockCommands({
      save_note_draft: () => {
        if (fail) throw { kind: 'internal', message: 'The store is busy.' };
        return { note_id: 40, saved_at: '2030-01-15T05:43:00Z' };
      },
    });
    renderEditor();
    const subjective = screen.getByTestId('note-section-subjective');
    await user.type(subjective, 'Walked 2 km');
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(screen.getByTestId('note-save-state')).toHaveAttribute('data-state', 'error'));
    expect(screen.getByTestId('note-save-state')).toHaveTextContent('The store is busy.');
    expect(subjective).toHaveValue('Walked 2 km');

    fail = false;
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(screen.getByTestId('note-save-state')).toHaveAttribute('data-state', 'saved'));
    expect(calls('save_note_draft').map((c) => c.content)).toEqual([
      { subjective: 'Walked 2 km', pain: '' },
      { subjective: 'Walked 2 km', pain: '' },
    ]);
    expect(subjective).toHaveValue('Walked 2 km');
  });

  it('shows a refused score next to its section', async () => {
    const user = userEvent.setup();
    mockCommands({
      save_note_draft: () => {
        throw { kind: 'validation', field: 'content.pain', message: '“Pain now” is a whole number from 0 to 10, or left empty.' };
      },
    });
    renderEditor();
    await user.type(screen.getByTestId('note-section-pain'), '11');
    await user.keyboard('{Control>}s{/Control}');
    expect(await screen.findByTestId('note-section-pain-error')).toHaveTextContent('from 0 to 10');
    expect(screen.getByTestId('note-section-pain')).toHaveValue('11');
  });

  it('asks before signing, and signs only when confirmed', async () => {
    const user = userEvent.setup();
    const signed = note(40, { status: 'signed', signed_at: '2030-01-15T05:50:00Z' }, { subjective: 'Better' });
    mockCommands({ save_note_draft: saved(), sign_note: () => signed });
    const { onSigned } = renderEditor(note(40, {}, { subjective: 'Better' }));
    await user.click(screen.getByTestId('note-sign'));
    const dialog = await screen.findByTestId('note-sign-dialog');
    expect(dialog).toHaveTextContent('Once signed a note cannot be changed; corrections are amendments');
    await user.click(screen.getByTestId('note-sign-cancel'));
    expect(calls('sign_note')).toEqual([]);

    // From the keyboard: Ctrl+Enter asks, and Ctrl+Enter again (or the button) signs.
    screen.getByTestId('note-section-subjective').focus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await user.click(await screen.findByTestId('note-sign-confirm'));
    await waitFor(() => expect(calls('sign_note')).toEqual([{ token: 'tok-1', noteId: 40 }]));
    expect(onSigned).toHaveBeenCalledWith(signed);
  });

  it('saves what is not yet saved before signing', async () => {
    const user = userEvent.setup();
    mockCommands({ save_note_draft: saved(), sign_note: () => note(40, { status: 'signed' }) });
    renderEditor();
    await user.type(screen.getByTestId('note-section-subjective'), 'Typed just now');
    await user.click(screen.getByTestId('note-sign'));
    await screen.findByTestId('note-sign-dialog');
    expect(calls('save_note_draft').map((c) => c.content)).toEqual([{ subjective: 'Typed just now', pain: '' }]);
  });

  it('saves unsaved text when it is closed', async () => {
    const user = userEvent.setup();
    mockCommands({ save_note_draft: saved() });
    const { onClose, unmount } = renderEditor();
    await user.type(screen.getByTestId('note-section-subjective'), 'First line');
    await user.click(screen.getByTestId('note-close'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls('save_note_draft')).toHaveLength(1);

    // Even when the chart is left without "close", the text is sent.
    await user.type(screen.getByTestId('note-section-subjective'), ', second');
    unmount();
    expect(calls('save_note_draft').map((c) => c.content)).toEqual([
      { subjective: 'First line', pain: '' },
      { subjective: 'First line, second', pain: '' },
    ]);
  });

  it('discards a draft only after asking', async () => {
    const user = userEvent.setup();
    mockCommands({ discard_note_draft: () => null });
    const { onDiscarded } = renderEditor();
    await user.click(screen.getByTestId('note-discard'));
    await user.click(await screen.findByTestId('note-discard-confirm'));
    await waitFor(() => expect(onDiscarded).toHaveBeenCalled());
    expect(calls('discard_note_draft')).toEqual([{ token: 'tok-1', noteId: 40 }]);
  });
});

describe('the notes tab', () => {
  const signed = note(30, { status: 'signed', signed_at: '2030-01-14T06:00:00Z', created_at: '2030-01-14T05:00:00Z' }, { subjective: 'Knee stiff', pain: '6' });

  it('lists notes newest first with their status and amended mark, and opens the last session in one click', async () => {
    const user = userEvent.setup();
    mockCommands({
      list_notes: () => [
        noteSummary(31, { status: 'signed', amends: 30, amend_reason: 'Wrong knee', signed_at: '2030-01-14T07:00:00Z' }),
        noteSummary(30, { status: 'signed', amended_by: 31, signed_at: '2030-01-14T06:00:00Z' }),
      ],
      my_note_drafts: () => [],
      latest_note: () => signed,
    });
    renderInChart(<NotesTab />);
    const rows = await screen.findAllByTestId('note-row');
    expect(rows.map((r) => [r.dataset.id, r.dataset.status, r.dataset.amended])).toEqual([
      ['31', 'signed', 'false'],
      ['30', 'signed', 'true'],
    ]);
    expect(within(rows[1]!).getByTestId('note-amended-mark')).toHaveTextContent('amended');
    expect(calls('list_notes')).toEqual([{ token: 'tok-1', patientId: 21, discipline: 'physiotherapy' }]);

    await user.click(screen.getByTestId('note-latest'));
    const view = await screen.findByTestId('note-view');
    expect(view).toHaveAttribute('data-id', '30');
    expect(within(view).getByTestId('note-view-section-subjective')).toHaveTextContent('Knee stiff');
    expect(within(view).getByTestId('note-view-section-pain')).toHaveTextContent('6 / 10');
    // latest_note brought the whole note: it is not opened (and audited) a second time.
    expect(calls('get_note')).toEqual([]);
  });

  it('shows the versions chain: the original marked amended, the amendment with its reason', async () => {
    const original = noteSummary(30, { status: 'signed', amended_by: 31, signed_at: '2030-01-14T06:00:00Z' });
    const amendment = noteSummary(31, { status: 'signed', amends: 30, amend_reason: 'Wrong knee', signed_at: '2030-01-14T07:00:00Z' });
    mockCommands({
      list_notes: () => [amendment, original],
      my_note_drafts: () => [],
      get_note: () => ({ ...note(31, amendment), versions: [original, amendment] }),
    });
    const user = userEvent.setup();
    renderInChart(<NotesTab />);
    await user.click((await screen.findAllByTestId('note-row'))[0]!);
    const versions = await screen.findAllByTestId('note-version');
    expect(versions.map((v) => [v.dataset.id, v.dataset.amended])).toEqual([
      ['30', 'true'],
      ['31', 'false'],
    ]);
    expect(versions[0]).toHaveTextContent('Original');
    expect(versions[1]).toHaveTextContent('Wrong knee');
    expect(screen.getByTestId('note-amend-reason-shown')).toHaveTextContent('Reason: Wrong knee');
  });

  it('needs a reason to amend, then edits the new draft', async () => {
    const user = userEvent.setup();
    const draft = note(32, { amends: 30, amend_reason: 'Wrong knee' }, { subjective: 'Knee stiff' });
    mockCommands({ list_notes: () => [signed.summary], my_note_drafts: () => [], get_note: () => signed, amend_note: () => draft });
    renderInChart(<NotesTab />);
    await user.click(await screen.findByTestId('note-row'));
    await user.click(await screen.findByTestId('note-amend'));
    await user.click(screen.getByTestId('note-amend-confirm'));
    expect(await screen.findByTestId('note-amend-reason-error')).toBeInTheDocument();
    expect(calls('amend_note')).toEqual([]);

    await user.type(screen.getByTestId('note-amend-reason'), 'Wrong knee');
    await user.click(screen.getByTestId('note-amend-confirm'));
    await waitFor(() => expect(calls('amend_note')).toEqual([{ token: 'tok-1', noteId: 30, reason: 'Wrong knee' }]));
    const editor = await screen.findByTestId('note-editor');
    expect(editor).toHaveAttribute('data-id', '32');
    expect(screen.getByTestId('note-amending')).toHaveTextContent('Wrong knee');
    expect(screen.getByTestId('note-section-subjective')).toHaveValue('Knee stiff');
  });

  it('offers an unsigned draft back, and starts a new note from a template', async () => {
    const user = userEvent.setup();
    const draft = noteSummary(40, { updated_at: '2030-01-15T05:10:00Z' });
    mockCommands({
      list_notes: () => [draft],
      my_note_drafts: () => [draft],
      list_note_templates: () => [
        { id: 1, name: 'Physiotherapy SOAP', discipline: 'physiotherapy', sections: [], builtin: true, active: true },
        { id: 2, name: 'Old form', discipline: 'physiotherapy', sections: [], builtin: false, active: false },
        { id: 3, name: 'Psychology session', discipline: 'psychology', sections: [], builtin: true, active: true },
      ],
      start_note: () => note(40),
    });
    renderInChart(<NotesTab />);
    expect(await screen.findByTestId('note-draft-offer')).toHaveTextContent('You have an unsigned draft from');
    await user.click(screen.getByTestId('note-new'));
    expect(await screen.findByTestId('note-template-1')).toBeInTheDocument();
    expect(screen.queryByTestId('note-template-2')).not.toBeInTheDocument();
    expect(screen.queryByTestId('note-template-3')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('note-template-1'));
    await screen.findByTestId('note-editor');
    expect(calls('start_note')).toEqual([{ token: 'tok-1', patientId: 21, templateId: 1, appointmentId: null }]);
    // start_note answered with the draft already there: it says so.
    expect(screen.getByTestId('note-offered-back')).toBeInTheDocument();
  });

  it('shows a refused discipline as one calm line with the emergency-access offer', async () => {
    const user = userEvent.setup();
    mockCommands({
      list_notes: (a) => {
        if (a.discipline === 'psychology') throw { kind: 'forbidden', message: 'Psychology records are open to psychology staff only.' };
        return [];
      },
      my_note_drafts: () => [],
    });
    renderInChart(<NotesTab />);
    await screen.findByTestId('notes-empty');
    await user.click(screen.getByTestId('notes-discipline-psychology'));
    const refused = await screen.findByTestId('chart-refused');
    expect(refused).toHaveTextContent('Psychology records are open to psychology staff only.');
    expect(screen.queryByTestId('note-new')).not.toBeInTheDocument();
    fireEvent.click(within(refused).getByTestId('emergency-open'));
    expect(chart.offerEmergency).toHaveBeenCalled();
  });
});
