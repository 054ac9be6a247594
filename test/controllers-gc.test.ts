// Garbage collector: cascading deletion of a Deployment in the three propagation modes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ConfigMap, Deployment, Pod, ReplicaSet } from '@mk/api';
import { isNotFound } from '@mk/client';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({ controllers: ['replicaset', 'deployment', 'garbagecollector'] });
});
afterAll(async () => {
  await c?.close();
});

async function deploy(name: string): Promise<void> {
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
  await c.client.create('deployments.apps', d);
  await until(async () => (await c.client.get<Deployment>('deployments.apps', NS, name)).status?.availableReplicas === 2);
}

const pods = async (app: string): Promise<Pod[]> => (await c.client.list<Pod>('pods', { namespace: NS, labelSelector: `app=${app}` })).items;
const rss = async (app: string): Promise<ReplicaSet[]> => (await c.client.list<ReplicaSet>('replicasets.apps', { namespace: NS, labelSelector: `app=${app}` })).items;

async function gone(resource: string, name: string): Promise<boolean> {
  try {
    await c.client.get(resource, NS, name);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

describe('garbage collector', () => {
  it('background: the Deployment goes at once, then its ReplicaSet and pods', async () => {
    await deploy('bg');
    await c.client.delete('deployments.apps', NS, 'bg', { propagationPolicy: 'Background' });
    expect(await gone('deployments.apps', 'bg')).toBe(true);
    await until(async () => (await rss('bg')).length === 0 && (await pods('bg')).length === 0);
  });

  it('foreground: the Deployment stays, marked foregroundDeletion, until its ReplicaSet and pods are gone', async () => {
    await deploy('fg');
    const res = (await c.client.delete('deployments.apps', NS, 'fg', { propagationPolicy: 'Foreground' })) as Deployment;
    expect(res.metadata.finalizers).toContain('foregroundDeletion');
    expect(res.metadata.deletionTimestamp).toBeTruthy();
    await until(() => gone('deployments.apps', 'fg'));
    // Owners go last: by the time the Deployment is gone, nothing it owned remains.
    expect(await rss('fg')).toHaveLength(0);
    expect(await pods('fg')).toHaveLength(0);
  });

  it('orphan: the Deployment goes and its ReplicaSet stays, without the owner reference; pods stay', async () => {
    await deploy('orph');
    await c.client.delete('deployments.apps', NS, 'orph', { propagationPolicy: 'Orphan' });
    await until(() => gone('deployments.apps', 'orph'));
    const [rs] = await until(async () => {
      const list = await rss('orph');
      return list.length === 1 && !list[0].metadata.ownerReferences?.length ? list : undefined;
    });
    expect(rs.metadata.ownerReferences ?? []).toEqual([]);
    const ps = await pods('orph');
    expect(ps).toHaveLength(2);
    for (const p of ps) expect(p.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
  });

  it('an object whose owner never existed is collected; one with a live second owner only loses the dead reference', async () => {
    const live = await c.client.create<ConfigMap>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: NS } });
    const ghost = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' };
    await c.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lonely', namespace: NS, ownerReferences: [ghost] } });
    await c.client.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shared', namespace: NS, ownerReferences: [ghost, { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: live.metadata.uid! }] },
    });
    await until(() => gone('configmaps', 'lonely'));
    const shared = await until(async () => {
      const cm = await c.client.get<ConfigMap>('configmaps', NS, 'shared');
      return cm.metadata.ownerReferences?.length === 1 ? cm : undefined;
    });
    expect(shared.metadata.ownerReferences?.[0].name).toBe('owner');
  });
});
