import { describe, expect, it } from 'vitest';
import { PodWorkers } from './workers.js';

describe('PodWorkers', () => {
  it('never runs two syncs of one pod at once, and coalesces kicks that arrive mid-sync', async () => {
    let active = 0;
    let maxActive = 0;
    const runs: string[] = [];
    let release: () => void = () => {};
    const w = new PodWorkers(
      async (uid) => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs.push(uid);
        if (runs.length === 1) await new Promise<void>((r) => (release = r));
        active--;
        return undefined;
      },
      () => {},
    );
    w.kick('a');
    w.kick('a');
    w.kick('a');
    w.kick('b');
    expect(w.busy()).toBe(true);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toEqual(['a', 'b', 'a']);
    expect(maxActive).toBe(2); // a and b in parallel, never two of a
    w.stop();
  });

  it('syncs again when the pod asks to be woken', async () => {
    let n = 0;
    const w = new PodWorkers(async () => (++n < 3 ? 1 : undefined), () => {});
    w.kick('a');
    await new Promise((r) => setTimeout(r, 50));
    expect(n).toBe(3);
    w.stop();
  });
});
