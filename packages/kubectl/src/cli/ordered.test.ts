import { describe, expect, it } from 'vitest';
import { runOrdered } from './ordered.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('runOrdered', () => {
  it('reports in input order even when later tasks finish first', async () => {
    const order: number[] = [];
    const tasks = [30, 1, 10, 1].map((ms, i) => ({ key: `k${i}`, barrier: false, run: async () => (await sleep(ms), i) }));
    await runOrdered(tasks, 4, (i, r) => {
      expect(r).toEqual({ status: 'fulfilled', value: i });
      order.push(i);
    });
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('runs a barrier alone: nothing after it starts before it finishes', async () => {
    const events: string[] = [];
    const task = (name: string, barrier = false) => ({
      key: name,
      barrier,
      run: async () => {
        events.push(`start ${name}`);
        await sleep(5);
        events.push(`end ${name}`);
      },
    });
    await runOrdered([task('a'), task('ns', true), task('b'), task('c')], 8, () => {});
    expect(events.indexOf('end a')).toBeLessThan(events.indexOf('start ns'));
    expect(events.indexOf('end ns')).toBeLessThan(events.indexOf('start b'));
  });

  it('reports failures in place', async () => {
    const seen: string[] = [];
    await runOrdered(
      [
        { key: 'a', barrier: false, run: async () => 'ok' },
        { key: 'b', barrier: false, run: async () => Promise.reject(new Error('boom')) },
      ],
      2,
      (_i, r) => seen.push(r.status),
    );
    expect(seen).toEqual(['fulfilled', 'rejected']);
  });
});
