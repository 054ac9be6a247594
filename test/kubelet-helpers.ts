// Shared by the kubelet tests: a real apiserver over a temporary LevelDB, a client, a
// poll-until helper that reports what it last saw, and Docker and HTTP helpers.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { KubeClient, silentLogger } from '@mk/client';
import { cleanupBridgeNetworks } from '@mk/kubelet';
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

/** A command's output, trimmed; throws with its stderr when it fails. */
export function sh(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A clean-up command whose failure means there was nothing to clean. */
export function quietly(cmd: string, ...args: string[]): void {
  try {
    sh(cmd, ...args);
  } catch {
    /* already gone */
  }
}

export function docker(...args: string[]): string {
  return sh('docker', ...args);
}

/** startKubelet's options for a Docker node of a test: loopback address, any free kubelet port. */
export function dockerKubeletOptions(server: string, nodeName: string, podCIDR: string, rootDir: string) {
  return { server, nodeName, runtime: 'docker' as const, podCIDR, rootDir, nodeIP: '127.0.0.1', port: 0, address: '127.0.0.1', logger: quiet };
}

/** What a stopped Docker kubelet leaves of a test node: its containers, then its bridge and rules. */
export async function removeDockerNode(node: string): Promise<void> {
  const ids = docker('ps', '-aq', '--filter', `label=mk.io/node=${node}`);
  if (ids) docker('rm', '-f', ...ids.split('\n'));
  await cleanupBridgeNetworks(node).catch(() => undefined);
}

/** GET over a fresh connection (no keep-alive), so each request is its own forwarded stream. */
export function getFresh(port: number, path = '/index.html'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.setTimeout(10_000, () => r.destroy(new Error('request timed out')));
    r.end();
  });
}

/** A long-running child whose output is collected as it comes. */
export interface Proc {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  stop(): Promise<void>;
}

export function startProc(cmd: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  return {
    child,
    out: () => out,
    err: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
