// A controller built from the client's parts, against the real apiserver: an informer feeds a
// work queue; workers reconcile keys level-based. One key is never reconciled twice at once.
import { describe, it, expect } from 'vitest';
import { useApiServer, until } from './client-helpers.js';
import type { KubeObject } from '@mk/api';
import { Informer, KubeClient, WorkQueue, metaNamespaceKey, runWorkers, silentLogger, splitMetaNamespaceKey, isNotFound } from '@mk/client';

const api = useApiServer('client-controller');

describe('informer + work queue controller', () => {
  it('converges every object, and never runs one key on two workers at once', async () => {
    const inf = new Informer(api.client, 'configmaps', { labelSelector: 'ctl=mirror', logger: silentLogger });
    const queue = new WorkQueue<string>();
    const enqueue = (o: KubeObject): void => queue.add(metaNamespaceKey(o));
    inf.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });

    const active = new Set<string>();
    let overlaps = 0;
    let reconciles = 0;
    // Level-based: read desired state from the cache, write only the difference.
    const reconcile = async (key: string): Promise<void> => {
      if (active.has(key)) overlaps++;
      active.add(key);
      reconciles++;
      try {
        const cm = inf.get(key);
        if (!cm) return;
        const want = (cm.data as Record<string, string> | undefined)?.value ?? '';
        if (cm.metadata.annotations?.mirrored === want) return;
        const { namespace, name } = splitMetaNamespaceKey(key);
        try {
          await api.client.patch('configmaps', namespace, name, { metadata: { annotations: { mirrored: want } } });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      } finally {
        active.delete(key);
      }
    };

    inf.start();
    await inf.waitForSync();
    const workers = runWorkers(queue, 4, reconcile, { logger: silentLogger });
    const names = ['m0', 'm1', 'm2', 'm3', 'm4'];
    try {
      for (const n of names) {
        await api.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: 'default', labels: { ctl: 'mirror' } }, data: { value: '0' } });
      }
      // Many changes to few keys, concurrently: the queue collapses and serialises them.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          api.client.patch('configmaps', 'default', names[i % names.length], { data: { value: String(i) } }),
        ),
      );
      const final = await api.client.list('configmaps', { namespace: 'default', labelSelector: 'ctl=mirror' });
      const want = new Map(final.items.map((cm) => [cm.metadata.name!, (cm.data as Record<string, string>).value]));
      await until(async () => {
        const now = await api.client.list('configmaps', { namespace: 'default', labelSelector: 'ctl=mirror' });
        return now.items.every((cm) => cm.metadata.annotations?.mirrored === want.get(cm.metadata.name!));
      });
      expect(overlaps).toBe(0);
      expect(reconciles).toBeGreaterThanOrEqual(names.length);
    } finally {
      queue.shutDown();
      await workers;
      inf.stop();
    }
  });
});
