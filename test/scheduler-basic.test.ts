import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { KubeObject } from '@mk/api';
import { startScheduler, type RunningScheduler } from '@mk/scheduler';
import { startCluster, node, pod, eventually, eventsFor, type Cluster } from './scheduler-helpers.js';

type Pod = KubeObject & { spec: { nodeName?: string }; status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>; nominatedNodeName?: string } };

describe('scheduler through the real apiserver', () => {
  let c: Cluster;
  let s: RunningScheduler;
  beforeAll(async () => {
    c = await startCluster();
    s = await startScheduler({ server: c.api.url });
  });
  afterAll(async () => {
    await s?.stop();
    await c?.close();
  });

  const boundTo = (name: string) =>
    eventually(async () => {
      const p = await c.client.get<Pod>('pods', 'default', name);
      return p.spec.nodeName || undefined;
    });

  it('keeps a pod that fits nowhere Pending with the exact message, then schedules it on a new fitting node', async () => {
    await c.client.create('nodes', node('cp', { cpu: '2', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    await c.client.create('nodes', node('w1', { cpu: '2' }));
    await c.client.create('nodes', node('w2', { cpu: '2' }));
    await c.client.create('pods', pod('big', { cpu: '3' }));
    const msg =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const ev = await eventually(async () => (await eventsFor(c.client, 'big', 'FailedScheduling'))[0]);
    expect(ev.message).toBe(msg);
    expect(ev.source?.component).toBe('default-scheduler');
    const cond = await eventually(async () => (await c.client.get<Pod>('pods', 'default', 'big')).status?.conditions?.find((x) => x.type === 'PodScheduled'));
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    expect((await c.client.get<Pod>('pods', 'default', 'big')).spec.nodeName).toBeUndefined();

    await c.client.create('nodes', node('w3', { cpu: '4' }));
    expect(await boundTo('big')).toBe('w3');
    const scheduled = await eventually(async () => (await eventsFor(c.client, 'big', 'Scheduled'))[0]);
    expect(scheduled.message).toBe('Successfully assigned default/big to w3');
  });

  it('schedules a pod once the taint that kept it off its node is removed', async () => {
    await c.client.create('nodes', node('gpu', { labels: { hw: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
    await c.client.create('pods', pod('trainer', { nodeSelector: { hw: 'gpu' } }));
    const ev = await eventually(async () => (await eventsFor(c.client, 'trainer', 'FailedScheduling'))[0]);
    expect(ev.message).toBe(
      "0/5 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
    );
    await c.client.patch('nodes', undefined, 'gpu', { spec: { taints: [] } }, 'merge');
    expect(await boundTo('trainer')).toBe('gpu');
  });

  it('leaves pods with spec.nodeName or another schedulerName alone', async () => {
    await c.client.create('pods', { ...pod('other', {}), spec: { ...(pod('other').spec as object), schedulerName: 'my-scheduler' } });
    await c.client.create('pods', { ...pod('pinned', {}), spec: { ...(pod('pinned').spec as object), nodeName: 'w1' } });
    await c.client.create('pods', pod('marker'));
    await boundTo('marker');
    expect((await c.client.get<Pod>('pods', 'default', 'other')).spec.nodeName).toBeUndefined();
    expect((await c.client.get<Pod>('pods', 'default', 'pinned')).spec.nodeName).toBe('w1');
    // A second scheduler with that name picks it up and reports under its own name.
    const mine = await startScheduler({ server: c.api.url, schedulerName: 'my-scheduler' });
    try {
      expect(await boundTo('other')).toBeDefined();
      const ev = await eventually(async () => (await eventsFor(c.client, 'other', 'Scheduled'))[0]);
      expect(ev.source?.component).toBe('my-scheduler');
    } finally {
      await mine.stop();
    }
  });

  it('preempts the lowest-priority victim and binds the preemptor', async () => {
    await c.client.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: 10 });
    await c.client.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
    // Fill every node's cpu with low-priority pods (nodes w1, w2: 2 cpu; w3: 1 cpu left; gpu: 4 cpu).
    const fillers: Array<[string, string]> = [['f-w1', '2'], ['f-w2', '2'], ['f-gpu', '4']];
    for (const [n, cpu] of fillers) {
      await c.client.create('pods', pod(n, { cpu, priorityClassName: 'low', nodeSelector: { 'kubernetes.io/hostname': n.slice(2) } }));
    }
    for (const [n] of fillers) await boundTo(n);
    await c.client.create('pods', pod('vip', { cpu: '2', priorityClassName: 'high' }));
    const nominated = await eventually(async () => (await c.client.get<Pod>('pods', 'default', 'vip')).status?.nominatedNodeName);
    // No kubelet runs here: play its part and finish the victim's graceful deletion.
    const victim = await eventually(async () => {
      const list = await c.client.list<Pod>('pods', { namespace: 'default' });
      return list.items.find((p) => p.metadata.deletionTimestamp);
    });
    expect(victim.spec.nodeName).toBe(nominated);
    await c.client.delete('pods', 'default', victim.metadata.name!, { gracePeriodSeconds: 0 });
    const host = await boundTo('vip');
    expect(host).toBe(nominated);
    // The victim came from the lowest priority present (0: the earlier tests' pods), not the fillers.
    expect((victim.spec as { priority?: number }).priority ?? 0).toBe(0);
    const ev = await eventually(async () => (await eventsFor(c.client, victim.metadata.name!, 'Preempted'))[0]);
    expect(ev.message).toMatch(/^Preempted by pod .+ on node /);
  });
});
