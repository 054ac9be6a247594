// ReplicaSet controller against a real apiserver: pods are created to match replicas, come
// back when deleted, are adopted and released by label, and status reports what exists.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Pod, ReplicaSet } from '@mk/api';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({ controllers: ['replicaset'] });
});
afterAll(async () => {
  await c?.close();
});

function rsObject(name: string, replicas: number, extra: Partial<ReplicaSet['spec']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      ...extra,
    },
  };
}

async function podsOf(app: string): Promise<Pod[]> {
  const list = await c.client.list<Pod>('pods', { namespace: NS, labelSelector: `app=${app}` });
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

async function rsStatus(name: string): Promise<ReplicaSet> {
  return c.client.get<ReplicaSet>('replicasets.apps', NS, name);
}

describe('ReplicaSet controller', () => {
  it('creates pods named <rs>-<5 chars>, owned by the ReplicaSet, and reports them ready and available', async () => {
    await c.client.create('replicasets.apps', rsObject('web', 3));
    const rs = await until(async () => {
      const r = await rsStatus('web');
      return r.status?.availableReplicas === 3 ? r : undefined;
    });
    expect(rs.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: rs.metadata.generation });
    const pods = await podsOf('web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
  });

  it('replaces a deleted pod with a new one of a new name', async () => {
    const before = await podsOf('web');
    const victim = before[0].metadata.name!;
    await c.client.delete('pods', NS, victim);
    const after = await until(async () => {
      const pods = await podsOf('web');
      return pods.length === 3 && !pods.some((p) => p.metadata.name === victim) ? pods : undefined;
    });
    expect(after.map((p) => p.metadata.name)).not.toContain(victim);
  });

  it('scales 3 -> 10 -> 2 without ever holding more pods than asked for', async () => {
    let max = 0;
    await c.client.patch('replicasets.apps', NS, 'web', { spec: { replicas: 10 } });
    await until(async () => {
      const n = (await podsOf('web')).length;
      max = Math.max(max, n);
      return (await rsStatus('web')).status?.readyReplicas === 10;
    });
    expect(max).toBeLessThanOrEqual(10);
    await c.client.patch('replicasets.apps', NS, 'web', { spec: { replicas: 2 } });
    const rs = await until(async () => {
      const r = await rsStatus('web');
      return r.status?.replicas === 2 && r.status.readyReplicas === 2 ? r : undefined;
    });
    expect(rs.status?.availableReplicas).toBe(2);
    expect(await podsOf('web')).toHaveLength(2);
  });

  it('adopts a matching orphan pod instead of creating one, and releases a pod whose labels stop matching', async () => {
    const orphan: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', namespace: NS, labels: { app: 'adopt' } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    await c.client.create('pods', orphan);
    await c.client.create('replicasets.apps', rsObject('adopt', 2));
    const rs = await until(async () => {
      const r = await rsStatus('adopt');
      return r.status?.readyReplicas === 2 ? r : undefined;
    });
    const stray = await c.client.get<Pod>('pods', NS, 'stray');
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'adopt', uid: rs.metadata.uid, controller: true });
    expect(await podsOf('adopt')).toHaveLength(2);

    // Relabel it: the ReplicaSet lets go of it and makes a replacement.
    await c.client.patch('pods', NS, 'stray', { metadata: { labels: { app: 'elsewhere' } } });
    await until(async () => {
      const p = await c.client.get<Pod>('pods', NS, 'stray');
      return !p.metadata.ownerReferences?.length;
    });
    await until(async () => (await podsOf('adopt')).length === 2 && (await rsStatus('adopt')).status?.readyReplicas === 2);
  });

  it('counts pods available only after minReadySeconds', async () => {
    await c.client.create('replicasets.apps', rsObject('slow', 1, { minReadySeconds: 2 }));
    const ready = await until(async () => {
      const r = await rsStatus('slow');
      return r.status?.readyReplicas === 1 ? r : undefined;
    });
    // Ready just now, so not yet available; it becomes available once 2 s have passed.
    expect(ready.status?.availableReplicas ?? 0).toBe(0);
    await until(async () => (await rsStatus('slow')).status?.availableReplicas === 1);
  });
});
