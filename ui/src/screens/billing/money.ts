// Money as the desk types it and reads it. The service reads every amount again and
// is the judge (src-tauri/src/billing/money.rs); these mirror its rules so the dialog
// can show the change due and what is left to pay while the desk types.

/** The most one amount may be: PKR 1 arab, as the service holds it. */
export const MAX_PAISA = 100_000_000_000;

const PREFIXES = ['PKR', 'Rs.', 'Rs', 'pkr', 'rs.', 'rs'];

/**
 * Reads "1500", "1,500", "1,50,000", "1500.5", "1500.50", "Rs 1,500" into paisa.
 * Null for anything the service would refuse: letters, a minus sign, a third decimal,
 * misplaced commas ("1,00"), an empty field, more than `MAX_PAISA`.
 */
export function parseRupees(typed: string): number | null {
  let t = typed.trim();
  const prefix = PREFIXES.find((p) => t.startsWith(p));
  if (prefix) t = t.slice(prefix.length).trim();
  if (t === '' || t.startsWith('-')) return null;
  const dot = t.indexOf('.');
  const whole = dot >= 0 ? t.slice(0, dot) : t;
  const frac = dot >= 0 ? t.slice(dot + 1) : '';
  if (dot >= 0 && (frac === '' || frac.length > 2 || !/^\d+$/.test(frac))) return null;
  const groups = whole.split(',');
  const grouped = groups.every((g, i) => {
    const sizeOk = i === 0 || g.length === 3 || (g.length === 2 && i + 1 < groups.length);
    return /^\d+$/.test(g) && sizeOk;
  });
  if (!grouped) return null;
  const digits = groups.join('').replace(/^0+/, '');
  if (digits.length > 12) return null;
  const paisa = Number(digits || '0') * 100 + (frac === '' ? 0 : Number(frac.padEnd(2, '0')));
  return paisa > MAX_PAISA ? null : paisa;
}

/** Groups rupees in threes as the service's documents do: 1,234,567. */
function grouped(rupees: number): string {
  const s = String(rupees);
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "PKR 1,500.00"; a negative amount as "-PKR 1,500.00" (the service's `Money::pkr`). */
export function formatPkr(paisa: number): string {
  const sign = paisa < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(paisa));
  const rupees = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return `${sign}PKR ${grouped(rupees)}.${rest}`;
}

/** Paisa as the desk would type it back into a field: 150050 → "1,500.50", 150000 → "1,500". */
export function typedRupees(paisa: number): string {
  const abs = Math.max(0, Math.trunc(paisa));
  const rest = abs % 100;
  return rest === 0 ? grouped(abs / 100) : `${grouped(Math.floor(abs / 100))}.${String(rest).padStart(2, '0')}`;
}

/** Basis points as a percentage for people: 1250 → "12.5", 1000 → "10". */
export function percentText(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}
