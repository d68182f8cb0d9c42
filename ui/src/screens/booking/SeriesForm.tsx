import { useState } from 'react';
import { api } from '../../api';
import type { Appointment } from '../../bindings/Appointment';
import type { OccurrencePreview } from '../../bindings/OccurrencePreview';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useSubmit } from '../../components/useSubmit';
import { useCommandError } from '../../components/useCommandError';
import { useI18n } from '../../i18n/context';
import { useSession } from '../../session';
import { formatTime, formatWhen } from '../../time';
import { occurrenceChoices, seriesInput, type Chosen, type Choice, type Parties, type SeriesDraft } from './draft';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const FIELDS = ['every_weeks', 'weekdays', 'count', 'until', 'starts_at', 'past_reason'] as const;

type Props = {
  parties: Parties;
  chosen: Chosen;
  pastReason: string;
  draft: SeriesDraft;
  onDraft: (d: SeriesDraft) => void;
  onBooked: (booked: Appointment[]) => void;
};

type Preview = { key: string; list: OccurrencePreview[] };

/**
 * A repeating booking: every N weeks on some weekdays, until a day or N times. The
 * preview shows each occurrence with its clashes; each clashing one is skipped or
 * moved to a suggested time, then the whole series is booked, or none of it.
 */
export function SeriesForm({ parties, chosen, pastReason, draft, onDraft, onBooked }: Props) {
  const { t, lang } = useI18n();
  const { token } = useSession();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [choices, setChoices] = useState<Map<number, Choice>>(new Map());
  const [booking, setBooking] = useState(false);
  const bookErr = useCommandError(['move_to']);
  const req = seriesInput(parties, chosen, pastReason, draft);
  const key = JSON.stringify(req);
  const current = preview && preview.key === key ? preview.list : null;

  const { busy, err, onSubmit } = useSubmit(FIELDS, async () => {
    bookErr.clear();
    const list = await api.previewSeries(token, req);
    setPreview({ key, list });
    setChoices(new Map());
  });

  const set = (patch: Partial<SeriesDraft>) => onDraft({ ...draft, ...patch });
  const choose = (i: number, c: Choice | null) =>
    setChoices((old) => {
      const next = new Map(old);
      if (c) next.set(i, c);
      else next.delete(i);
      return next;
    });

  const undecided = current ? current.filter((o, i) => o.clashes.length > 0 && !choices.has(i)).length : 0;
  const toBook = current ? current.filter((o, i) => o.clashes.length === 0 || choices.get(i)?.kind === 'move').length : 0;

  const book = async () => {
    if (!current || booking) return;
    bookErr.clear();
    if (undecided > 0) {
      bookErr.setError({ kind: 'validation', message: t('series.undecided', { count: undecided }) });
      return;
    }
    setBooking(true);
    try {
      onBooked(await api.bookSeries(token, req, occurrenceChoices(current, choices)));
    } catch (e) {
      bookErr.setError(e);
      setBooking(false);
    }
  };

  return (
    <div className="stack series" data-testid="series-form">
      <form className="series-rule" onSubmit={onSubmit} noValidate aria-label={t('series.rule')}>
        {err.banner ? (
          <div className="full-row">
            <Banner tone="error">{err.banner}</Banner>
          </div>
        ) : null}
        <Field
          id="series-every"
          type="number"
          min={1}
          max={8}
          label={t('series.every')}
          value={draft.every}
          onChange={(e) => set({ every: e.target.value })}
          error={err.fieldError('every_weeks')}
        />
        <fieldset className="full-row weekday-set" aria-describedby={err.fieldError('weekdays') ? 'series-weekdays-error' : undefined}>
          <legend>{t('series.weekdays')}</legend>
          <div className="weekday-boxes">
            {WEEKDAYS.map((w) => (
              <label key={w} className="check">
                <input
                  type="checkbox"
                  data-testid={`series-weekday-${w}`}
                  checked={draft.weekdays.includes(w)}
                  onChange={(e) => set({ weekdays: e.target.checked ? [...draft.weekdays, w] : draft.weekdays.filter((x) => x !== w) })}
                />
                {t(`weekday.${w}`)}
              </label>
            ))}
          </div>
          {err.fieldError('weekdays') ? (
            <p id="series-weekdays-error" className="field-error" role="alert" data-testid="series-weekdays-error">
              {err.fieldError('weekdays')}
            </p>
          ) : null}
        </fieldset>
        <Field
          id="series-count"
          type="number"
          min={1}
          max={104}
          label={t('series.count')}
          hint={t('series.countHint')}
          value={draft.count}
          disabled={draft.until.trim() !== ''}
          onChange={(e) => set({ count: e.target.value })}
          error={err.fieldError('count')}
        />
        <Field
          id="series-until"
          label={t('series.until')}
          hint={t('series.untilHint')}
          dir="ltr"
          inputMode="numeric"
          autoComplete="off"
          value={draft.until}
          onChange={(e) => set({ until: e.target.value })}
          error={err.fieldError('until')}
        />
        {err.fieldError('starts_at') || err.fieldError('past_reason') ? (
          <div className="full-row">
            <Banner tone="error">{err.fieldError('starts_at') ?? err.fieldError('past_reason')}</Banner>
          </div>
        ) : null}
        <div className="actions full-row">
          <Button type="submit" variant={current ? 'secondary' : 'primary'} busy={busy} testId="series-preview">
            {t('series.preview')}
          </Button>
        </div>
      </form>

      {preview && !current ? <p className="muted">{t('series.stale')}</p> : null}
      {current ? (
        <section aria-labelledby="series-list-title" className="stack">
          <h3 id="series-list-title">{t('series.listTitle', { count: current.length })}</h3>
          <ol className="series-list">
            {current.map((o, i) => {
              const clash = o.clashes.length > 0;
              const c = choices.get(i);
              return (
                <li
                  key={o.starts_at}
                  data-testid="series-occurrence"
                  data-starts={o.starts_at}
                  data-clash={clash ? 'true' : 'false'}
                  className={clash ? (c ? 'decided' : 'clashing') : undefined}
                >
                  <span className="when" dir="ltr">
                    {formatWhen(o.starts_at, lang)}–{formatTime(o.ends_at, lang)}
                  </span>
                  {clash ? (
                    <div className="stack">
                      <div className="clash">
                        {o.clashes.map((s, j) => (
                          <p key={j}>{s}</p>
                        ))}
                      </div>
                      <div className="occurrence-choice">
                        <label className="check">
                          <input
                            type="checkbox"
                            data-testid={`series-skip-${i}`}
                            checked={c?.kind === 'skip'}
                            onChange={(e) => choose(i, e.target.checked ? { kind: 'skip' } : null)}
                          />
                          {t('series.skip')}
                        </label>
                        <label>
                          <span className="visually-hidden">{t('series.moveLabel', { when: formatWhen(o.starts_at, lang) })}</span>
                          <select
                            data-testid={`series-move-${i}`}
                            value={c?.kind === 'move' ? c.to : ''}
                            onChange={(e) => choose(i, e.target.value === '' ? null : { kind: 'move', to: e.target.value })}
                          >
                            <option value="">{o.suggestions.length > 0 ? t('series.moveTo') : t('series.noSuggestions')}</option>
                            {o.suggestions.map((s) => (
                              <option key={s} value={s}>
                                {formatWhen(s, lang)}
                              </option>
                            ))}
                          </select>
                        </label>
                      </div>
                    </div>
                  ) : (
                    <span className="status status-arrived">{t('series.free')}</span>
                  )}
                </li>
              );
            })}
          </ol>
          {bookErr.banner ? (
            <Banner tone="error" testId="series-error">
              {bookErr.banner}
            </Banner>
          ) : null}
          <div className="actions">
            <Button variant="primary" busy={booking} testId="series-book" onClick={() => void book()}>
              {t('series.book', { count: toBook })}
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
