import { describe, expect, it } from 'vitest';
import { RestartBackoff, goDuration } from './backoff.js';

describe('RestartBackoff', () => {
  it('lets the first restart through, then 10s doubling to 5m', () => {
    let now = 0;
    const b = new RestartBackoff(10_000, 300_000, () => now);
    expect(b.isInBackOffSince('k', now)).toBe(false);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.next('k');
      seen.push(b.get('k'));
      now += 1000;
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    expect(b.isInBackOffSince('k', now)).toBe(true);
    expect(b.isInBackOffSince('k', now - 300_001)).toBe(false);
  });
  it('resets after running untroubled for twice the maximum (10 minutes)', () => {
    let now = 0;
    const b = new RestartBackoff(10_000, 300_000, () => now);
    b.next('k');
    b.next('k');
    now += 600_001;
    b.next('k');
    expect(b.get('k')).toBe(10_000);
  });
  it('formats durations like Go', () => {
    expect(goDuration(10_000)).toBe('10s');
    expect(goDuration(160_000)).toBe('2m40s');
    expect(goDuration(300_000)).toBe('5m0s');
  });
});
