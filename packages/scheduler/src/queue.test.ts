import { describe, it, expect } from 'vitest';
import { SchedulingQueue, events } from './queue.js';
import { PrioritySort } from './plugins/simple.js';
import { makePod } from './testing.js';

function queue() {
  let now = 1_000_000;
  const q = new SchedulingQueue(new PrioritySort(), { now: () => now });
  return { q, advance: (ms: number) => (now += ms) };
}

describe('SchedulingQueue', () => {
  it('pops by priority, then by arrival', async () => {
    const { q, advance } = queue();
    q.add(makePod('low-1', { priority: 1 }));
    advance(1);
    q.add(makePod('high', { priority: 100 }));
    advance(1);
    q.add(makePod('low-2', { priority: 1 }));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop())!.podInfo.pod.metadata.name);
    expect(order).toEqual(['high', 'low-1', 'low-2']);
  });

  it('parks an unschedulable pod until an event that concerns its rejecting plugin, then backs off', async () => {
    const { q, advance } = queue();
    q.add(makePod('p'));
    const qp = (await q.pop())!;
    qp.unschedulablePlugins = new Set(['NodeAffinity']);
    q.addUnschedulableIfNotPresent(qp, q.schedulingCycle);
    expect(q.pendingCounts).toEqual({ active: 0, backoff: 0, unschedulable: 1 });
    q.moveAllToActiveOrBackoffQueue(events.AssignedPodAdd);
    expect(q.pendingCounts.unschedulable).toBe(1);
    q.moveAllToActiveOrBackoffQueue(events.NodeAdd);
    expect(q.pendingCounts).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    advance(999);
    q.flushBackoffQCompleted();
    expect(q.pendingCounts.backoff).toBe(1);
    advance(2);
    q.flushBackoffQCompleted();
    expect(q.tryPop()?.podInfo.pod.metadata.name).toBe('p');
  });

  it('backoff doubles from 1 s up to 10 s', async () => {
    const { q } = queue();
    q.add(makePod('p'));
    const qp = (await q.pop())!;
    const seen = [];
    for (let attempts = 1; attempts <= 6; attempts++) {
      qp.attempts = attempts;
      seen.push(q.backoffDuration(qp));
    }
    expect(seen).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('a move request during the cycle sends the pod to backoff, not unschedulable', async () => {
    const { q } = queue();
    q.add(makePod('p'));
    const qp = (await q.pop())!;
    const cycle = q.schedulingCycle;
    q.moveAllToActiveOrBackoffQueue(events.NodeAdd);
    qp.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(qp, cycle);
    expect(q.pendingCounts).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
  });

  it('an update to a parked pod gives it another chance; a delete drops it', async () => {
    const { q } = queue();
    const pod = makePod('p');
    q.add(pod);
    const qp = (await q.pop())!;
    qp.unschedulablePlugins = new Set(['NodeAffinity']);
    q.addUnschedulableIfNotPresent(qp, q.schedulingCycle);
    q.update({ ...pod, metadata: { ...pod.metadata, labels: { x: 'y' } } });
    expect(q.pendingCounts.unschedulable).toBe(0);
    q.delete(pod);
    expect(q.pendingCounts).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
  });
});
