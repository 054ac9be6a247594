import { describe, it, expect } from 'vitest';
import { Backoff, TokenBucket } from './flowcontrol.js';

describe('TokenBucket', () => {
  it('allows a burst, then spaces tokens at qps', () => {
    let now = 0;
    const b = new TokenBucket(10, 2, () => now);
    expect(b.reserve()).toBe(0);
    expect(b.reserve()).toBe(0);
    expect(b.reserve()).toBeCloseTo(100);
    now = 1000;
    expect(b.tryAccept()).toBe(true);
    expect(b.tryAccept()).toBe(true);
    expect(b.tryAccept()).toBe(false);
  });
});

describe('Backoff', () => {
  it('doubles from the initial delay to the cap, and starts over after reset', () => {
    let now = 0;
    const b = new Backoff(100, 1000, 60_000, 0, () => now);
    const delays = [b.next(), b.next(), b.next(), b.next(), b.next()];
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    b.reset();
    expect(b.next()).toBe(100);
    now = 120_000; // a quiet minute also resets it
    b.next();
    now = 300_000;
    expect(b.next()).toBe(100);
  });
});
