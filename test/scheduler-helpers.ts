// Shared set-up for the scheduler's integration tests: a real apiserver on a temporary
// LevelDB, a client, and builders for plain Node and Pod objects.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { KubeClient } from '@mk/client';
import type { KubeObject } from '@mk/api';

export interface Cluster {
  api: ApiServer;
  client: KubeClient;
  close(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'mk-sched-'));
  const api = await startApiServer({ dataDir: dir, port: 0, logLevel: 'silent' });
  const client = new KubeClient({ server: api.url });
  return {
    api,
    client,
    async close() {
      await client.close();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function node(name: string, o: { cpu?: string; labels?: Record<string, string>; taints?: Array<{ key: string; value?: string; effect: string }> } = {}): KubeObject {
  const res = { cpu: o.cpu ?? '4', memory: '32Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: o.taints ? { taints: o.taints } : {},
    status: { capacity: res, allocatable: res, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function pod(name: string, o: { cpu?: string; nodeSelector?: Record<string, string>; priorityClassName?: string; schedulerName?: string; labels?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels },
    spec: {
      containers: [{ name: 'app', image: 'nginx', resources: o.cpu ? { requests: { cpu: o.cpu } } : {} }],
      nodeSelector: o.nodeSelector,
      priorityClassName: o.priorityClassName,
      schedulerName: o.schedulerName,
    },
  };
}

/** Polls until fn returns a value other than undefined (tests stay untimed: vitest's timeout bounds them). */
export async function eventually<T>(fn: () => Promise<T | undefined>, intervalMs = 50): Promise<T> {
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function eventsFor(client: KubeClient, name: string, reason: string): Promise<Array<{ message?: string; source?: { component?: string } }>> {
  const list = await client.list<KubeObject & { involvedObject: { name?: string }; reason?: string; message?: string }>('events', { namespace: 'default' });
  return list.items.filter((e) => e.involvedObject.name === name && e.reason === reason);
}
