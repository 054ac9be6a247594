// Informers against the real apiserver: list then watch, indexes, handlers, and recovery
// after a network partition long enough for the watch history to expire (410 -> relist).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import type { KubeObject } from '@mk/api';
import { Informer, KubeClient, SharedInformerFactory, podsByNodeName, silentLogger, NODE_NAME_INDEX } from '@mk/client';

let dir: string;
let server: ApiServer;
let client: KubeClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mk-client-informer-'));
  // A small watch cache, so that a short partition is enough to expire the informer's resourceVersion.
  server = await startApiServer({ dataDir: dir, port: 0, logLevel: 'warn', watchCacheSize: 10 });
  client = new KubeClient({ server: server.url });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Poll until cond holds (the test timeout bounds the wait). */
async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 10));
}

function configMap(name: string, labels: Record<string, string>, data: Record<string, string> = {}, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}

/** A TCP proxy to the apiserver that can cut the network: real connections, real resets. */
class Partition {
  private readonly sockets = new Set<Socket>();
  private cut = false;
  private server: Server | undefined;
  constructor(private readonly targetPort: number) {}

  async listen(): Promise<string> {
    this.server = createServer((inbound) => {
      if (this.cut) return inbound.destroy();
      const outbound = connect(this.targetPort, '127.0.0.1');
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Drop every open connection and refuse new ones. */
  partition(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.partition();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

describe('Informer', () => {
  it('lists, then watches: handlers see adds, updates (with the old object) and deletes', async () => {
    for (const n of ['a', 'b', 'c']) await client.create('configmaps', configMap(n, { group: 'basic' }, { v: '0' }));
    const inf = new Informer(client, 'configmaps', { labelSelector: 'group=basic', logger: silentLogger });
    const log: string[] = [];
    inf.addEventHandler({
      onAdd: (o, initial) => log.push(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`),
      onUpdate: (o, n) => log.push(`update ${n.metadata.name} ${(o.data as Record<string, string>).v}->${(n.data as Record<string, string>).v}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name}`),
    });
    inf.start();
    try {
      expect(inf.hasSynced()).toBe(false);
      await inf.waitForSync();
      expect(inf.hasSynced()).toBe(true);
      expect(inf.list().map((o) => o.metadata.name).sort()).toEqual(['a', 'b', 'c']);
      expect(log.sort()).toEqual(['add a (initial)', 'add b (initial)', 'add c (initial)']);
      expect(inf.get('default/a')?.data).toEqual({ v: '0' });

      log.length = 0;
      await client.create('configmaps', configMap('d', { group: 'basic' }, { v: '0' }));
      await client.patch('configmaps', 'default', 'a', { data: { v: '1' } });
      await client.delete('configmaps', 'default', 'b');
      // Not matching the selector: never seen.
      await client.create('configmaps', configMap('other', { group: 'else' }));
      await until(() => log.length === 3);
      expect(log).toEqual(['add d', 'update a 0->1', 'delete b']);
      expect(inf.keys().sort()).toEqual(['default/a', 'default/c', 'default/d']);
      expect(inf.get('default/a')?.data).toEqual({ v: '1' });

      // A handler added late is told about what is already cached.
      const late: string[] = [];
      inf.onAdd((o) => late.push(o.metadata.name!));
      expect(late.sort()).toEqual(['a', 'c', 'd']);
    } finally {
      inf.stop();
    }
  });

  it('keeps indexes: pods by spec.nodeName, and objects by namespace', async () => {
    await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'idx' } });
    const pod = (name: string, nodeName?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'idx' },
      spec: { containers: [{ name: 'c', image: 'busybox' }], ...(nodeName ? { nodeName } : {}) },
    });
    await client.create('pods', pod('p1', 'node-1'));
    await client.create('pods', pod('p2', 'node-2'));
    await client.create('pods', pod('p3'));

    const inf = new Informer(client, 'pods', { logger: silentLogger });
    inf.addIndexer(NODE_NAME_INDEX, podsByNodeName);
    inf.start();
    try {
      await inf.waitForSync();
      const on = (node: string) => inf.byIndex(NODE_NAME_INDEX, node).map((p) => p.metadata.name).sort();
      expect(on('node-1')).toEqual(['p1']);
      expect(on('node-2')).toEqual(['p2']);
      expect(on('')).toEqual(['p3']); // not yet scheduled

      await client.bind({ metadata: { name: 'p3', namespace: 'idx' } }, 'node-1');
      await until(() => on('node-1').length === 2);
      expect(on('node-1')).toEqual(['p1', 'p3']);
      expect(on('')).toEqual([]);

      await client.delete('pods', 'idx', 'p1', { gracePeriodSeconds: 0 });
      await until(() => on('node-1').length === 1);
      expect(on('node-1')).toEqual(['p3']);
      expect(inf.list('idx').map((p) => p.metadata.name).sort()).toEqual(['p2', 'p3']);
      expect(inf.list('nowhere')).toEqual([]);
    } finally {
      inf.stop();
    }
  });

  it('relists after its watch history expires (410) and reports what changed meanwhile', async () => {
    const proxy = new Partition(server.port);
    const viaProxy = new KubeClient({ server: await proxy.listen() });
    for (const n of ['keep', 'change', 'remove']) await client.create('configmaps', configMap(n, { group: 'gone' }, { v: '0' }));

    const inf = new Informer(viaProxy, 'configmaps', {
      labelSelector: 'group=gone',
      logger: silentLogger,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
    });
    const log: string[] = [];
    inf.addEventHandler({
      onAdd: (o, initial) => !initial && log.push(`add ${o.metadata.name}`),
      onUpdate: (_o, n) => log.push(`update ${n.metadata.name}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name}`),
    });
    inf.start();
    try {
      await inf.waitForSync();
      expect(inf.listCount).toBe(1);
      const syncedAt = Number(inf.lastSyncResourceVersion);

      proxy.partition();
      await client.delete('configmaps', 'default', 'remove');
      await client.patch('configmaps', 'default', 'change', { data: { v: '1' } });
      await client.create('configmaps', configMap('new', { group: 'gone' }));
      // More than the watch cache holds, so resuming from syncedAt must get 410 Expired.
      for (let i = 0; i < 15; i++) await client.create('configmaps', configMap(`filler-${i}`, { group: 'filler' }));
      proxy.heal();

      await until(() => inf.listCount === 2 && inf.get('default/new') !== undefined);
      expect(Number(inf.lastSyncResourceVersion)).toBeGreaterThan(syncedAt);
      expect(inf.keys().sort()).toEqual(['default/change', 'default/keep', 'default/new']);
      expect(inf.get('default/change')?.data).toEqual({ v: '1' });
      expect(log.sort()).toEqual(['add new', 'delete remove', 'update change']);

      // And it watches again.
      log.length = 0;
      await client.patch('configmaps', 'default', 'keep', { data: { v: '2' } });
      await until(() => log.length === 1);
      expect(log).toEqual(['update keep']);
      expect(inf.listCount).toBe(2);
    } finally {
      inf.stop();
      await viaProxy.close();
      await proxy.close();
    }
  });

  it('resumes the watch from the last resourceVersion after a short drop, without relisting', async () => {
    const proxy = new Partition(server.port);
    const viaProxy = new KubeClient({ server: await proxy.listen() });
    await client.create('configmaps', configMap('blip', { group: 'blip' }, { v: '0' }));
    const inf = new Informer(viaProxy, 'configmaps', { labelSelector: 'group=blip', logger: silentLogger, initialBackoffMs: 20 });
    const updates: string[] = [];
    inf.onUpdate((_o, n) => updates.push((n.data as Record<string, string>).v));
    inf.start();
    try {
      await inf.waitForSync();
      proxy.partition();
      await client.patch('configmaps', 'default', 'blip', { data: { v: '1' } });
      proxy.heal();
      await until(() => updates.length === 1);
      expect(updates).toEqual(['1']);
      expect(inf.listCount).toBe(1);
    } finally {
      inf.stop();
      await viaProxy.close();
      await proxy.close();
    }
  });
});

describe('SharedInformerFactory', () => {
  it('gives one informer per resource and selector, and syncs them all', async () => {
    const factory = new SharedInformerFactory(client, { logger: silentLogger });
    const a = factory.informerFor('pods');
    const b = factory.informerFor('po');
    const c = factory.informerFor('pods', { fieldSelector: 'spec.nodeName=node-2' });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    factory.start();
    try {
      await factory.waitForCacheSync();
      expect(a.hasSynced() && c.hasSynced()).toBe(true);
      expect(c.list().map((p) => p.metadata.name)).toEqual(['p2']);
      // Created after start: started at once.
      const late = factory.informerFor('configmaps', { labelSelector: 'group=basic' });
      await late.waitForSync();
      expect(late.list().length).toBeGreaterThan(0);
    } finally {
      factory.stop();
    }
  });
});
