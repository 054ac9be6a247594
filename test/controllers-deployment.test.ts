// Deployment controller with the ReplicaSet controller against a real apiserver; pods are
// scheduled and made Running/Ready by the scheduler and simulated kubelets.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '@mk/api';
import { rollbackDeployment, deploymentHistory } from '@mk/controller-manager';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';
// The simulated runtime's readiness fails for pods with this annotation.
const NEVER_READY = { 'sim.mk.io/ready': 'false' };

beforeAll(async () => {
  c = await startCluster({
    controllers: ['replicaset', 'deployment'],
    nodes: ['node-1', 'node-2', 'node-3'],
  });
});
afterAll(async () => {
  await c?.close();
});

function deployment(name: string, replicas: number, spec: Partial<NonNullable<Deployment['spec']>> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
      ...spec,
    },
  };
}

const getD = (name: string): Promise<Deployment> => c.client.get<Deployment>('deployments.apps', NS, name);

async function livePods(app: string): Promise<Pod[]> {
  const list = await c.client.list<Pod>('pods', { namespace: NS, labelSelector: `app=${app}` });
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

async function replicaSets(app: string): Promise<ReplicaSet[]> {
  return (await c.client.list<ReplicaSet>('replicasets.apps', { namespace: NS, labelSelector: `app=${app}` })).items;
}

/** Done: the controller saw the latest spec and every replica is new and available. */
async function rolledOut(name: string): Promise<Deployment> {
  return until(async () => {
    const d = await getD(name);
    const s = d.status ?? {};
    const n = d.spec?.replicas ?? 1;
    return s.observedGeneration === d.metadata.generation && s.updatedReplicas === n && s.replicas === n && s.availableReplicas === n ? d : undefined;
  });
}

const isReady = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('Deployment controller', () => {
  it('creates a ReplicaSet <deploy>-<pod-template-hash> at revision 1, pods <deploy>-<hash>-<5>, and reports Available', async () => {
    await c.client.create('deployments.apps', deployment('web', 3));
    const d = await rolledOut('web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const [rs] = await replicaSets('web');
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(rs.spec?.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    for (const p of await livePods('web')) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    const conds = Object.fromEntries((d.status?.conditions ?? []).map((x) => [x.type, x]));
    expect(conds.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(conds.Progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 });
  });

  it('heals: a deleted pod is replaced under a new name; scales 3 -> 10 -> 2', async () => {
    const [victim] = await livePods('web');
    await c.client.delete('pods', NS, victim.metadata.name!);
    await until(async () => {
      const pods = await livePods('web');
      return pods.length === 3 && pods.every((p) => isReady(p) && p.metadata.name !== victim.metadata.name);
    });
    await c.client.patch('deployments.apps', NS, 'web', { spec: { replicas: 10 } });
    await rolledOut('web');
    expect(await livePods('web')).toHaveLength(10);
    await c.client.patch('deployments.apps', NS, 'web', { spec: { replicas: 2 } });
    await rolledOut('web');
    await until(async () => (await livePods('web')).length === 2);
    expect(await replicaSets('web')).toHaveLength(1);
  });

  it('rolls 10 replicas to a new image with maxSurge 3, maxUnavailable 2: never above 13 pods or below 8 available', async () => {
    await c.client.create(
      'deployments.apps',
      deployment('roll', 10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }),
    );
    await rolledOut('roll');
    const pods = new Map<string, Pod>();
    for (const p of await livePods('roll')) pods.set(p.metadata.name!, p);
    let maxPods = 0;
    let minAvailable = Infinity;
    const observe = (): void => {
      const live = [...pods.values()].filter((p) => !p.metadata.deletionTimestamp);
      maxPods = Math.max(maxPods, live.length);
      minAvailable = Math.min(minAvailable, live.filter(isReady).length);
    };
    const list = await c.client.list<Pod>('pods', { namespace: NS, labelSelector: 'app=roll' });
    const watch = c.client.watch<Pod>(
      'pods',
      { namespace: NS, labelSelector: 'app=roll', resourceVersion: list.metadata.resourceVersion },
      (e) => {
        if (e.type === 'DELETED') pods.delete(e.object.metadata.name!);
        else if (e.type === 'ADDED' || e.type === 'MODIFIED') pods.set(e.object.metadata.name!, e.object);
        observe();
      },
      () => {},
    );
    try {
      await c.client.patch('deployments.apps', NS, 'roll', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } }, 'strategic');
      const d = await rolledOut('roll');
      expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
      await until(() => [...pods.values()].filter((p) => !p.metadata.deletionTimestamp).length === 10);
      const live = [...pods.values()].filter((p) => !p.metadata.deletionTimestamp);
      expect(live.every((p) => p.spec?.containers[0].image === 'nginx:1.26')).toBe(true);
      const rss = await replicaSets('roll');
      const old = rss.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1');
      expect(old?.spec?.replicas).toBe(0);
      // The watch saw the surge happen, and it stayed within bounds.
      expect(maxPods).toBeGreaterThan(10);
      expect(maxPods).toBeLessThanOrEqual(13);
      expect(minAvailable).toBeGreaterThanOrEqual(8);
    } finally {
      watch.stop();
    }
  });

  it('rollout undo restores the previous template as a new revision; history lists revisions', async () => {
    const result = await rollbackDeployment(c.client, NS, 'roll');
    expect(result).toMatchObject({ message: 'rolled back', revision: 1, rolledBack: true });
    const d = await until(async () => {
      const x = await rolledOut('roll');
      return x.spec?.template.spec?.containers[0].image === 'nginx:1.25' ? x : undefined;
    });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    await until(async () => (await livePods('roll')).every((p) => p.spec?.containers[0].image === 'nginx:1.25'));
    const history = await deploymentHistory(c.client, NS, 'roll');
    expect(history.map((h) => h.revision)).toEqual([2, 3]);
    await expect(rollbackDeployment(c.client, NS, 'roll', 7)).rejects.toThrow('unable to find specified revision 7 in history');
  });

  it('a rollout to an image that never becomes ready stops at the surge limit and reports ProgressDeadlineExceeded', async () => {
    await c.client.create(
      'deployments.apps',
      deployment('stuck', 4, { progressDeadlineSeconds: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }),
    );
    await rolledOut('stuck');
    await c.client.patch('deployments.apps', NS, 'stuck', { spec: { template: { metadata: { annotations: NEVER_READY }, spec: { containers: [{ name: 'c', image: 'never-ready' }] } } } }, 'strategic');
    const d = await until(async () => {
      const x = await getD('stuck');
      const p = x.status?.conditions?.find((k) => k.type === 'Progressing');
      return p?.reason === 'ProgressDeadlineExceeded' ? x : undefined;
    });
    const p = d.status?.conditions?.find((k) => k.type === 'Progressing');
    expect(p).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(p?.message).toMatch(/^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
    const pods = await livePods('stuck');
    expect(pods).toHaveLength(5);
    expect(pods.filter(isReady)).toHaveLength(4);
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 1, availableReplicas: 4, unavailableReplicas: 1 });
  });

  it('Recreate removes every old pod before the first new one exists', async () => {
    await c.client.create('deployments.apps', deployment('recreate', 3, { strategy: { type: 'Recreate' } }));
    await rolledOut('recreate');
    let overlap = false;
    const pods = new Map<string, Pod>();
    const list = await c.client.list<Pod>('pods', { namespace: NS, labelSelector: 'app=recreate' });
    for (const p of list.items) pods.set(p.metadata.name!, p);
    const watch = c.client.watch<Pod>(
      'pods',
      { namespace: NS, labelSelector: 'app=recreate', resourceVersion: list.metadata.resourceVersion },
      (e) => {
        if (e.type === 'DELETED') pods.delete(e.object.metadata.name!);
        else if (e.type === 'ADDED' || e.type === 'MODIFIED') pods.set(e.object.metadata.name!, e.object);
        const images = new Set([...pods.values()].map((p) => p.spec?.containers[0].image));
        if (images.size > 1) overlap = true;
      },
      () => {},
    );
    try {
      await c.client.patch('deployments.apps', NS, 'recreate', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } }, 'strategic');
      await until(async () => {
        const d = await rolledOut('recreate');
        return d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2';
      });
      expect(overlap).toBe(false);
    } finally {
      watch.stop();
    }
  });

  it('paused: a template change waits for resume; revisionHistoryLimit prunes old ReplicaSets', async () => {
    await c.client.create('deployments.apps', deployment('paused', 2, { revisionHistoryLimit: 1 }));
    await rolledOut('paused');
    await c.client.patch('deployments.apps', NS, 'paused', { spec: { paused: true } });
    await until(async () => (await getD('paused')).status?.conditions?.some((k) => k.reason === 'DeploymentPaused'));
    await c.client.patch('deployments.apps', NS, 'paused', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } }, 'strategic');
    await until(async () => {
      const d = await getD('paused');
      return d.status?.observedGeneration === d.metadata.generation;
    });
    expect(await replicaSets('paused')).toHaveLength(1);
    await c.client.patch('deployments.apps', NS, 'paused', { spec: { paused: false } });
    await until(async () => {
      const d = await rolledOut('paused');
      return d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2';
    });
    await c.client.patch('deployments.apps', NS, 'paused', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } }, 'strategic');
    await until(async () => {
      const d = await rolledOut('paused');
      return d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3';
    });
    // Revision 3 is current, revision 2 is kept (limit 1), revision 1 is gone.
    const revs = await until(async () => {
      const rss = await replicaSets('paused');
      return rss.length === 2 ? rss.map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort() : undefined;
    });
    expect(revs).toEqual(['2', '3']);
  });

  it('scales proportionally during a stuck rollout: 10 -> 20 splits the 10 new replicas 6 old / 4 new', async () => {
    await c.client.create(
      'deployments.apps',
      deployment('prop', 10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }),
    );
    await rolledOut('prop');
    await c.client.patch('deployments.apps', NS, 'prop', { spec: { template: { metadata: { annotations: NEVER_READY }, spec: { containers: [{ name: 'c', image: 'never-ready' }] } } } }, 'strategic');
    const sizes = async (): Promise<string> =>
      (await replicaSets('prop'))
        .sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']))
        .map((r) => r.spec?.replicas)
        .join('/');
    await until(async () => (await sizes()) === '8/5');
    await c.client.patch('deployments.apps', NS, 'prop', { spec: { replicas: 20 } });
    await until(async () => (await sizes()) === '14/9');
    const rss = await replicaSets('prop');
    for (const rs of rss) expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('20');
  });

  it('rollout restart (the restartedAt annotation) replaces every pod under a new revision', async () => {
    const before = new Set((await livePods('web')).map((p) => p.metadata.name));
    const at = new Date().toISOString();
    await c.client.patch('deployments.apps', NS, 'web', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } }, 'strategic');
    await until(async () => {
      const d = await rolledOut('web');
      return d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2';
    });
    await until(async () => {
      const ps = await livePods('web');
      return ps.length === 2 && ps.every((p) => !before.has(p.metadata.name) && p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] === at);
    });
  });
});
