import { useState } from 'react';
import { api } from '../../../api';
import type { Note } from '../../../bindings/Note';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { TextAreaField } from '../../../components/Field';
import { useSubmit } from '../../../components/useSubmit';
import { useI18n } from '../../../i18n/context';
import { useSession } from '../../../session';

/** A correction of a signed note: the reason first; the note itself is never changed. */
export function AmendForm({ noteId, onAmending, onCancel }: { noteId: number; onAmending: (draft: Note) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const { busy, err, onSubmit } = useSubmit(
    ['reason'],
    async () => {
      onAmending(await api.amendNote(token, noteId, reason.trim()));
    },
    {
      validate: () => {
        const empty = reason.trim() === '';
        setMissing(empty);
        return !empty;
      },
    },
  );
  return (
    <form className="entry-form" onSubmit={onSubmit} noValidate data-testid="note-amend-form" aria-label={t('note.amend')}>
      <p>{t('note.amendExplain')}</p>
      {err.banner ? <Banner tone="error">{err.banner}</Banner> : null}
      <TextAreaField
        id="note-amend-reason"
        label={t('note.amendReason')}
        rows={2}
        autoFocus
        required
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setMissing(false);
        }}
        error={missing ? t('note.amendReasonMissing') : err.fieldError('reason')}
      />
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy} testId="note-amend-confirm">
          {t('note.amendStart')}
        </Button>
        <Button testId="note-amend-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
