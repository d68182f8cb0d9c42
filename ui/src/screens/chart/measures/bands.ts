import type { Band } from '../../../bindings/Band';
import type { Instrument } from '../../../bindings/Instrument';
import type { Translate } from '../../../i18n/translate';

export function bandLabel(t: Translate, band: Band): string {
  return t(`band.${band}`);
}

/** Shading from calm to alarming, the same for every instrument. */
export const BAND_COLOURS: Record<Band, string> = {
  none: 'rgba(29, 107, 47, 0.12)',
  minimal: 'rgba(29, 107, 47, 0.12)',
  mild: 'rgba(242, 169, 0, 0.16)',
  moderate: 'rgba(230, 120, 0, 0.18)',
  moderately_severe: 'rgba(200, 70, 20, 0.2)',
  severe: 'rgba(166, 27, 27, 0.22)',
};

const NAMES: Record<Instrument, string> = { phq9: 'PHQ-9', gad7: 'GAD-7', nprs: 'NPRS', psfs: 'PSFS' };

/** The instrument's published short name, where instrument_info is not at hand. */
export function instrumentName(i: Instrument): string {
  return NAMES[i];
}
