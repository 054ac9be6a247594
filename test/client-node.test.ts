// The official JavaScript client (@kubernetes/client-node) against the mk apiserver: typed
// lists, the Watch class, and informers work unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startApiServer, type ApiServer } from '../packages/apiserver/src/index.js';

const pod = (name: string, labels: Record<string, string> = { app: 'web' }): k8s.V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
});

async function until(check: () => boolean, what: () => unknown, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; saw ${JSON.stringify(what())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('@kubernetes/client-node against mk', () => {
  let server: ApiServer;
  let dataDir: string;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mk-client-node-'));
    server = await startApiServer({ dataDir, port: 0, logLevel: 'warn' });
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'mk', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'mk' }],
      contexts: [{ name: 'mk', cluster: 'mk', user: 'mk', namespace: 'default' }],
      currentContext: 'mk',
    });
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates, reads and lists pods with typed objects', async () => {
    const created = await core.createNamespacedPod({ namespace: 'default', body: pod('a') });
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const read = await core.readNamespacedPod({ namespace: 'default', name: 'a' });
    expect(read.spec?.containers[0].image).toBe('nginx:1.27');
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(list.items.map((p) => p.metadata?.name)).toEqual(['a']);
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system']));
    await expect(core.readNamespacedPod({ namespace: 'default', name: 'missing' })).rejects.toMatchObject({ code: 404 });
  });

  it('Watch streams ADDED, MODIFIED and DELETED from a resourceVersion', async () => {
    const list = await core.listNamespacedPod({ namespace: 'default' });
    const events: Array<[string, string]> = [];
    let ended: unknown = 'open';
    const watch = new k8s.Watch(kc);
    const ctl = await watch.watch(
      '/api/v1/namespaces/default/pods',
      { resourceVersion: list.metadata!.resourceVersion!, allowWatchBookmarks: true },
      (type, obj: k8s.V1Pod) => {
        if (type !== 'BOOKMARK') events.push([type, obj.metadata!.name!]);
      },
      (err) => {
        ended = err;
      },
    );
    try {
      await core.createNamespacedPod({ namespace: 'default', body: pod('b') });
      await core.patchNamespacedPod(
        { namespace: 'default', name: 'b', body: { metadata: { labels: { tier: 'x' } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedPod({ namespace: 'default', name: 'b', gracePeriodSeconds: 0 });
      await until(() => events.length >= 3, () => events);
      expect(events).toEqual([
        ['ADDED', 'b'],
        ['MODIFIED', 'b'],
        ['DELETED', 'b'],
      ]);
      expect(ended).toBe('open');
    } finally {
      ctl.abort();
    }
  });

  it('an informer lists, then keeps its cache in step with the server', async () => {
    const informer = k8s.makeInformer<k8s.V1Pod>(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
    const added: string[] = [];
    const updated: string[] = [];
    const deleted: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (p) => added.push(p.metadata!.name!));
    informer.on('update', (p) => updated.push(p.metadata!.name!));
    informer.on('delete', (p) => deleted.push(p.metadata!.name!));
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      await until(() => added.includes('a'), () => added);
      expect(informer.list('default').map((p) => p.metadata?.name)).toEqual(['a']);

      await core.createNamespacedPod({ namespace: 'default', body: pod('c') });
      await until(() => added.includes('c'), () => added);
      await core.replaceNamespacedPod({
        namespace: 'default',
        name: 'c',
        body: { ...(await core.readNamespacedPod({ namespace: 'default', name: 'c' })), metadata: { ...(await core.readNamespacedPod({ namespace: 'default', name: 'c' })).metadata, labels: { app: 'web', v: '2' } } },
      });
      await until(() => updated.includes('c'), () => updated);
      expect(informer.get('c', 'default')?.metadata?.labels).toEqual({ app: 'web', v: '2' });

      await core.deleteNamespacedPod({ namespace: 'default', name: 'c', gracePeriodSeconds: 0 });
      await until(() => deleted.includes('c'), () => deleted);
      expect(informer.list('default').map((p) => p.metadata?.name)).toEqual(['a']);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});
