// Shared by the storage tests (not part of the build's public API).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceForPath, type KubeObject, type ResourceInfo } from '@mk/api';
import type { StoreWatchEvent } from './types.js';

export const PODS = resourceForPath('', 'v1', 'pods') as ResourceInfo;
export const DEPLOYMENTS = resourceForPath('apps', 'v1', 'deployments') as ResourceInfo;
export const NODES = resourceForPath('', 'v1', 'nodes') as ResourceInfo;

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mk-storage-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function pod(name: string, opts: { namespace?: string; labels?: Record<string, string>; nodeName?: string; uid?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', uid: opts.uid ?? `uid-${name}`, labels: opts.labels },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(opts.nodeName ? { nodeName: opts.nodeName } : {}) },
  };
}

export interface Seen {
  type: string;
  name: string;
  rv: string;
  labels?: Record<string, string>;
}

/** A watch sink that records what it receives, parsed from the shared event lines. */
export function collector(): { events: Seen[]; raw: StoreWatchEvent[]; send: (ev: StoreWatchEvent) => void } {
  const events: Seen[] = [];
  const raw: StoreWatchEvent[] = [];
  return {
    events,
    raw,
    send: (ev) => {
      raw.push(ev);
      const line = JSON.parse(ev.json) as { type: string; object: KubeObject };
      events.push({ type: line.type, name: line.object.metadata.name ?? '', rv: line.object.metadata.resourceVersion ?? '', labels: line.object.metadata.labels });
    },
  };
}
