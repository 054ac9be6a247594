// Leader election: with leaderElect, controllers run only in the process holding the
// kube-system/kube-controller-manager Lease; when it stops, another takes over.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Lease, Pod, ReplicaSet } from '@mk/api';
import { silentLogger } from '@mk/client';
import { startControllerManager, type ControllerManager } from '@mk/controller-manager';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const extra: ControllerManager[] = [];

beforeAll(async () => {
  // The cluster's own controller-manager runs nothing; the two candidates below compete.
  c = await startCluster({ controllers: ['-replicaset', '-deployment', '-garbagecollector', '-endpoint', '-endpointslice', '-daemonset', '-job', '-cronjob', '-disruption', '-nodelifecycle', '-ttl-after-finished'] });
});
afterAll(async () => {
  for (const m of extra) await m.stop();
  await c?.close();
});

const lease = (): Promise<Lease> => c.client.get<Lease>('leases.coordination.k8s.io', 'kube-system', 'kube-controller-manager');
const pods = async (): Promise<Pod[]> => (await c.client.list<Pod>('pods', { namespace: 'default', labelSelector: 'app=le' })).items.filter((p) => !p.metadata.deletionTimestamp);

describe('controller-manager leader election', () => {
  it('one leader at a time; the other takes over when it stops', async () => {
    expect(c.cm.controllers).toEqual([]);
    const a = await startControllerManager({ server: c.server.url, leaderElect: true, controllers: ['replicaset'], logger: silentLogger });
    extra.push(a);
    const first = await until(async () => {
      try {
        return (await lease()).spec?.holderIdentity;
      } catch {
        return undefined;
      }
    });
    const b = await startControllerManager({ server: c.server.url, leaderElect: true, controllers: ['replicaset'], logger: silentLogger });
    extra.push(b);
    await c.client.create<ReplicaSet>('replicasets.apps', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'le', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'le' } }, template: { metadata: { labels: { app: 'le' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await until(async () => (await pods()).length === 2);
    expect((await lease()).spec?.holderIdentity).toBe(first);

    await a.stop();
    const second = await until(async () => {
      const h = (await lease()).spec?.holderIdentity;
      return h && h !== first ? h : undefined;
    });
    expect(second).not.toBe(first);
    await c.client.patch('replicasets.apps', 'default', 'le', { spec: { replicas: 3 } });
    await until(async () => (await pods()).length === 3);
  });
});
