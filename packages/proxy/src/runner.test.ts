import { describe, it, expect } from 'vitest';
import { BoundedFrequencyRunner } from './runner.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('BoundedFrequencyRunner', () => {
  it('coalesces requests made in one tick, and during a run, into one more run', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const r = new BoundedFrequencyRunner(
      async () => {
        runs++;
        if (runs === 1) await new Promise<void>((res) => (release = res));
      },
      { minIntervalMs: 0, maxIntervalMs: 0 },
    );
    for (let i = 0; i < 10; i++) r.run();
    await tick(5);
    expect(runs).toBe(1);
    for (let i = 0; i < 10; i++) r.run(); // while the first run is in progress
    release();
    await tick(20);
    expect(runs).toBe(2);
    await r.stop();
  });

  it('after a burst of two, holds further runs back by minInterval', async () => {
    const at: number[] = [];
    const r = new BoundedFrequencyRunner(async () => void at.push(Date.now()), { minIntervalMs: 60_000, maxIntervalMs: 0, burst: 2 });
    r.run();
    await tick(5);
    r.run();
    await tick(5);
    r.run();
    await tick(50);
    expect(at).toHaveLength(2);
    await r.runNow(); // an explicit sync is never held back
    expect(at).toHaveLength(3);
    await r.stop();
  });

  it('a failing run is reported and does not stop later runs', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const r = new BoundedFrequencyRunner(
      async () => {
        if (++n === 1) throw new Error('iptables-restore failed');
      },
      { minIntervalMs: 0, maxIntervalMs: 0, onError: (e) => errors.push(e) },
    );
    await r.runNow();
    await r.runNow();
    expect(n).toBe(2);
    expect(errors).toHaveLength(1);
    await r.stop();
  });
});
