import type { Instrument } from '../../../bindings/Instrument';
import type { MessageKey } from '../../../i18n/translate';

/**
 * The question each item asks, as published (PHQ-9 and GAD-7 by Spitzer, Williams,
 * Kroenke et al., free to use), in the locale files under `measure.<instrument>.item<n>`.
 */
export function itemKey(instrument: Instrument, n: number): MessageKey {
  return `measure.${instrument}.item${n}` as MessageKey;
}

/** The stem above the items. */
export function stemKey(instrument: Instrument): MessageKey {
  return `measure.${instrument}.stem` as MessageKey;
}

/** PHQ-9 and GAD-7 answers 0–3: "Not at all" … "Nearly every day". */
export function frequencyKey(answer: number): MessageKey {
  return `measure.answer.${answer}` as MessageKey;
}

/** The instruments answered by how often (0–3), item by item. */
export function asksHowOften(instrument: Instrument): boolean {
  return instrument === 'phq9' || instrument === 'gad7';
}
