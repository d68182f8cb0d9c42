/** Bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A document's file name, isolated from the text around it (`<bdi>`) and laid out left
 * to right, so an Urdu name cannot reorder the line it sits in. The services drop
 * bidirectional controls from file names (and a migration took them out of older
 * ones), so `scan` + U+202E + `gpj.pdf` cannot show as "scanfdp.jpg"; they are dropped
 * here too, for any name that still carries one.
 */
export function FileName({ name, className }: { name: string; className?: string }) {
  return (
    <bdi dir="ltr" className={className} data-testid="file-name">
      {name.replace(BIDI_CONTROLS, '')}
    </bdi>
  );
}
