// DaemonSet controller: one pod per eligible node, following nodes as they come and go.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ControllerRevision, DaemonSet, Pod, Taint } from '@mk/api';
import { daemonSetHistory, daemonSetRolloutStatus, rollbackDaemonSet } from '@mk/controller-manager';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({ controllers: ['daemonset', 'garbagecollector'], nodes: [] });
});
afterAll(async () => {
  await c?.close();
});

/** A node joins: its (simulated) kubelet registers it. */
async function node(name: string, taints: Taint[] = []): Promise<void> {
  await c.startNode(name, { labels: { 'kubernetes.io/hostname': name }, taints });
}

const dsPods = async (app: string): Promise<Pod[]> =>
  (await c.client.list<Pod>('pods', { namespace: NS, labelSelector: `app=${app}` })).items.filter((p) => !p.metadata.deletionTimestamp);
const nodesOf = (ps: Pod[]): string[] => ps.map((p) => p.spec?.nodeName ?? '?').sort();
const getDS = (name: string): Promise<DaemonSet> => c.client.get<DaemonSet>('daemonsets.apps', NS, name);

describe('DaemonSet controller', () => {
  it('runs one pod per node, none on a tainted node it does not tolerate; follows nodes joining and leaving', async () => {
    await node('ds-n1');
    await node('ds-n2');
    await node('ds-tainted', [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    await c.client.create<DaemonSet>('daemonsets.apps', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } },
      },
    });
    await until(async () => nodesOf(await dsPods('agent')).join() === 'ds-n1,ds-n2');
    const ds = await until(async () => {
      const d = await getDS('agent');
      return d.status?.numberReady === 2 ? d : undefined;
    });
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 2 });

    const [p] = await dsPods('agent');
    expect(p.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchFields?.[0]).toMatchObject({ key: 'metadata.name', operator: 'In' });
    const keys = (p.spec?.tolerations ?? []).map((t) => `${t.key}:${t.effect}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ]),
    );

    await node('ds-n3');
    await until(async () => nodesOf(await dsPods('agent')).join() === 'ds-n1,ds-n2,ds-n3');
    // A node leaves: its kubelet goes away and the Node is deleted.
    await c.stopNode('ds-n2');
    await c.client.delete('nodes', undefined, 'ds-n2');
    await until(async () => nodesOf(await dsPods('agent')).join() === 'ds-n1,ds-n3');
    await until(async () => (await getDS('agent')).status?.desiredNumberScheduled === 2);
  });

  it('rolls a new template out node by node, with a ControllerRevision per template', async () => {
    await c.client.patch('daemonsets.apps', NS, 'agent', { spec: { template: { spec: { containers: [{ name: 'a', image: 'busybox:2' }] } } } }, 'strategic');
    await until(async () => {
      const ps = await dsPods('agent');
      return ps.length === 2 && ps.every((p) => p.spec?.containers[0].image === 'busybox:2' && p.status?.phase === 'Running');
    });
    const ds = await until(async () => {
      const d = await getDS('agent');
      return d.status?.updatedNumberScheduled === 2 && d.status.numberReady === 2 && d.status.observedGeneration === d.metadata.generation ? d : undefined;
    });
    expect(ds.status?.desiredNumberScheduled).toBe(2);
    const revs = (await c.client.list<ControllerRevision>('controllerrevisions.apps', { namespace: NS, labelSelector: 'app=agent' })).items;
    expect(revs.map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('rollout undo brings the previous template back, as the newest revision', async () => {
    expect(daemonSetRolloutStatus(await getDS('agent'))).toEqual({ message: 'daemon set "agent" successfully rolled out\n', done: true });
    const r = await rollbackDaemonSet(c.client, NS, 'agent');
    expect(r).toMatchObject({ message: 'rolled back', revision: 1, rolledBack: true });
    await until(async () => {
      const ps = await dsPods('agent');
      return ps.length === 2 && ps.every((p) => p.spec?.containers[0].image === 'busybox' && p.status?.phase === 'Running');
    });
    const history = await until(async () => {
      const h = await daemonSetHistory(c.client, NS, 'agent');
      return h.map((x) => x.revision).join() === '2,3' ? h : undefined;
    });
    expect(history).toHaveLength(2);
    await until(async () => daemonSetRolloutStatus(await getDS('agent')).done);
  });

  it('maxSurge 1: each node keeps a ready pod throughout the update', async () => {
    await c.client.create<DaemonSet>('daemonsets.apps', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'surger', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'surger' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: { metadata: { labels: { app: 'surger' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } },
      },
    });
    const readyOnEveryNode = (ps: Pod[]): boolean =>
      ['ds-n1', 'ds-n3'].every((n) => ps.some((p) => p.spec?.nodeName === n && !p.metadata.deletionTimestamp && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')));
    await until(async () => readyOnEveryNode(await dsPods('surger')));
    const pods = new Map<string, Pod>();
    const list = await c.client.list<Pod>('pods', { namespace: NS, labelSelector: 'app=surger' });
    for (const p of list.items) pods.set(p.metadata.name!, p);
    let gap = false;
    const watch = c.client.watch<Pod>(
      'pods',
      { namespace: NS, labelSelector: 'app=surger', resourceVersion: list.metadata.resourceVersion },
      (e) => {
        if (e.type === 'DELETED') pods.delete(e.object.metadata.name!);
        else if (e.type === 'ADDED' || e.type === 'MODIFIED') pods.set(e.object.metadata.name!, e.object);
        if (!readyOnEveryNode([...pods.values()])) gap = true;
      },
      () => {},
    );
    try {
      await c.client.patch('daemonsets.apps', NS, 'surger', { spec: { template: { spec: { containers: [{ name: 'a', image: 'busybox:2' }] } } } }, 'strategic');
      await until(async () => {
        const ps = await dsPods('surger');
        return ps.length === 2 && ps.every((p) => p.spec?.containers[0].image === 'busybox:2') && readyOnEveryNode(ps);
      });
      expect(gap).toBe(false);
    } finally {
      watch.stop();
    }
  });

  it('OnDelete: a new template reaches a node only when its pod is deleted', async () => {
    await c.client.create<DaemonSet>('daemonsets.apps', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'manual', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'manual' } },
        updateStrategy: { type: 'OnDelete' },
        template: { metadata: { labels: { app: 'manual' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } },
      },
    });
    await until(async () => (await dsPods('manual')).filter((p) => p.status?.phase === 'Running').length === 2);
    await c.client.patch('daemonsets.apps', NS, 'manual', { spec: { template: { spec: { containers: [{ name: 'a', image: 'busybox:2' }] } } } }, 'strategic');
    await until(async () => {
      const d = await getDS('manual');
      return d.status?.observedGeneration === d.metadata.generation;
    });
    expect((await getDS('manual')).status?.updatedNumberScheduled ?? 0).toBe(0);
    const [victim] = await dsPods('manual');
    await c.client.delete('pods', NS, victim.metadata.name!);
    const images = await until(async () => {
      const ps = await dsPods('manual');
      return ps.length === 2 && !ps.some((p) => p.metadata.name === victim.metadata.name) ? ps.map((p) => p.spec?.containers[0].image).sort() : undefined;
    });
    expect(images).toEqual(['busybox', 'busybox:2']);
  });
});
