import { describe, expect, it } from 'vitest';
import {
  addDays,
  clinicDateTime,
  clinicToday,
  formatDay,
  formatTime,
  formatWhen,
  isDay,
  mondayOf,
  toTypedTime,
  typedToClinic,
  weekdayOf,
} from './time';

describe('clinic time', () => {
  it('shows UTC instants in Karachi time whatever the machine zone', () => {
    expect(clinicDateTime('2025-01-15T05:00:00Z')).toEqual({ date: '2025-01-15', time: '10:00' });
    // 21:30 UTC is already the next day in Karachi.
    expect(clinicDateTime('2025-01-15T21:30:00Z')).toEqual({ date: '2025-01-16', time: '02:30' });
    expect(clinicToday(new Date('2025-01-15T21:30:00Z'))).toBe('2025-01-16');
    expect(toTypedTime('2025-01-15T05:00:00Z')).toBe('2025-01-15 10:00');
    expect(formatTime('2025-01-15T05:00:00Z', 'en')).toBe('10:00');
    expect(formatTime('2025-01-15T05:00:00Z', 'ur')).toBe('10:00');
    expect(formatWhen('2025-01-15T05:00:00Z', 'en')).toBe('Wed 15 Jan, 10:00');
    expect(formatDay('2025-01-15', 'en')).toBe('Wednesday, 15 Jan 2025');
  });

  it('reads a typed time only when it is whole and real', () => {
    expect(typedToClinic('2025-01-15 10:00')).toBe('2025-01-15T10:00');
    expect(typedToClinic(' 2025-01-15 9:30 ')).toBe('2025-01-15T09:30');
    expect(typedToClinic('2025-01-15 10:0')).toBeNull();
    expect(typedToClinic('2025-02-30 10:00')).toBeNull();
    expect(typedToClinic('2025-01-15 24:00')).toBeNull();
    expect(typedToClinic('')).toBeNull();
  });

  it('counts days and weekdays as the back end does', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(weekdayOf('2025-01-13')).toBe(1);
    expect(weekdayOf('2025-01-19')).toBe(7);
    expect(mondayOf('2025-01-19')).toBe('2025-01-13');
    expect(mondayOf('2025-01-13')).toBe('2025-01-13');
  });
});

describe('the test machine', () => {
  it('runs in UTC, so the tests above prove the conversion to Karachi', () => {
    expect(new Date('2025-01-15T05:00:00Z').getHours()).toBe(5);
  });
});
