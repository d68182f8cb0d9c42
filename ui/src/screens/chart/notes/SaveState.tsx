import { useI18n } from '../../../i18n/context';
import { formatTime } from '../../../time';
import type { SaveState as State } from './useAutosave';

/** "Saved 10:42" / "Saving…" / the error, always in view while writing. */
export function SaveState({ state, banner }: { state: State; banner: string | undefined }) {
  const { t, lang } = useI18n();
  return (
    <p className={`save-state save-${state.kind}`} data-testid="note-save-state" data-state={state.kind} role="status" aria-live="polite">
      {state.kind === 'saved'
        ? t('note.saved', { time: formatTime(state.at, lang) })
        : state.kind === 'saving'
          ? t('note.saving')
          : t('note.saveFailed', { message: banner ?? state.error.message ?? t('common.errorUnknown') })}
    </p>
  );
}
