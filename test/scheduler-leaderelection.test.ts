import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import type { KubeObject } from '@mk/api';
import { startScheduler, type RunningScheduler } from '@mk/scheduler';
import { startCluster, node, pod, eventually, eventsFor, type Cluster } from './scheduler-helpers.js';

type Lease = KubeObject & { spec?: { holderIdentity?: string } };
type Pod = KubeObject & { spec: { nodeName?: string } };

describe('two schedulers with leader election', () => {
  let c: Cluster;
  const running: RunningScheduler[] = [];
  beforeAll(async () => {
    c = await startCluster();
    await c.client.create('nodes', node('n1'));
    await c.client.create('nodes', node('n2'));
  });
  afterAll(async () => {
    for (const s of running) await s.stop();
    await c?.close();
  });

  const timings = { leaseDurationSeconds: 2, renewDeadlineSeconds: 1.5, retryPeriodSeconds: 0.25 };

  it('only the lease holder schedules, and the other takes over when it stops', async () => {
    const a = await startScheduler({ server: c.api.url, leaderElect: true, identity: 'sched-a', ...timings });
    running.push(a);
    await eventually(async () => (a.isLeader() ? true : undefined));
    const b = await startScheduler({ server: c.api.url, leaderElect: true, identity: 'sched-b', ...timings });
    running.push(b);

    const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
    await Promise.all(names.map((n) => c.client.create('pods', pod(n, { cpu: '100m' }))));
    for (const n of names) await eventually(async () => (await c.client.get<Pod>('pods', 'default', n)).spec.nodeName || undefined);
    expect(a.isLeader() && b.isLeader()).toBe(false);
    const lease = await c.client.get<Lease>('leases', 'kube-system', 'kube-scheduler');
    expect(lease.spec?.holderIdentity).toBe('sched-a');
    // Each pod was bound once: one Scheduled event, never a failed second binding.
    for (const n of names) {
      expect(await eventsFor(c.client, n, 'Scheduled')).toHaveLength(1);
      expect(await eventsFor(c.client, n, 'FailedScheduling')).toHaveLength(0);
    }

    await a.stop();
    running.splice(running.indexOf(a), 1);
    await eventually(async () => (b.isLeader() ? true : undefined));
    await c.client.create('pods', pod('after'));
    expect(await eventually(async () => (await c.client.get<Pod>('pods', 'default', 'after')).spec.nodeName || undefined)).toMatch(/^n[12]$/);
    expect((await c.client.get<Lease>('leases', 'kube-system', 'kube-scheduler')).spec?.holderIdentity).toBe('sched-b');
  });
});
