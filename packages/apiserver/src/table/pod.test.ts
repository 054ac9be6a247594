import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@mk/api';
import { podReadyCount, podRestarts, podStatusReason } from './pod.js';

const NOW = new Date('2025-01-01T12:00:00Z');
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(600), ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

const running = (name: string, ready = true, extra: Record<string, unknown> = {}) => ({
  name,
  ready,
  started: true,
  restartCount: 0,
  image: 'nginx',
  state: { running: { startedAt: ago(300) } },
  ...extra,
});
const waiting = (name: string, reason: string, extra: Record<string, unknown> = {}) => ({
  name,
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, exitCode: number, reason?: string, extra: Record<string, unknown> = {}) => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode, ...(reason ? { reason } : {}), finishedAt: ago(30) } },
  ...extra,
});

describe('podStatusReason and podReadyCount', () => {
  it('a pod not yet scheduled is Pending 0/1', () => {
    const p = pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] });
    expect(podStatusReason(p)).toBe('Pending');
    expect(podReadyCount(p)).toEqual({ ready: 0, total: 1 });
  });

  it('a pod gated from scheduling is SchedulingGated', () => {
    const p = pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
    expect(podStatusReason(p)).toBe('SchedulingGated');
  });

  it('a container being created is ContainerCreating', () => {
    const p = pod({ nodeName: 'n1' }, { phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] });
    expect(podStatusReason(p)).toBe('ContainerCreating');
  });

  it('a running, ready pod is Running 1/1', () => {
    const p = pod({}, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running('app')] });
    expect(podStatusReason(p)).toBe('Running');
    expect(podReadyCount(p)).toEqual({ ready: 1, total: 1 });
  });

  it('running but not ready counts 0 ready', () => {
    const p = pod({}, { phase: 'Running', containerStatuses: [running('app', false)] });
    expect(podStatusReason(p)).toBe('Running');
    expect(podReadyCount(p)).toEqual({ ready: 0, total: 1 });
  });

  it('a crashing container is CrashLoopBackOff with restarts and the time of the last one', () => {
    const p = pod(
      {},
      {
        phase: 'Running',
        containerStatuses: [
          waiting('app', 'CrashLoopBackOff', { restartCount: 5, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5) } } }),
        ],
      },
    );
    expect(podStatusReason(p)).toBe('CrashLoopBackOff');
    expect(podRestarts(p, NOW)).toBe('5 (5s ago)');
  });

  it('image pull failures show the waiting reason', () => {
    expect(podStatusReason(pod({}, { phase: 'Pending', containerStatuses: [waiting('app', 'ErrImagePull')] }))).toBe('ErrImagePull');
    expect(podStatusReason(pod({}, { phase: 'Pending', containerStatuses: [waiting('app', 'ImagePullBackOff')] }))).toBe('ImagePullBackOff');
  });

  it('a finished pod is Completed; a failed one Error; without a reason ExitCode:N or Signal:N', () => {
    expect(podStatusReason(pod({}, { phase: 'Succeeded', containerStatuses: [terminated('app', 0, 'Completed')] }))).toBe('Completed');
    expect(podStatusReason(pod({}, { phase: 'Failed', containerStatuses: [terminated('app', 1, 'Error')] }))).toBe('Error');
    expect(podStatusReason(pod({}, { phase: 'Failed', containerStatuses: [terminated('app', 137, 'OOMKilled')] }))).toBe('OOMKilled');
    expect(podStatusReason(pod({}, { phase: 'Failed', containerStatuses: [terminated('app', 3)] }))).toBe('ExitCode:3');
    expect(podStatusReason(pod({}, { phase: 'Failed', containerStatuses: [terminated('app', 0, undefined, { state: { terminated: { exitCode: 0, signal: 9 } } })] }))).toBe(
      'Signal:9',
    );
  });

  it('a completed container beside a running one makes the pod Running (or NotReady)', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    const st = (ready: boolean) => ({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [terminated('a', 0, 'Completed'), running('b')],
    });
    expect(podStatusReason(pod(spec, st(true)))).toBe('Running');
    expect(podStatusReason(pod(spec, st(false)))).toBe('NotReady');
    expect(podReadyCount(pod(spec, st(true)))).toEqual({ ready: 1, total: 2 });
  });

  it('an evicted pod shows Evicted', () => {
    const p = pod({}, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
    expect(podStatusReason(p)).toBe('Evicted');
  });

  it('a pod being deleted is Terminating, unless it already finished', () => {
    const meta = { deletionTimestamp: ago(1) };
    expect(podStatusReason(pod({}, { phase: 'Running', containerStatuses: [running('app')] }, meta))).toBe('Terminating');
    expect(podStatusReason(pod({}, { phase: 'Succeeded', containerStatuses: [terminated('app', 0, 'Completed')] }, meta))).toBe('Completed');
    expect(podStatusReason(pod({}, { phase: 'Running', reason: 'NodeLost' }, meta))).toBe('Unknown');
  });

  describe('init containers', () => {
    const spec = { initContainers: [{ name: 'init-a' }, { name: 'init-b' }] };
    it('waiting to start the first: Init:0/2', () => {
      const p = pod(spec, {
        phase: 'Pending',
        initContainerStatuses: [waiting('init-a', 'PodInitializing'), waiting('init-b', 'PodInitializing')],
        containerStatuses: [waiting('app', 'PodInitializing')],
      });
      expect(podStatusReason(p)).toBe('Init:0/2');
      expect(podReadyCount(p)).toEqual({ ready: 0, total: 1 });
    });
    it('first done, second running: Init:1/2', () => {
      const p = pod(spec, {
        phase: 'Pending',
        initContainerStatuses: [terminated('init-a', 0, 'Completed'), running('init-b', false)],
        containerStatuses: [waiting('app', 'PodInitializing')],
      });
      expect(podStatusReason(p)).toBe('Init:1/2');
    });
    it('a failing init container: Init:Error, Init:CrashLoopBackOff, Init:ExitCode:2', () => {
      expect(podStatusReason(pod(spec, { phase: 'Pending', initContainerStatuses: [terminated('init-a', 1, 'Error')] }))).toBe('Init:Error');
      expect(podStatusReason(pod(spec, { phase: 'Pending', initContainerStatuses: [waiting('init-a', 'CrashLoopBackOff', { restartCount: 3 })] }))).toBe(
        'Init:CrashLoopBackOff',
      );
      expect(podStatusReason(pod(spec, { phase: 'Pending', initContainerStatuses: [terminated('init-a', 2)] }))).toBe('Init:ExitCode:2');
    });
    it('init restarts count while initializing', () => {
      const p = pod(spec, {
        phase: 'Pending',
        initContainerStatuses: [waiting('init-a', 'CrashLoopBackOff', { restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: ago(200) } } })],
      });
      expect(podRestarts(p, NOW)).toBe('3 (3m20s ago)');
    });
    it('a started sidecar (restartPolicy Always) counts toward READY', () => {
      const p = pod(
        { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
          initContainerStatuses: [running('proxy', true)],
          containerStatuses: [running('app')],
        },
      );
      expect(podStatusReason(p)).toBe('Running');
      expect(podReadyCount(p)).toEqual({ ready: 2, total: 2 });
    });
  });

  it('restarts without a known time print just the count', () => {
    const p = pod({}, { phase: 'Running', containerStatuses: [running('app', true, { restartCount: 2 })] });
    expect(podRestarts(p, NOW)).toBe('2');
    expect(podRestarts(pod({}, { phase: 'Running', containerStatuses: [running('app')] }), NOW)).toBe('0');
  });
});
