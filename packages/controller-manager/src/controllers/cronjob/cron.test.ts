import { describe, it, expect } from 'vitest';
import { matches, mostRecentSince, nextAfter, parseSchedule, validateTimeZone } from './cron.js';

const at = (iso: string): number => Date.parse(iso);

describe('cron schedules', () => {
  it('parses lists, ranges, steps, names and descriptors', () => {
    const s = parseSchedule('*/15 9-17 * jan-mar mon,fri');
    expect([...s.minute]).toEqual([0, 15, 30, 45]);
    expect([...s.hour]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...s.month]).toEqual([1, 2, 3]);
    expect([...s.dow].sort()).toEqual([1, 5]);
    expect([...parseSchedule('@hourly').minute]).toEqual([0]);
    expect(() => parseSchedule('* * *')).toThrow('expected exactly 5 fields, found 3');
    expect(() => parseSchedule('61 * * * *')).toThrow('above maximum');
  });

  it('finds the next time, in UTC and in a time zone', () => {
    const s = parseSchedule('30 2 * * *');
    expect(new Date(nextAfter(s, at('2024-03-01T00:00:00Z'), 'UTC')!).toISOString()).toBe('2024-03-01T02:30:00.000Z');
    // 02:30 in Tokyo (UTC+9) is 17:30 UTC the day before.
    expect(new Date(nextAfter(s, at('2024-03-01T00:00:00Z'), 'Asia/Tokyo')!).toISOString()).toBe('2024-03-01T17:30:00.000Z');
  });

  it('either day field may match when both are restricted', () => {
    const s = parseSchedule('0 0 1 * mon');
    expect(matches(s, at('2024-04-01T00:00:00Z'), 'UTC')).toBe(true); // the 1st (a Monday too)
    expect(matches(s, at('2024-04-08T00:00:00Z'), 'UTC')).toBe(true); // a Monday
    expect(matches(s, at('2024-04-09T00:00:00Z'), 'UTC')).toBe(false);
  });

  it('reports the most recent missed time and how many were missed', () => {
    const s = parseSchedule('*/10 * * * *');
    const r = mostRecentSince(s, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:35:00Z'), 'UTC');
    expect(r.missed).toBe(3);
    expect(new Date(r.last!).toISOString()).toBe('2024-01-01T00:30:00.000Z');
  });

  it('spec.timeZone shifts the schedule: 09:00 in Asia/Shanghai (UTC+8, no DST) is 01:00 UTC', () => {
    const s = parseSchedule('0 9 * * *');
    const from = at('2024-06-15T00:30:00Z'); // 08:30 in Shanghai
    expect(new Date(nextAfter(s, from, 'Asia/Shanghai')!).toISOString()).toBe('2024-06-15T01:00:00.000Z');
    expect(new Date(nextAfter(s, from, 'Etc/UTC')!).toISOString()).toBe('2024-06-15T09:00:00.000Z');
    expect(matches(s, at('2024-06-15T01:00:00Z'), 'Asia/Shanghai')).toBe(true);
    expect(matches(s, at('2024-06-15T01:00:00Z'), 'Etc/UTC')).toBe(false);
    // The day fields follow the zone too: Monday 00:00 in Shanghai is Sunday 16:00 UTC.
    expect(new Date(nextAfter(parseSchedule('0 0 * * mon'), at('2024-06-15T00:00:00Z'), 'Asia/Shanghai')!).toISOString()).toBe('2024-06-16T16:00:00.000Z');
  });

  it('a zone with DST: 02:30 in America/New_York follows the UTC offset change', () => {
    const s = parseSchedule('30 2 * * *');
    expect(new Date(nextAfter(s, at('2024-01-10T00:00:00Z'), 'America/New_York')!).toISOString()).toBe('2024-01-10T07:30:00.000Z'); // EST, UTC-5
    expect(new Date(nextAfter(s, at('2024-07-10T00:00:00Z'), 'America/New_York')!).toISOString()).toBe('2024-07-10T06:30:00.000Z'); // EDT, UTC-4
  });

  it('an unknown time zone is rejected', () => {
    expect(() => validateTimeZone('Mars/Olympus')).toThrow(RangeError);
    expect(() => validateTimeZone('Asia/Shanghai')).not.toThrow();
  });
});
