import type { TimelineEntry } from '../../../bindings/TimelineEntry';
import { FileName } from '../../../components/FileName';
import { useI18n } from '../../../i18n/context';
import { formatDay, formatSpan, formatWhen } from '../../../time';
import { instrumentName } from '../measures/bands';
import { bandLabel } from '../measures/bands';

/** What one line says: when, which discipline, and the item in a few words. */
export function TimelineText({ entry }: { entry: TimelineEntry }) {
  const { t, lang } = useI18n();
  const item = entry.item;
  const what = (() => {
    switch (item.kind) {
      case 'appointment':
        return (
          <>
            <strong>{item.service}</strong> · {item.practitioner} · {t(`status.${item.status}`)} · {formatSpan(entry.at, item.ends_at, lang)}
          </>
        );
      case 'note':
        return (
          <>
            <strong>{item.template_name}</strong> · {item.author_name} · {t(item.signed ? 'note.status.signed' : 'note.status.draft')}
            {item.amended_by !== null ? <span className="tag tag-amended"> {t('note.amended')}</span> : null}
            {item.amends !== null ? <span className="tag"> {t('note.amendmentTag')}</span> : null}
          </>
        );
      case 'measure':
        return (
          <>
            <strong>{instrumentName(item.instrument)}</strong> · {t('measure.score')} {item.total}
            {item.band ? <> · {bandLabel(t, item.band)}</> : null} · {formatDay(item.taken_on, lang)}
            {item.risk ? <span className="tag tag-amended"> {t('risk.tag')}</span> : null}
          </>
        );
      case 'dispensing':
        return (
          <>
            <strong>{item.medicine}</strong> × {item.quantity} · {item.dispensed_by}
            {item.allergy_overridden ? <span className="tag tag-warn"> {t('dispense.overridden')}</span> : null}
          </>
        );
      case 'attachment':
        return (
          <>
            <strong>{item.title}</strong> · <FileName name={item.file_name} /> · {item.uploaded_by}
          </>
        );
    }
  })();
  return (
    <>
      <span className="timeline-when">{formatWhen(entry.at, lang)}</span>
      <span className={`timeline-kind kind-${item.kind}`}>{t(`timeline.kind.${item.kind}`)}</span>
      <span className="timeline-discipline">{entry.discipline ? t(`discipline.${entry.discipline}`) : t('doc.everyClinician')}</span>
      <span className="timeline-what">{what}</span>
    </>
  );
}
