// Level-based controllers write only differences: once everything has converged, the whole
// controller-manager leaves the store alone.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Deployment, KubeList } from '@mk/api';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;

beforeAll(async () => {
  // Kubelets renew their Leases every 10 s; renew rarely here (and give the node lifecycle
  // controller a long grace period) so only controller writes could move the resourceVersion.
  c = await startCluster({ nodes: ['q-1', 'q-2'], nodeOptions: { leaseRenewMs: 600_000 }, settings: { nodeMonitorGracePeriodSeconds: 3600 } });
});
afterAll(async () => {
  await c?.close();
});

async function latestResourceVersion(): Promise<string> {
  const list = await c.client.request<KubeList>('GET', '/api/v1/namespaces?limit=1');
  return list.metadata.resourceVersion ?? '';
}

describe('a converged cluster', () => {
  it('runs every controller, and once things settle no controller writes anything', async () => {
    expect(c.cm.controllers).toEqual(expect.arrayContaining(['replicaset', 'deployment', 'garbagecollector', 'endpoint', 'endpointslice', 'daemonset', 'job', 'cronjob', 'disruption', 'nodelifecycle']));
    await c.client.create<Deployment>('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'quiet', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'quiet' } }, template: { metadata: { labels: { app: 'quiet' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
    });
    await c.client.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'quiet', namespace: 'default' }, spec: { selector: { app: 'quiet' }, ports: [{ port: 80 }] } });
    await until(async () => (await c.client.get<Deployment>('deployments.apps', 'default', 'quiet')).status?.availableReplicas === 3);
    // Settled: the same resourceVersion twice, a second apart, means no write happened between.
    await until(async () => {
      const a = await latestResourceVersion();
      await new Promise((r) => setTimeout(r, 1000));
      return a === (await latestResourceVersion());
    });
    const before = await latestResourceVersion();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await latestResourceVersion()).toBe(before);
  });
});
