// DaemonSet controller: one pod per eligible node, following nodes as they come and go.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ControllerRevision, DaemonSet, Node, Pod } from '@mk/api';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({ controllers: ['daemonset', 'garbagecollector'] });
});
afterAll(async () => {
  await c?.close();
});

async function node(name: string, taints: Node['spec'] extends infer S ? (S extends { taints?: infer T } ? T : never) : never = []): Promise<void> {
  await c.client.create<Node>('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { taints } });
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
});
