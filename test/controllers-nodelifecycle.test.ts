// Node lifecycle: a node whose heartbeats stop becomes Ready=Unknown, is tainted unreachable,
// and its pods are evicted once their toleration runs out and recreated on other nodes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Deployment, Node, Pod } from '@mk/api';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({
    controllers: ['replicaset', 'deployment', 'nodelifecycle'],
    settings: { nodeMonitorGracePeriodSeconds: 1 },
    nodes: [],
    // Kubelets renew their Leases well within the 1 s grace period.
    nodeOptions: { leaseRenewMs: 200 },
  });
  // The Nodes exist before their kubelets start (as with --allocate-node-cidrs), so the
  // controller, not the kubelet, gives them their pod ranges.
  // Both at once: the range allocator must never hand two Nodes added back to back the
  // same /24 (the first test checks the ranges differ).
  await Promise.all(
    ['nl-1', 'nl-2'].map((name) => c.client.create<Node>('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } })),
  );
  for (const name of ['nl-1', 'nl-2']) await until(async () => (await c.client.get<Node>('nodes', undefined, name)).spec?.podCIDR);
  for (const name of ['nl-1', 'nl-2']) await c.startNode(name);
});
afterAll(async () => {
  await c?.close();
});

describe('node lifecycle', () => {
  it('gives each node a /24 podCIDR', async () => {
    const cidrs = await until(async () => {
      const nodes = (await c.client.list<Node>('nodes')).items;
      const v = nodes.map((n) => n.spec?.podCIDR).filter(Boolean);
      return v.length === 2 ? v : undefined;
    });
    expect(new Set(cidrs).size).toBe(2);
    for (const cidr of cidrs) expect(cidr).toMatch(/^10\.244\.\d+\.0\/24$/);
  });

  it('stops hearing from a node: Ready=Unknown, unreachable taints, and its pods move after tolerationSeconds', async () => {
    await c.client.create<Deployment>('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'moving', namespace: NS },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'moving' } },
        template: {
          metadata: { labels: { app: 'moving' } },
          spec: {
            containers: [{ name: 'c', image: 'nginx' }],
            tolerations: [
              { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 },
              { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 },
            ],
          },
        },
      },
    });
    const running = async (): Promise<Pod[]> =>
      (await c.client.list<Pod>('pods', { namespace: NS, labelSelector: 'app=moving' })).items.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
    await until(async () => (await running()).length === 4);
    expect((await running()).some((p) => p.spec?.nodeName === 'nl-1')).toBe(true);

    // nl-1's kubelet dies: no more heartbeats, and nobody finishes its pods' deletions.
    await c.stopNode('nl-1');
    const node = await until(async () => {
      const n = await c.client.get<Node>('nodes', undefined, 'nl-1');
      return n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute') ? n : undefined;
    });
    expect(node.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node.spec?.taints?.map((t) => `${t.key}:${t.effect}`).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    const healthy = await c.client.get<Node>('nodes', undefined, 'nl-2');
    expect(healthy.spec?.taints ?? []).toEqual([]);

    const moved = await until(async () => {
      const ps = await running();
      return ps.length === 4 && ps.every((p) => p.spec?.nodeName === 'nl-2') ? ps : undefined;
    });
    expect(moved).toHaveLength(4);
    // The evicted pods are marked for deletion; their dead kubelet never finishes it.
    const stuck = (await c.client.list<Pod>('pods', { namespace: NS, labelSelector: 'app=moving' })).items.filter((p) => p.spec?.nodeName === 'nl-1');
    expect(stuck.length).toBeGreaterThan(0);
    for (const p of stuck) expect(p.metadata.deletionTimestamp).toBeTruthy();
  });

  it('the node comes back: Ready again and untainted', async () => {
    await c.startNode('nl-1');
    await until(async () => ((await c.client.get<Node>('nodes', undefined, 'nl-1')).spec?.taints ?? []).length === 0);
  });
});
