import { describe, expect, it } from 'vitest';
import type { Pod } from '@mk/api';
import type { ContainerRecord, PodRecord } from '../runtime/types.js';
import { generatePodStatus, podPhase, qosClass } from './status.js';
import type { Waiting } from './status.js';

const pod = (restartPolicy: 'Always' | 'OnFailure' | 'Never' = 'Always', init = false): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'u1' },
  spec: {
    restartPolicy,
    containers: [{ name: 'a', image: 'img:1' }, { name: 'b', image: 'img:1' }],
    ...(init ? { initContainers: [{ name: 'i', image: 'img:1' }] } : {}),
  },
  status: { conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2020-01-01T00:00:00Z' }] },
});

let n = 0;
const ctr = (name: string, state: ContainerRecord['state'], extra: Partial<ContainerRecord> = {}): ContainerRecord => ({
  id: `id${n++}`,
  name,
  podUid: 'u1',
  attempt: 0,
  init: false,
  state,
  createdAt: `2020-01-01T00:00:0${n % 10}Z`,
  startedAt: '2020-01-01T00:00:01Z',
  image: 'img:1',
  imageID: 'docker://sha256:1',
  ...extra,
});

const record = (...containers: ContainerRecord[]): PodRecord => ({
  uid: 'u1',
  namespace: 'default',
  name: 'p',
  sandboxes: [{ id: 's', podUid: 'u1', attempt: 0, ready: true, ip: '10.0.0.5', createdAt: '2020-01-01T00:00:00Z' }],
  containers,
});

function status(p: Pod, rec: PodRecord | undefined, waiting = new Map<string, Waiting>(), ready = true) {
  return generatePodStatus({
    pod: p,
    record: rec,
    runtimeType: 'docker',
    waiting,
    ready: () => ready,
    started: () => true,
    hostIP: '192.168.1.2',
    startTime: '2020-01-01T00:00:00Z',
    now: '2020-01-01T00:01:00Z',
  });
}

describe('generatePodStatus', () => {
  it('is Pending with ContainerCreating before containers exist', () => {
    const s = status(pod(), undefined);
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses?.map((c) => c.state?.waiting?.reason)).toEqual(['ContainerCreating', 'ContainerCreating']);
    expect(s.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a b]' });
    expect(s.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime).toBe('2020-01-01T00:00:00Z');
  });

  it('is Running and Ready when all containers run and are ready', () => {
    const s = status(pod(), record(ctr('a', 'running'), ctr('b', 'running')));
    expect(s.phase).toBe('Running');
    expect(s.podIP).toBe('10.0.0.5');
    expect(s.hostIP).toBe('192.168.1.2');
    expect(s.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['ContainersReady', 'True'],
      ['Ready', 'True'],
      ['PodScheduled', 'True'],
    ]);
    expect(s.containerStatuses?.[0]).toMatchObject({ ready: true, started: true, restartCount: 0, containerID: expect.stringMatching(/^docker:\/\//) });
  });

  it('is Running but not Ready while a container is unready', () => {
    const s = status(pod(), record(ctr('a', 'running'), ctr('b', 'running')), new Map(), false);
    expect(s.phase).toBe('Running');
    expect(s.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('shows CrashLoopBackOff with the last termination and the restart count', () => {
    const w = new Map([['a', { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=a pod=p_default(u1)' }]]);
    const s = status(pod(), record(ctr('a', 'exited', { attempt: 1, exitCode: 1, reason: 'Error' }), ctr('b', 'running')), w);
    const a = s.containerStatuses![0];
    expect(a.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(a.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(a.restartCount).toBe(1);
    expect(s.phase).toBe('Running');
  });

  it('keeps the previous instance as lastState of a running container', () => {
    const s = status(pod(), record(ctr('a', 'exited', { attempt: 0, exitCode: 137 }), ctr('a', 'running', { attempt: 1 }), ctr('b', 'running')));
    expect(s.containerStatuses![0]).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 137 } } });
  });

  it('shows init progress as Pending with Initialized False', () => {
    const s = status(pod('Always', true), record(ctr('i', 'running', { init: true })));
    expect(s.phase).toBe('Pending');
    expect(s.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [i]' });
    expect(s.containerStatuses?.[0].state?.waiting?.reason).toBe('PodInitializing');
  });
});

describe('podPhase', () => {
  const done = (code: number) => ({ name: 'x', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: code } } });
  it.each([
    ['Never', [0, 0], 'Succeeded'],
    ['Never', [0, 1], 'Failed'],
    ['OnFailure', [0, 0], 'Succeeded'],
    ['OnFailure', [0, 1], 'Running'],
    ['Always', [0, 0], 'Running'],
  ] as const)('restartPolicy %s with exit codes %j is %s', (policy, codes, phase) => {
    expect(podPhase(pod(policy), [], codes.map(done))).toBe(phase);
  });
  it('fails a Never pod whose init container failed', () => {
    expect(podPhase(pod('Never', true), [done(1)], [])).toBe('Failed');
  });
});

describe('qosClass', () => {
  it('classifies pods as Kubernetes does', () => {
    expect(qosClass(pod())).toBe('BestEffort');
    const g = pod();
    g.spec!.containers = [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }];
    expect(qosClass(g)).toBe('Guaranteed');
    g.spec!.containers = [{ name: 'a', resources: { requests: { cpu: '1' } } }];
    expect(qosClass(g)).toBe('Burstable');
  });
});
