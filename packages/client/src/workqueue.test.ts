import { describe, it, expect } from 'vitest';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  WorkQueue,
  runWorkers,
} from './workqueue.js';
import { silentLogger } from './logger.js';

describe('WorkQueue', () => {
  it('deduplicates keys waiting in the queue', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('hands a key re-added during processing out again only after done()', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const key = await q.get();
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0); // not handed to a second worker while the first holds it
    q.done(key!);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting get() when a key arrives', async () => {
    const q = new WorkQueue<string>();
    const got = q.get();
    q.add('x');
    expect(await got).toBe('x');
  });

  it('drains queued keys after shutDown, then returns undefined, and ignores new adds', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    q.shutDown();
    q.add('b');
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBeUndefined();
    const waiting = new WorkQueue<string>();
    const pending = waiting.get();
    waiting.shutDown();
    expect(await pending).toBeUndefined();
  });

  it('addAfter adds the key once the delay passes, keeping the earliest time', async () => {
    const q = new WorkQueue<string>();
    q.addAfter('a', 30);
    q.addAfter('a', 10_000);
    expect(q.len()).toBe(0);
    expect(await q.get()).toBe('a');
  });

  it('shutDownWithDrain resolves once in-flight keys are done', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const key = await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done(key!);
    await p;
    expect(drained).toBe(true);
  });
});

describe('rate limiters', () => {
  it('backs off per item from 5 ms, doubling up to 1000 s, and forget resets', () => {
    const rl = new ItemExponentialFailureRateLimiter<string>();
    expect([rl.when('a'), rl.when('a'), rl.when('a'), rl.when('b')]).toEqual([5, 10, 20, 5]);
    expect(rl.numRequeues('a')).toBe(3);
    for (let i = 0; i < 40; i++) rl.when('a');
    expect(rl.when('a')).toBe(1_000_000);
    rl.forget('a');
    expect(rl.when('a')).toBe(5);
  });

  it('is configurable', () => {
    const rl = new ItemExponentialFailureRateLimiter<string>(100, 250);
    expect([rl.when('a'), rl.when('a'), rl.when('a')]).toEqual([100, 200, 250]);
  });

  it('the overall bucket only delays once its burst is spent', () => {
    const rl = new BucketRateLimiter<string>(10, 3);
    expect([rl.when(), rl.when(), rl.when()]).toEqual([0, 0, 0]);
    expect(rl.when()).toBeGreaterThan(0);
  });

  it('MaxOf takes the longest delay', () => {
    const rl = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter(5, 1000), new ItemExponentialFailureRateLimiter(50, 1000));
    expect(rl.when('a')).toBe(50);
    expect(rl.numRequeues('a')).toBe(1);
  });
});

describe('runWorkers', () => {
  it('never runs one key on two workers at once, and runs a re-added key again', async () => {
    const q = new WorkQueue<string>({ rateLimiter: new ItemExponentialFailureRateLimiter(1, 10) });
    const active = new Set<string>();
    let overlaps = 0;
    const runs = new Map<string, number>();
    const keys = ['a', 'b', 'c'];
    const workers = runWorkers(q, 4, async (key) => {
      if (active.has(key)) overlaps++;
      active.add(key);
      runs.set(key, (runs.get(key) ?? 0) + 1);
      // Re-add while processing: must wait for this run to finish.
      if (runs.get(key)! < 5) q.add(key);
      await new Promise((r) => setImmediate(r));
      active.delete(key);
      if (runs.get(key) === 5 && keys.every((k) => runs.get(k) === 5)) q.shutDown();
    });
    for (const k of keys) q.add(k);
    await workers;
    expect(overlaps).toBe(0);
    expect(Object.fromEntries(runs)).toEqual({ a: 5, b: 5, c: 5 });
  });

  it('retries a failing key with backoff until it succeeds, then forgets it', async () => {
    const q = new WorkQueue<string>({ rateLimiter: new ItemExponentialFailureRateLimiter(1, 10) });
    let tries = 0;
    const workers = runWorkers(
      q,
      2,
      (key) => {
        tries++;
        if (tries < 4) throw new Error(`not yet: ${key}`);
        q.shutDown();
      },
      { logger: silentLogger },
    );
    q.add('k');
    await workers;
    expect(tries).toBe(4);
    expect(q.numRequeues('k')).toBe(0);
  });

  it('drops a key after maxRetries', async () => {
    const q = new WorkQueue<string>({ rateLimiter: new ItemExponentialFailureRateLimiter(1, 10) });
    let tries = 0;
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (m: string) => { errors.push(m); q.shutDown(); } };
    const workers = runWorkers(q, 1, () => { tries++; throw new Error('always'); }, { logger, maxRetries: 2 });
    q.add('k');
    await workers;
    expect(tries).toBe(3);
    expect(errors[0]).toMatch(/dropping "k" out of the queue: always/);
  });
});
