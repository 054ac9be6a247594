import { describe, it, expect, afterEach } from 'vitest';
import { StatusError } from '@mk/api';
import { openStore } from './index.js';
import type { MemoryStore } from './memory-store.js';
import type { StoreEntry } from './types.js';

const keyOf = (e: StoreEntry) => `${e.object.metadata.namespace}/${e.object.metadata.name}`;
import { collector, DEPLOYMENTS, NODES, PODS, pod, tempDir } from './test-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
});

async function fresh(opts: { watchCacheSize?: number } = {}): Promise<{ store: MemoryStore; dir: string }> {
  const t = await tempDir();
  const store = await openStore({ dataDir: t.dir, ...opts });
  cleanups.push(async () => {
    await store.close().catch(() => undefined);
    await t.cleanup();
  });
  return { store, dir: t.dir };
}

async function statusOf(p: Promise<unknown>): Promise<{ code: number; reason: string | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StatusError) return { code: err.code, reason: err.reason, message: err.message };
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('MemoryStore CRUD', () => {
  it('creates, gets, updates and deletes with rising resourceVersions', async () => {
    const { store } = await fresh();
    const a = await store.create(PODS, pod('a'));
    expect(a.resourceVersion).toBe(1);
    expect(a.object.metadata.resourceVersion).toBe('1');
    expect(JSON.parse(a.json).metadata.resourceVersion).toBe('1');
    expect(store.resourceVersion).toBe(1);
    expect(store.get(PODS, 'default', 'a')?.json).toBe(a.json);

    const changed = structuredClone(a.object);
    changed.metadata.labels = { app: 'web' };
    const b = await store.update(PODS, changed);
    expect(b.resourceVersion).toBe(2);
    expect(store.get(PODS, 'default', 'a')?.object.metadata.labels).toEqual({ app: 'web' });

    const d = await store.delete(PODS, 'default', 'a');
    expect(d.resourceVersion).toBe(3);
    expect(d.object.metadata.labels).toEqual({ app: 'web' });
    expect(store.get(PODS, 'default', 'a')).toBeUndefined();
  });

  it('the object of a stored entry is shared and frozen (under tests): changing it fails loudly', async () => {
    const { store } = await fresh();
    const a = await store.create(PODS, pod('a'));
    a.object.metadata.name = 'mine'; // the writer's own result is its to change
    const o = store.get(PODS, 'default', 'a')!.object;
    expect(o).toBe(store.get(PODS, 'default', 'a')!.object);
    expect(() => {
      o.metadata.labels = { x: 'y' };
    }).toThrow(TypeError);
    expect(store.get(PODS, 'default', 'a')!.object.metadata.labels).toBeUndefined();
    expect(store.get(PODS, 'default', 'a')!.object.metadata.name).toBe('a');
  });

  it('reports AlreadyExists and NotFound as Kubernetes does', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('a'));
    expect(await statusOf(store.create(PODS, pod('a')))).toEqual({ code: 409, reason: 'AlreadyExists', message: 'pods "a" already exists' });
    expect(await statusOf(store.update(PODS, pod('nope')))).toEqual({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
    expect(await statusOf(store.delete(DEPLOYMENTS, 'default', 'web'))).toEqual({ code: 404, reason: 'NotFound', message: 'deployments.apps "web" not found' });
  });

  it('concurrent updates from the same resourceVersion: exactly one wins, the other gets Conflict', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('a'));
    const o1 = structuredClone(store.get(PODS, 'default', 'a')!.object);
    o1.metadata.labels = { v: '1' };
    const o2 = structuredClone(store.get(PODS, 'default', 'a')!.object);
    o2.metadata.labels = { v: '2' };
    const results = await Promise.allSettled([store.update(PODS, o1), store.update(PODS, o2)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(StatusError);
    expect((rejected.reason as StatusError).code).toBe(409);
    expect((rejected.reason as StatusError).reason).toBe('Conflict');
    expect((rejected.reason as StatusError).message).toBe(
      'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(store.get(PODS, 'default', 'a')!.object.metadata.labels).toEqual({ v: '1' });
  });

  it('read-modify-write retries on Conflict converge: 20 concurrent increments all land', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('counter', { labels: { n: '0' } }));
    const increment = async (): Promise<void> => {
      for (;;) {
        const cur = structuredClone(store.get(PODS, 'default', 'counter')!.object);
        cur.metadata.labels = { n: String(Number(cur.metadata.labels?.n) + 1) };
        try {
          await store.update(PODS, cur);
          return;
        } catch (err) {
          if (!(err instanceof StatusError) || err.reason !== 'Conflict') throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, increment));
    expect(store.get(PODS, 'default', 'counter')!.object.metadata.labels).toEqual({ n: '20' });
  });

  it('checks uid and resourceVersion preconditions', async () => {
    const { store } = await fresh();
    await store.create(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'u1' } });
    const s = await statusOf(store.delete(DEPLOYMENTS, 'default', 'web', { uid: 'u2' }));
    expect(s).toEqual({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": Precondition failed: UID in precondition: u2, UID in object meta: u1',
    });
    expect((await statusOf(store.delete(DEPLOYMENTS, 'default', 'web', { resourceVersion: '7' }))).reason).toBe('Conflict');
    const d = await store.delete(DEPLOYMENTS, 'default', 'web', { uid: 'u1', resourceVersion: '1' });
    expect(d.resourceVersion).toBe(2);
  });

  it('an update without resourceVersion is unconditional', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('a'));
    await store.update(PODS, pod('a', { labels: { a: '1' } }));
    const e = await store.update(PODS, pod('a', { labels: { a: '2' } }));
    expect(e.resourceVersion).toBe(3);
  });

  it('keys cluster-scoped objects without a namespace', async () => {
    const { store } = await fresh();
    await store.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(store.get(NODES, undefined, 'n1')?.object.metadata.name).toBe('n1');
    expect(store.list(NODES, {}).items).toHaveLength(1);
  });
});

describe('MemoryStore persistence', () => {
  it('reopen keeps every object and resourceVersions continue upward', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    let store = await openStore({ dataDir: t.dir });
    for (let i = 0; i < 20; i++) await store.create(PODS, pod(`p${i}`, { labels: { i: String(i) } }));
    await store.delete(PODS, 'default', 'p3');
    await store.create(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } });
    await store.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const rv = store.resourceVersion;
    const before = store.list(PODS, {}).items.map((e) => e.json);
    await store.close();

    store = await openStore({ dataDir: t.dir });
    cleanups.push(() => store.close());
    expect(store.resourceVersion).toBe(rv);
    expect(store.list(PODS, {}).items.map((e) => e.json)).toEqual(before);
    expect(store.get(PODS, 'default', 'p3')).toBeUndefined();
    expect(store.get(DEPLOYMENTS, 'prod', 'web')).toBeDefined();
    expect(store.get(NODES, undefined, 'n1')).toBeDefined();
    expect(store.list(PODS, { labelSelector: 'i=7' }).items.map((e) => e.object.metadata.name)).toEqual(['p7']);
    const next = await store.create(PODS, pod('after'));
    expect(next.resourceVersion).toBe(rv + 1);
  });

  it('group commit: many concurrent creates all resolve and all survive a reopen', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    let store = await openStore({ dataDir: t.dir });
    const n = 500;
    const made = await Promise.all(Array.from({ length: n }, (_, i) => store.create(PODS, pod(`p${i}`))));
    expect(new Set(made.map((e) => e.resourceVersion)).size).toBe(n);
    await store.close();
    store = await openStore({ dataDir: t.dir });
    cleanups.push(() => store.close());
    expect(store.list(PODS, {}).items).toHaveLength(n);
    expect(store.resourceVersion).toBe(n);
  });

  it('resolves writes only once durable and readable', async () => {
    const { store } = await fresh();
    const p = store.create(PODS, pod('a'));
    // Accepted but not yet durable: readers do not see it, but a second create conflicts.
    expect(store.get(PODS, 'default', 'a')).toBeUndefined();
    expect((await statusOf(store.create(PODS, pod('a')))).reason).toBe('AlreadyExists');
    await p;
    expect(store.get(PODS, 'default', 'a')).toBeDefined();
  });
});

describe('MemoryStore lists', () => {
  it('sorts by key, filters by namespace and selectors, and pages with continue', async () => {
    const { store } = await fresh();
    const names: string[] = [];
    for (const ns of ['b', 'a']) {
      for (let i = 0; i < 5; i++) {
        names.push(`${ns}/p${i}`);
        await store.create(PODS, pod(`p${i}`, { namespace: ns, labels: { tier: i % 2 ? 'odd' : 'even' }, nodeName: i < 2 ? 'n1' : undefined }));
      }
    }
    const all = store.list(PODS, {});
    expect(all.items.map(keyOf)).toEqual([...names].sort());
    expect(all.resourceVersion).toBe(10);
    expect(store.list(PODS, { namespace: 'b' }).items.map((e) => e.object.metadata.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(store.list(PODS, { labelSelector: 'tier=odd' }).items).toHaveLength(4);
    expect(store.list(PODS, { labelSelector: 'tier in (odd,even),tier!=even', namespace: 'a' }).items).toHaveLength(2);
    expect(store.list(PODS, { fieldSelector: 'spec.nodeName=n1' }).items).toHaveLength(4);
    expect(store.list(PODS, { fieldSelector: 'metadata.name=p3,metadata.namespace=a' }).items.map(keyOf)).toEqual(['a/p3']);

    const p1 = store.list(PODS, { limit: 4 });
    expect(p1.items.map(keyOf)).toEqual(['a/p0', 'a/p1', 'a/p2', 'a/p3']);
    expect(p1.remainingItemCount).toBe(6);
    expect(p1.continue).toBeTruthy();
    await store.create(PODS, pod('zzz', { namespace: 'b' }));
    const p2 = store.list(PODS, { limit: 4, continue: p1.continue });
    expect(p2.items.map(keyOf)).toEqual(['a/p4', 'b/p0', 'b/p1', 'b/p2']);
    expect(p2.resourceVersion).toBe(10); // every page reports the first page's resourceVersion
    const p3 = store.list(PODS, { limit: 4, continue: p2.continue });
    expect(p3.items.map(keyOf)).toEqual(['b/p3', 'b/p4', 'b/zzz']);
    expect(p3.continue).toBeUndefined();
    expect(p3.remainingItemCount).toBeUndefined();

    // With a selector Kubernetes cannot count what remains, so it leaves remainingItemCount out.
    const s1 = store.list(PODS, { limit: 1, labelSelector: 'tier=odd' });
    expect(s1.continue).toBeTruthy();
    expect(s1.remainingItemCount).toBeUndefined();
  });

  it('rejects an invalid continue token or selector with 400 BadRequest', async () => {
    const { store } = await fresh();
    for (const bad of ['%%%', Buffer.from('{"v":"x"}').toString('base64url'), 'bm90IGpzb24']) {
      let err: unknown;
      try {
        store.list(PODS, { continue: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).code).toBe(400);
    }
    expect(() => store.list(PODS, { labelSelector: 'a in (b' })).toThrow(StatusError);
  });
});

describe('MemoryStore watch', () => {
  it('from resourceVersion N gets every later event in order, none twice, then live events', async () => {
    const { store } = await fresh();
    for (let i = 0; i < 5; i++) await store.create(PODS, pod(`p${i}`));
    await store.create(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } });
    const c = collector();
    store.watch(PODS, { resourceVersion: '2' }, c.send);
    expect(c.events.map((e) => e.name)).toEqual(['p2', 'p3', 'p4']);
    const writes = [];
    for (let i = 5; i < 50; i++) writes.push(store.create(PODS, pod(`p${i}`)));
    writes.push(store.delete(PODS, 'default', 'p0'));
    await Promise.all(writes);
    const rvs = c.events.map((e) => Number(e.rv));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(new Set(rvs).size).toBe(rvs.length);
    expect(c.events).toHaveLength(3 + 45 + 1);
    expect(c.events.at(-1)).toMatchObject({ type: 'DELETED', name: 'p0', rv: String(store.resourceVersion) });
    // The same line object is shared by all watchers.
    const c2 = collector();
    store.watch(PODS, { resourceVersion: '2' }, c2.send);
    expect(c2.raw[5].json).toBe(c.raw[5].json);
  });

  it('a watch opened while writes are in flight gets each of them exactly once, in order', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('first'));
    const writes = Array.from({ length: 50 }, (_, i) => store.create(PODS, pod(`p${i}`)));
    const c = collector();
    store.watch(PODS, { resourceVersion: String(store.resourceVersion) }, c.send);
    const c0 = collector();
    store.watch(PODS, { resourceVersion: '0' }, c0.send);
    await Promise.all(writes);
    expect(c.events.map((e) => e.name)).toEqual(Array.from({ length: 50 }, (_, i) => `p${i}`));
    expect(c0.events.map((e) => e.name)).toEqual(['first', ...Array.from({ length: 50 }, (_, i) => `p${i}`)]);
  });

  it('unset and "0" resourceVersion start with ADDED for the current objects', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('a', { namespace: 'x' }));
    await store.create(PODS, pod('b', { namespace: 'y' }));
    for (const rv of ['', '0', undefined]) {
      const c = collector();
      const w = store.watch(PODS, { resourceVersion: rv, namespace: 'y' }, c.send);
      await store.update(PODS, pod('b', { namespace: 'y', labels: { rv: String(rv) } }));
      await store.update(PODS, pod('a', { namespace: 'x', labels: { rv: String(rv) } }));
      w.stop();
      await store.update(PODS, pod('b', { namespace: 'y' }));
      expect(c.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED b', 'MODIFIED b']);
    }
  });

  it('sendInitialEvents: current objects, then a BOOKMARK marking their end, then changes', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('a'));
    await store.create(PODS, pod('b'));
    const c = collector();
    store.watch(PODS, { resourceVersion: '1', sendInitialEvents: true, allowWatchBookmarks: true }, c.send);
    await store.create(PODS, pod('c'));
    expect(c.raw.map((e) => JSON.parse(e.json))).toEqual([
      { type: 'ADDED', object: expect.objectContaining({ metadata: expect.objectContaining({ name: 'a' }) }) },
      { type: 'ADDED', object: expect.objectContaining({ metadata: expect.objectContaining({ name: 'b' }) }) },
      { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '2', annotations: { 'k8s.io/initial-events-end': 'true' } } } },
      { type: 'ADDED', object: expect.objectContaining({ metadata: expect.objectContaining({ name: 'c', resourceVersion: '3' }) }) },
    ]);
    const none = collector();
    store.watch(PODS, { resourceVersion: '', sendInitialEvents: false }, none.send);
    await store.create(PODS, pod('d'));
    expect(none.events.map((e) => e.name)).toEqual(['d']);
  });

  it('410 Expired for a resourceVersion older than the watch cache holds', async () => {
    const { store } = await fresh({ watchCacheSize: 10 });
    for (let i = 0; i < 25; i++) await store.create(PODS, pod(`p${i}`));
    let err: unknown;
    try {
      store.watch(PODS, { resourceVersion: '3' }, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(410);
    expect((err as StatusError).reason).toBe('Expired');
    expect((err as StatusError).message).toBe('too old resource version: 3 (15)');
    const c = collector();
    store.watch(PODS, { resourceVersion: '15' }, c.send);
    expect(c.events.map((e) => e.name)).toEqual(['p15', 'p16', 'p17', 'p18', 'p19', 'p20', 'p21', 'p22', 'p23', 'p24']);
  });

  it('the watch cache is bounded by bytes too: big objects push old events out sooner', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const store = await openStore({ dataDir: t.dir, watchCacheBytes: 20_000 });
    cleanups.push(() => store.close());
    const big = 'x'.repeat(5_000);
    for (let i = 0; i < 10; i++) await store.create(PODS, { ...pod(`p${i}`), data: big });
    // Each event holds > 5 KB, so at most 3 fit in 20 KB.
    expect(() => store.watch(PODS, { resourceVersion: '6' }, () => undefined)).toThrow('too old resource version: 6 (7)');
    const c = collector();
    store.watch(PODS, { resourceVersion: '7' }, c.send);
    expect(c.events.map((e) => e.name)).toEqual(['p7', 'p8', 'p9']);
  });

  it('after a restart, a watch from before it gets 410; from the current resourceVersion it works', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    let store = await openStore({ dataDir: t.dir });
    for (let i = 0; i < 3; i++) await store.create(PODS, pod(`p${i}`));
    await store.close();
    store = await openStore({ dataDir: t.dir });
    cleanups.push(() => store.close());
    expect(() => store.watch(PODS, { resourceVersion: '1' }, () => undefined)).toThrow('too old resource version: 1 (3)');
    const c = collector();
    store.watch(PODS, { resourceVersion: '3' }, c.send);
    await store.create(PODS, pod('p3'));
    expect(c.events.map((e) => e.name)).toEqual(['p3']);
  });

  it('selector transitions: ADDED when an object starts matching, DELETED when it stops', async () => {
    const { store } = await fresh();
    const c = collector();
    store.watch(PODS, { resourceVersion: '0', labelSelector: 'app=web' }, c.send);
    const f = collector();
    store.watch(PODS, { fieldSelector: 'spec.nodeName=n1' }, f.send);
    await store.create(PODS, pod('a', { labels: { app: 'db' } }));
    await store.update(PODS, pod('a', { labels: { app: 'web' } }));
    await store.update(PODS, pod('a', { labels: { app: 'web', v: '2' } }));
    const off = await store.update(PODS, pod('a', { labels: { app: 'db' }, nodeName: 'n1' }));
    await store.update(PODS, pod('a', { labels: { app: 'web' }, nodeName: 'n1' }));
    const del = await store.delete(PODS, 'default', 'a');
    expect(c.events).toEqual([
      { type: 'ADDED', name: 'a', rv: '2', labels: { app: 'web' } },
      { type: 'MODIFIED', name: 'a', rv: '3', labels: { app: 'web', v: '2' } },
      // Kubernetes: the previous content, with the resourceVersion of the change.
      { type: 'DELETED', name: 'a', rv: String(off.resourceVersion), labels: { app: 'web', v: '2' } },
      { type: 'ADDED', name: 'a', rv: '5', labels: { app: 'web' } },
      { type: 'DELETED', name: 'a', rv: String(del.resourceVersion), labels: { app: 'web' } },
    ]);
    expect(f.events.map((e) => `${e.type} ${e.rv}`)).toEqual(['ADDED 4', 'MODIFIED 5', 'DELETED 6']);
  });

  it('sends BOOKMARKs with only kind, apiVersion and resourceVersion to watchers that allow them', async () => {
    const { store } = await fresh();
    await store.create(PODS, pod('a'));
    const withB = collector();
    const without = collector();
    store.watch(PODS, { resourceVersion: '1', allowWatchBookmarks: true }, withB.send);
    store.watch(PODS, { resourceVersion: '1' }, without.send);
    store.bookmarkNow();
    expect(withB.raw.map((e) => JSON.parse(e.json))).toEqual([
      { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '1' } } },
    ]);
    expect(without.raw).toEqual([]);
  });

  it('a watcher whose send throws is stopped and does not affect the others', async () => {
    const errors: unknown[] = [];
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const store = await openStore({ dataDir: t.dir, onWatcherError: (e) => errors.push(e) });
    cleanups.push(() => store.close());
    let calls = 0;
    store.watch(PODS, { resourceVersion: '0' }, () => {
      calls++;
      throw new Error('socket closed');
    });
    const c = collector();
    store.watch(PODS, { resourceVersion: '0' }, c.send);
    await store.create(PODS, pod('a'));
    await store.create(PODS, pod('b'));
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    expect(c.events.map((e) => e.name)).toEqual(['a', 'b']);
  });

  it('rejects a malformed resourceVersion with 400', async () => {
    const { store } = await fresh();
    expect(() => store.watch(PODS, { resourceVersion: 'abc' }, () => undefined)).toThrow(StatusError);
  });
});
