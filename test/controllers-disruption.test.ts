// PodDisruptionBudget status from the disruption controller, as the eviction subresource uses it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Deployment, Pod, PodDisruptionBudget } from '@mk/api';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({ controllers: ['replicaset', 'deployment', 'disruption'] });
});
afterAll(async () => {
  await c?.close();
});

const pdb = (): Promise<PodDisruptionBudget> => c.client.get<PodDisruptionBudget>('poddisruptionbudgets.policy', NS, 'web-pdb');
const pods = async (): Promise<Pod[]> => (await c.client.list<Pod>('pods', { namespace: NS, labelSelector: 'app=web' })).items.filter((p) => !p.metadata.deletionTimestamp);

describe('disruption controller', () => {
  it('minAvailable 1 with one replica allows no disruption (eviction gets 429); with two, one', async () => {
    await c.client.create<Deployment>('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: NS },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await c.client.create<PodDisruptionBudget>('poddisruptionbudgets.policy', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web-pdb', namespace: NS },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    });
    const p1 = await until(async () => {
      const p = await pdb();
      return p.status?.currentHealthy === 1 ? p : undefined;
    });
    expect(p1.status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, observedGeneration: p1.metadata.generation });
    expect(p1.status?.conditions?.[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' });
    const [only] = await pods();
    await expect(c.client.evict(NS, only.metadata.name!)).rejects.toMatchObject({ code: 429 });

    await c.client.patch('deployments.apps', NS, 'web', { spec: { replicas: 2 } });
    const p2 = await until(async () => {
      const p = await pdb();
      return p.status?.currentHealthy === 2 ? p : undefined;
    });
    expect(p2.status).toMatchObject({ disruptionsAllowed: 1, desiredHealthy: 1, expectedPods: 2 });
    await c.client.evict(NS, only.metadata.name!);
    await until(async () => {
      const ps = await pods();
      return ps.length === 2 && !ps.some((p) => p.metadata.name === only.metadata.name);
    });
  });
});
