import { useState } from 'react';
import { api, EXPORT_PURPOSES, type ExportPurpose } from '../../api';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';

/** "Export record (PDF)": the purpose is asked every time, for the audit trail; the saved file's path is shown. */
export function RecordExport({ patientId }: { patientId: number }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [purpose, setPurpose] = useState<ExportPurpose>('care');
  const [path, setPath] = useState<string | null>(null);
  const { busy, err, onSubmit } = useSubmit(['purpose'], async () => {
    setPath(null);
    setPath(await api.exportRecordPdf(token, patientId, purpose));
  });
  return (
    <form className="record-export" onSubmit={onSubmit} noValidate aria-label={t('record.export')}>
      <SelectField
        id="record-purpose"
        label={t('record.purpose')}
        value={purpose}
        onChange={(e) => setPurpose(e.target.value as ExportPurpose)}
        error={err.fieldError('purpose')}
      >
        {EXPORT_PURPOSES.map((p) => (
          <option key={p} value={p}>
            {t(`record.purpose.${p}`)}
          </option>
        ))}
      </SelectField>
      <Button type="submit" busy={busy} testId="record-export">
        {t('record.export')}
      </Button>
      {path ? (
        <Banner tone="success" testId="record-export-notice">
          {t('record.saved')} <span dir="ltr" className="mono-path" data-testid="record-export-path">{path}</span>
        </Banner>
      ) : null}
      {err.banner ? (
        <Banner tone="error" testId="record-export-error">
          {err.banner}
        </Banner>
      ) : null}
    </form>
  );
}
