import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { LevelBackend } from './level-backend.js';
import { MemoryStore } from './memory-store.js';
import type { Backend, BackendOp } from './types.js';
import { PODS, pod, tempDir } from './test-helpers.js';
import { StatusError } from '@mk/api';

describe('LevelBackend', () => {
  it('stores objects under /registry keys and the resourceVersion with every batch', async () => {
    const t = await tempDir();
    try {
      const b = new LevelBackend(join(t.dir, 'db'));
      await b.open();
      await b.write([{ type: 'put', key: '/registry/core/pods/default/a', value: '{"a":1}' }], 1);
      await b.write([{ type: 'put', key: '/registry/apps/deployments/default/d', value: '{"d":1}' }], 2);
      await b.write([{ type: 'del', key: '/registry/core/pods/default/a' }], 3);
      await b.close();
      const b2 = new LevelBackend(join(t.dir, 'db'));
      await b2.open();
      expect(await b2.load()).toEqual({ entries: [['/registry/apps/deployments/default/d', '{"d":1}']], resourceVersion: 3 });
      await b2.close();
    } finally {
      await t.cleanup();
    }
  });

  it('group commit: writes issued while a batch is in flight share the next synced batch', async () => {
    const t = await tempDir();
    try {
      const b = new LevelBackend(join(t.dir, 'db'));
      await b.open();
      await Promise.all(Array.from({ length: 200 }, (_, i) => b.write([{ type: 'put', key: `/registry/core/pods/default/p${i}`, value: '{}' }], i + 1)));
      expect(b.stats.writes).toBe(200);
      // The first write goes alone; the other 199 were queued behind it and go together.
      expect(b.stats.batches).toBe(2);
      expect((await b.load()).resourceVersion).toBe(200);
      await b.close();
    } finally {
      await t.cleanup();
    }
  });

  it('gathers: after a batch of many writers, the next batch waits for as many to join', async () => {
    const t = await tempDir();
    try {
      // Gathering is for fast disks; a busy test machine's disk must not count as slow here.
      const b = new LevelBackend(join(t.dir, 'db'), { pipelineSyncMs: Number.POSITIVE_INFINITY });
      await b.open();
      const put = (i: number) => b.write([{ type: 'put', key: `/registry/core/pods/default/p${i}`, value: '{}' }], i);
      // A lone sequential writer never waits for company: each write is its own batch.
      for (let i = 1; i <= 3; i++) await put(i);
      expect(b.stats).toEqual({ batches: 3, writes: 3 });
      // 21 at once: the first goes alone, the other 20 share the next batch.
      await Promise.all(Array.from({ length: 21 }, (_, i) => put(4 + i)));
      expect(b.stats).toEqual({ batches: 5, writes: 24 });
      // Now 18 writes arriving one per turn of the event loop (as 18 clients' requests would)
      // are gathered instead of each paying for its own sync.
      const writes: Array<Promise<void>> = [];
      for (let i = 0; i < 18; i++) {
        writes.push(put(25 + i));
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(writes);
      expect(b.stats.writes).toBe(42);
      // Usually 1; a busy machine may need more than MAX_GATHER_MS for 18 turns, and cut it short.
      expect(b.stats.batches - 5).toBeLessThan(9);
      expect((await b.load()).resourceVersion).toBe(42);
      await b.close();
    } finally {
      await t.cleanup();
    }
  });

  it('two batches in flight: the reopened store resumes after the highest resourceVersion of either', async () => {
    const t = await tempDir();
    try {
      // Pipelining is for slow disks; 0 makes every disk slow enough.
      const b = new LevelBackend(join(t.dir, 'db'), { pipelineSyncMs: 0 });
      await b.open();
      // Writes arriving over several turns of the event loop fill both in-flight batches.
      const writes: Array<Promise<void>> = [];
      for (let i = 1; i <= 300; i++) {
        writes.push(b.write([{ type: 'put', key: `/registry/core/pods/default/p${i}`, value: '{}' }], i));
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      // The last write is a delete: no stored object carries its resourceVersion.
      writes.push(b.write([{ type: 'del', key: '/registry/core/pods/default/p1' }], 301));
      await Promise.all(writes);
      await b.close();
      // Each in-flight batch records its resourceVersion in its own slot; the larger wins, in
      // whichever order LevelDB applied them.
      const slots = ['/mk/resourceVersion', '/mk/resourceVersion/1'];
      const raw = new ClassicLevel<string, string>(join(t.dir, 'db'));
      await raw.open();
      const recorded = await Promise.all(slots.map((k) => raw.get(k)));
      expect(recorded.every((v) => v !== undefined)).toBe(true); // both slots were used
      expect(Math.max(...recorded.map(Number))).toBe(301);
      await raw.close();
      for (const [highest, lower] of [slots, [...slots].reverse()]) {
        const db = new ClassicLevel<string, string>(join(t.dir, 'db'));
        await db.open();
        await db.batch([
          { type: 'put', key: highest, value: '301' },
          { type: 'put', key: lower, value: '290' },
        ]);
        await db.close();
        const b2 = new LevelBackend(join(t.dir, 'db'));
        await b2.open();
        const loaded = await b2.load();
        expect(loaded.entries).toHaveLength(299);
        expect(loaded.resourceVersion).toBe(301);
        await b2.close();
      }
    } finally {
      await t.cleanup();
    }
  });

  it('a failed batch rejects every caller in it and every later write', async () => {
    const t = await tempDir();
    try {
      const b = new LevelBackend(join(t.dir, 'db'));
      await b.open();
      // A real LevelDB failure: the database underneath is closed.
      await (b as unknown as { db: { close(): Promise<void> } }).db.close();
      const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => b.write([{ type: 'put', key: `/registry/core/pods/default/p${i}`, value: '{}' }], i + 1)));
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
      await expect(b.write([{ type: 'del', key: '/registry/core/pods/default/x' }], 9)).rejects.toThrow(/LevelDB write failed/);
    } finally {
      await t.cleanup();
    }
  });
});

/** A real LevelBackend whose writes can be made to fail: disk errors cannot be caused on demand. */
class FailingBackend implements Backend {
  failing = false;
  constructor(private readonly inner: LevelBackend) {}
  open() {
    return this.inner.open();
  }
  load() {
    return this.inner.load();
  }
  write(ops: BackendOp[], rv: number) {
    return this.failing ? Promise.reject(new Error('EIO: i/o error')) : this.inner.write(ops, rv);
  }
  close() {
    return this.inner.close();
  }
}

describe('MemoryStore after a failed write', () => {
  it('rejects the write with 500 InternalError, shows nothing of it, and refuses later writes', async () => {
    const t = await tempDir();
    try {
      const backend = new FailingBackend(new LevelBackend(join(t.dir, 'db')));
      const store = await MemoryStore.open(backend);
      await store.create(PODS, pod('a'));
      const seen: string[] = [];
      store.watch(PODS, { resourceVersion: '1' }, (ev) => seen.push(ev.type));
      backend.failing = true;
      const err = await store.create(PODS, pod('b')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).code).toBe(500);
      expect((err as StatusError).reason).toBe('InternalError');
      expect(store.get(PODS, 'default', 'b')).toBeUndefined();
      expect(seen).toEqual([]);
      backend.failing = false;
      const later = await store.create(PODS, pod('c')).catch((e: unknown) => e);
      expect((later as StatusError).code).toBe(500);
      // Reads still work.
      expect(store.get(PODS, 'default', 'a')).toBeDefined();
      expect(store.resourceVersion).toBe(1);
      await store.close();
    } finally {
      await t.cleanup();
    }
  });
});
