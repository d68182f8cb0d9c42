/** What the back end takes for an optional text: null when nothing but spaces was typed. */
export function blankToNull(s: string): string | null {
  return s.trim() === '' ? null : s;
}
