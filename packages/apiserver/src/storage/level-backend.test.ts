import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
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
