// The event recorder against the real apiserver: repeats aggregate into one Event whose count
// and lastTimestamp grow, which is what `describe` prints as `(x3 over 2s)`.
import { describe, it, expect } from 'vitest';
import { useApiServer, until } from './client-helpers.js';
import type { KubeObject } from '@mk/api';
import { KubeClient, eventRecorder, silentLogger, type CoreEvent } from '@mk/client';

const api = useApiServer('client-events');
async function eventsFor(name: string, namespace = 'default'): Promise<CoreEvent[]> {
  const list = await api.client.list<CoreEvent>('events', { namespace });
  return list.items.filter((e) => e.involvedObject.name === name);
}

describe('eventRecorder', () => {
  it('aggregates repeats of one event into count, firstTimestamp and lastTimestamp', async () => {
    const pod = await api.client.create<KubeObject>('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pending', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const rec = eventRecorder(api.client, 'default-scheduler', { logger: silentLogger });
    const msg = '0/3 nodes are available: 3 node(s) didn\'t match node selector.';
    await rec.event(pod, 'Warning', 'FailedScheduling', msg);
    await rec.event(pod, 'Warning', 'FailedScheduling', msg);
    await rec.event(pod, 'Warning', 'FailedScheduling', msg);
    await rec.event(pod, 'Normal', 'Scheduled', 'Successfully assigned default/pending to node-1');

    const events = await eventsFor('pending');
    expect(events).toHaveLength(2);
    const failed = events.find((e) => e.reason === 'FailedScheduling')!;
    expect(failed.count).toBe(3);
    expect(failed.type).toBe('Warning');
    expect(failed.message).toBe(msg);
    expect(failed.source).toEqual({ component: 'default-scheduler' });
    expect(failed.involvedObject).toMatchObject({ kind: 'Pod', name: 'pending', namespace: 'default', uid: pod.metadata.uid, apiVersion: 'v1' });
    expect(failed.firstTimestamp! <= failed.lastTimestamp!).toBe(true);
    expect(failed.metadata.name).toMatch(/^pending\.[0-9a-f]+$/);
    const scheduled = events.find((e) => e.reason === 'Scheduled')!;
    expect(scheduled.count).toBe(1);
    expect(scheduled.type).toBe('Normal');
  });

  it('keeps concurrent repeats on one Event', async () => {
    const rec = eventRecorder(api.client, 'kubelet', { host: 'node-1', logger: silentLogger });
    const ref = { kind: 'Pod', apiVersion: 'v1', namespace: 'default', name: 'burst', uid: 'u-1', fieldPath: 'spec.containers{c}' };
    await Promise.all(Array.from({ length: 5 }, () => rec.event(ref, 'Normal', 'Pulled', 'Container image "busybox" already present on machine')));
    const events = await eventsFor('burst');
    expect(events).toHaveLength(1);
    expect(events[0].count).toBe(5);
    expect(events[0].source).toEqual({ component: 'kubelet', host: 'node-1' });
    expect(events[0].involvedObject.fieldPath).toBe('spec.containers{c}');
  });

  it('moves lastTimestamp on when a repeat comes in a later second', async () => {
    const rec = eventRecorder(api.client, 'kubelet', { host: 'node-2', logger: silentLogger });
    const ref = { kind: 'Pod', apiVersion: 'v1', namespace: 'default', name: 'later', uid: 'u-3' };
    await rec.event(ref, 'Warning', 'Unhealthy', 'Readiness probe failed');
    const [first] = await eventsFor('later');
    await new Promise((r) => setTimeout(r, 1100));
    await rec.event(ref, 'Warning', 'Unhealthy', 'Readiness probe failed');
    const [again] = await eventsFor('later');
    expect(again.metadata.name).toBe(first.metadata.name);
    expect(again.count).toBe(2);
    expect(again.firstTimestamp).toBe(first.firstTimestamp);
    expect(again.lastTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(again.lastTimestamp!) - Date.parse(first.lastTimestamp!)).toBeGreaterThanOrEqual(1000);
  });

  it('records events about cluster-scoped objects in the default namespace', async () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-9', uid: 'n-9' } };
    await eventRecorder(api.client, 'kubelet', { logger: silentLogger }).event(node, 'Normal', 'NodeReady', 'Node node-9 status is now: NodeReady');
    const events = await eventsFor('node-9');
    expect(events).toHaveLength(1);
    expect(events[0].metadata.namespace).toBe('default');
    expect(events[0].involvedObject.namespace).toBeUndefined();
  });

  it('drops events past the per-object spam burst', async () => {
    const rec = eventRecorder(api.client, 'kubelet', { logger: silentLogger, spamBurst: 3 });
    const ref = { kind: 'Pod', apiVersion: 'v1', namespace: 'default', name: 'noisy', uid: 'u-2' };
    for (let i = 0; i < 6; i++) await rec.event(ref, 'Warning', 'BackOff', `Back-off ${i}`);
    const events = await eventsFor('noisy');
    expect(events.map((e) => e.message).sort()).toEqual(['Back-off 0', 'Back-off 1', 'Back-off 2']);
  });
});
