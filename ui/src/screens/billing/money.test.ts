import { describe, expect, it } from 'vitest';
import { formatPkr, parseRupees, percentText, typedRupees } from './money';

describe('money as the desk types it', () => {
  it('reads what people type to the paisa, as the service does', () => {
    const cases: [string, number][] = [
      ['1500', 150_000],
      ['1,500', 150_000],
      ['1500.50', 150_050],
      ['1500.5', 150_050],
      ['1,50,000', 15_000_000],
      ['150,000', 15_000_000],
      ['Rs 1,500', 150_000],
      ['PKR 2,500.75', 250_075],
      ['0.01', 1],
      ['  700 ', 70_000],
      ['0', 0],
      ['1000000000', 100_000_000_000],
    ];
    for (const [typed, paisa] of cases) expect(parseRupees(typed), typed).toBe(paisa);
  });

  it('refuses what cannot be money, like the service', () => {
    for (const typed of ['0.001', '-5', 'abc', '1.2.3', '1,5,00', '1,00', '1,50,00', '12.', '', '  ', '1e3', '99999999999999999999', '1000000001', '1\u202E500', '١٥٠٠'])
      expect(parseRupees(typed), JSON.stringify(typed)).toBeNull();
  });

  it('shows amounts as PKR with thousands and two decimals', () => {
    expect(formatPkr(150_050)).toBe('PKR 1,500.50');
    expect(formatPkr(123_456_789)).toBe('PKR 1,234,567.89');
    expect(formatPkr(5)).toBe('PKR 0.05');
    expect(formatPkr(0)).toBe('PKR 0.00');
    expect(formatPkr(-100)).toBe('-PKR 1.00');
  });

  it('gives an amount back as it would be typed, and reads the same again', () => {
    for (const paisa of [150_000, 150_050, 5, 0, 1_234_567_89, 99]) expect(parseRupees(typedRupees(paisa))).toBe(paisa);
    expect(typedRupees(150_000)).toBe('1,500');
    expect(typedRupees(150_050)).toBe('1,500.50');
  });

  it('writes basis points as a percentage', () => {
    expect(percentText(1250)).toBe('12.5');
    expect(percentText(1000)).toBe('10');
    expect(percentText(1205)).toBe('12.05');
    expect(percentText(0)).toBe('0');
  });
});
