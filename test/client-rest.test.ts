// KubeClient against the real apiserver: every verb, errors as Status, warnings, watches.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { StatusError, type KubeObject, type WatchEvent } from '@mk/api';
import { KubeClient, isConflict, isNotFound, type Scale } from '@mk/client';

let dir: string;
let server: ApiServer;
let client: KubeClient;
const warnings: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mk-client-rest-'));
  server = await startApiServer({ dataDir: dir, port: 0, logLevel: 'warn', watchCacheSize: 20 });
  client = new KubeClient({ server: server.url, onWarning: (w) => warnings.push(w) });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function configMap(name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data };
}

function pod(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra },
  };
}

describe('KubeClient verbs', () => {
  it('creates, gets, updates and deletes an object', async () => {
    const created = await client.create('configmaps', configMap('one', { a: '1' }));
    expect(created.metadata.uid).toBeTruthy();
    expect(created.metadata.resourceVersion).toBeTruthy();

    const got = await client.get('configmaps', 'default', 'one');
    expect(got.data).toEqual({ a: '1' });

    const updated = await client.update('configmaps', { ...got, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(got.metadata.resourceVersion));

    await client.delete('configmaps', 'default', 'one');
    const err = await client.get('configmaps', 'default', 'one').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatusError);
    expect(isNotFound(err)).toBe(true);
    expect((err as StatusError).message).toBe('configmaps "one" not found');
  });

  it('rejects an update with a stale resourceVersion as a 409 Conflict', async () => {
    const cm = await client.create('configmaps', configMap('stale'));
    await client.update('configmaps', { ...cm, data: { x: 'y' } });
    const err = await client.update('configmaps', { ...cm, data: { x: 'z' } }).catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
    expect((err as StatusError).code).toBe(409);
    expect((err as StatusError).message).toMatch(/^Operation cannot be fulfilled on configmaps "stale"/);
  });

  it('returns AlreadyExists from the server as a StatusError', async () => {
    await client.create('configmaps', configMap('twice'));
    const err = await client.create('configmaps', configMap('twice')).catch((e: unknown) => e);
    expect((err as StatusError).reason).toBe('AlreadyExists');
    expect((err as StatusError).message).toBe('configmaps "twice" already exists');
  });

  it('lists with label selectors and pages with limit and continue', async () => {
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await client.create('configmaps', configMap(n, {}, { page: 'yes' }));
    const sel = await client.list('configmaps', { namespace: 'default', labelSelector: 'page=yes' });
    expect(sel.items.map((i) => i.metadata.name).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(sel.items[0].kind).toBe('ConfigMap');
    expect(sel.metadata.resourceVersion).toBeTruthy();

    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = await client.list('configmaps', { namespace: 'default', labelSelector: 'page=yes', limit: 2, continue: cont });
      names.push(...page.items.map((i) => i.metadata.name!));
      cont = page.metadata.continue;
      pages++;
    } while (cont);
    expect(pages).toBe(3);
    expect(names.sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('patches with merge, JSON and strategic merge patches', async () => {
    await client.create('configmaps', configMap('patched', { a: '1' }));
    const merged = await client.patch('configmaps', 'default', 'patched', { data: { b: '2' } }, 'merge');
    expect(merged.data).toEqual({ a: '1', b: '2' });
    const json = await client.patch('configmaps', 'default', 'patched', [{ op: 'remove', path: '/data/a' }], 'json');
    expect(json.data).toEqual({ b: '2' });
    const smp = await client.patch('configmaps', 'default', 'patched', { metadata: { labels: { s: 'm' } } }, 'strategic');
    expect(smp.metadata.labels).toEqual({ s: 'm' });
  });

  it('does not persist a dry-run create', async () => {
    const dry = await client.create('configmaps', configMap('dry'), { dryRun: true });
    expect(dry.metadata.name).toBe('dry');
    expect(isNotFound(await client.get('configmaps', 'default', 'dry').catch((e: unknown) => e))).toBe(true);
  });

  it('hands the server warnings to onWarning, as kubectl prints them', async () => {
    warnings.length = 0;
    const obj = { ...configMap('warned'), foo: 'bar' };
    await client.create('configmaps', obj, { fieldValidation: 'Warn' });
    expect(warnings).toContain('unknown field "foo"');
  });

  it('deletes a collection by label selector', async () => {
    await client.create('configmaps', configMap('dc1', {}, { sweep: 'me' }));
    await client.create('configmaps', configMap('dc2', {}, { sweep: 'me' }));
    await client.create('configmaps', configMap('dc3', {}, { sweep: 'no' }));
    await client.deleteCollection('configmaps', 'default', { labelSelector: 'sweep=me' });
    const left = await client.list('configmaps', { namespace: 'default', labelSelector: 'sweep' });
    expect(left.items.map((i) => i.metadata.name)).toEqual(['dc3']);
  });

  it('works on cluster-scoped resources', async () => {
    await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const ns = await client.get('namespaces', undefined, 'team-a');
    expect(ns.metadata.name).toBe('team-a');
    const all = await client.list('ns');
    expect(all.items.map((i) => i.metadata.name)).toContain('team-a');
  });
});

describe('KubeClient subresources', () => {
  it('binds a pod to a node through pods/binding', async () => {
    const p = await client.create('pods', pod('to-bind'));
    await client.bind(p, 'node-1');
    const bound = await client.get('pods', 'default', 'to-bind');
    expect((bound.spec as { nodeName?: string }).nodeName).toBe('node-1');
  });

  it('evicts a pod through pods/eviction', async () => {
    await client.create('pods', pod('to-evict', { nodeName: 'node-1' }));
    await client.evict('default', 'to-evict', { gracePeriodSeconds: 0 });
    const after = await client.get('pods', 'default', 'to-evict').catch((e: unknown) => e);
    // Evicted: gone, or terminating with a deletionTimestamp.
    if (after instanceof StatusError) expect(after.code).toBe(404);
    else expect((after as KubeObject).metadata.deletionTimestamp).toBeTruthy();
  });

  it('updates status through the status subresource only', async () => {
    const p = await client.create('pods', pod('with-status'));
    const withStatus = await client.updateStatus('pods', { ...p, status: { phase: 'Running' } });
    expect((withStatus.status as { phase?: string }).phase).toBe('Running');
  });

  it('reads and writes a Deployment scale', async () => {
    await client.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    });
    const scale: Scale = await client.getScale('deploy', 'default', 'web');
    expect(scale.kind).toBe('Scale');
    expect(scale.spec.replicas).toBe(1);
    const scaled = await client.updateScale('deploy', 'default', 'web', 3);
    expect(scaled.spec.replicas).toBe(3);
    const dep = await client.get('deployments.apps', 'default', 'web');
    expect((dep.spec as { replicas: number }).replicas).toBe(3);
  });
});

describe('KubeClient.request', () => {
  it('fetches Table output with the Accept header kubectl sends', async () => {
    const table = await client.request<{ kind: string; columnDefinitions: Array<{ name: string }> }>(
      'GET',
      '/api/v1/namespaces/default/configmaps',
      undefined,
      { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    );
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toContain('Name');
  });

  it('throws the Status of a failed request', async () => {
    const err = await client.request('GET', '/api/v1/namespaces/default/pods/nope').catch((e: unknown) => e);
    expect((err as StatusError).status.reason).toBe('NotFound');
  });
});

describe('KubeClient.watch', () => {
  it('streams ADDED, MODIFIED and DELETED events in order from a resourceVersion', async () => {
    const list = await client.list('configmaps', { namespace: 'default' });
    const events: WatchEvent[] = [];
    let handle: { stop(): void } | undefined;
    const done = new Promise<void>((resolve, reject) => {
      handle = client.watch(
        'configmaps',
        { namespace: 'default', resourceVersion: list.metadata.resourceVersion },
        (ev) => {
          events.push(ev);
          if (ev.type === 'DELETED') resolve();
        },
        (err) => reject(err ?? new Error('watch ended early')),
      );
    });
    const cm = await client.create('configmaps', configMap('watched'));
    await client.update('configmaps', { ...cm, data: { k: 'v' } });
    await client.delete('configmaps', 'default', 'watched');
    await done;
    handle!.stop();
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED watched',
      'MODIFIED watched',
      'DELETED watched',
    ]);
    expect(events[0].object.kind).toBe('ConfigMap');
  });

  it('ends with a 410 Expired StatusError when the resourceVersion is older than the watch cache', async () => {
    const first = await client.create('configmaps', configMap('old-rv'));
    // watchCacheSize is 20: push the first event out of the cache.
    for (let i = 0; i < 30; i++) await client.patch('configmaps', 'default', 'old-rv', { data: { i: String(i) } });
    const err = await new Promise<Error | undefined>((resolve) => {
      client.watch('configmaps', { namespace: 'default', resourceVersion: first.metadata.resourceVersion }, () => {}, resolve);
    });
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(410);
  });

  it('ends cleanly when the server closes the watch after timeoutSeconds', async () => {
    const list = await client.list('configmaps', { namespace: 'default' });
    const err = await new Promise<Error | undefined>((resolve) => {
      client.watch('configmaps', { namespace: 'default', resourceVersion: list.metadata.resourceVersion, timeoutSeconds: 1 }, () => {}, resolve);
    });
    expect(err).toBeUndefined();
  });
});
