import { describe, expect, it } from 'vitest';
import { StartQueue } from './start-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('StartQueue', () => {
  it('runs at most `limit` at once, and containers of running sandboxes before new sandboxes', async () => {
    const q = new StartQueue(2);
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const job = (name: string) => async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      order.push(name);
      running--;
    };
    const all = [q.run('sandbox', job('s1')), q.run('sandbox', job('s2')), q.run('sandbox', job('s3')), q.run('sandbox', job('s4'))];
    // Queued after s3 and s4, but a container: it takes the first free slot.
    all.push(q.run('container', job('c1')));
    expect(q.queued).toBe(3);
    await Promise.all(all);
    expect(peak).toBe(2);
    expect(order.indexOf('c1')).toBeLessThan(order.indexOf('s3'));
    expect(order.slice(0, 2).sort()).toEqual(['s1', 's2']);
    expect(q.queued).toBe(0);
  });
  it('a failing start frees its slot', async () => {
    const q = new StartQueue(1);
    await expect(q.run('sandbox', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run('container', async () => 'next')).toBe('next');
  });
});
