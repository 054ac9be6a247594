// 1,000 simulated nodes in one process: every node registers with its own podCIDR and lease,
// leases are renewed, and pods bound across the nodes run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node, Pod } from '@mk/api';
import type { Lease } from '@mk/client';
import { startSimulatedNodes, type SimulatedNodes } from '@mk/kubelet';
import { podOn, quiet, startCluster, until, type Cluster } from './kubelet-helpers.js';

const COUNT = 1000;

describe('1,000 simulated nodes in one process', () => {
  let c: Cluster;
  let sim: SimulatedNodes;

  beforeAll(async () => {
    c = await startCluster();
    sim = await startSimulatedNodes({
      server: c.url,
      count: COUNT,
      namePrefix: 'n',
      labels: (i) => ({ 'topology.kubernetes.io/zone': `zone-${i % 3}` }),
      capacity: { cpu: '8', memory: '16Gi' },
      leaseRenewMs: 4000,
      logger: quiet,
    });
  }, 180_000);
  afterAll(async () => {
    await sim?.stop();
    await c?.close();
  }, 60_000);

  it('registers every node with its own podCIDR and a lease', async () => {
    const nodes = await c.client.list<Node>('nodes');
    expect(nodes.items.length).toBe(COUNT);
    expect(new Set(nodes.items.map((n) => n.spec?.podCIDR)).size).toBe(COUNT);
    const n7 = nodes.items.find((n) => n.metadata.name === 'n7')!;
    expect(n7.metadata.labels?.['topology.kubernetes.io/zone']).toBe('zone-1');
    expect(n7.status?.allocatable).toMatchObject({ cpu: '8', memory: '16Gi', pods: '110' });
    expect(n7.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
    const leases = await c.client.list<Lease>('leases', { namespace: 'kube-node-lease' });
    expect(leases.items.length).toBe(COUNT);
  });

  it('renews the leases', async () => {
    const before = new Map(
      (await c.client.list<Lease>('leases', { namespace: 'kube-node-lease' })).items.map((l) => [l.metadata.name, l.spec?.renewTime ?? '']),
    );
    await until(
      'every lease renewed',
      async () => {
        const now = await c.client.list<Lease>('leases', { namespace: 'kube-node-lease' });
        return now.items.every((l) => (l.spec?.renewTime ?? '') > before.get(l.metadata.name!)!);
      },
      60_000,
      500,
    );
    expect(sim.stats().renewals).toBeGreaterThanOrEqual(COUNT);
  }, 90_000);

  it('runs pods bound to different nodes', async () => {
    const names = ['n0', 'n499', 'n999'];
    await Promise.all(names.map((n) => c.client.create('pods', podOn(`p-${n}`, n))));
    const pods = await until('the pods Running', async () => {
      const ps = await Promise.all(names.map((n) => c.client.get<Pod>('pods', 'default', `p-${n}`)));
      return ps.every((p) => p.status?.phase === 'Running') && ps;
    });
    const nodes = await Promise.all(names.map((n) => c.client.get<Node>('nodes', undefined, n)));
    pods.forEach((p, i) => {
      const prefix = nodes[i].spec!.podCIDR!.replace(/\.0\/24$/, '.');
      expect(p.status?.podIP?.startsWith(prefix)).toBe(true);
    });
  });
});
