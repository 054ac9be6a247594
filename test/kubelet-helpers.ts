// Shared by the kubelet tests: a real apiserver over a temporary LevelDB, a client, and a
// poll-until helper that reports what it last saw.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { KubeClient, silentLogger } from '@mk/client';
import type { Pod } from '@mk/api';

export interface Cluster {
  server: ApiServer;
  url: string;
  client: KubeClient;
  close(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk-kubelet-'));
  const server = await startApiServer({ dataDir, port: 0, logLevel: 'warn' });
  const client = new KubeClient({ server: server.url });
  return {
    server,
    url: server.url,
    client,
    async close() {
      await client.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function podOn(name: string, nodeName: string, spec: Partial<NonNullable<Pod['spec']>> = {}, annotations?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { nodeName, containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sleep', '3600'] }], ...spec },
  };
}

export const quiet = silentLogger;

export function cond(p: Pod, type: string): string | undefined {
  return p.status?.conditions?.find((c) => c.type === type)?.status;
}
