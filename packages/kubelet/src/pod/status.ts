// Pod status from what the runtime holds (kubelet's generateAPIPodStatus): container
// statuses, phase (getPhase), and the conditions Initialized, ContainersReady, Ready,
// PodReadyToStartContainers, PodScheduled. Pure, so it is table-tested.
import { podQOSClass } from '@mk/api';
import type { Container, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from '@mk/api';
import type { ContainerRecord, PodRecord } from '../runtime/types.js';

export interface Waiting {
  reason: string;
  message?: string;
}

export interface StatusInput {
  pod: Pod;
  record: PodRecord | undefined;
  runtimeType: string;
  /** Why a container that is not running is waiting (ErrImagePull, CrashLoopBackOff...). */
  waiting: Map<string, Waiting>;
  /** Readiness of a running container, by id. */
  ready(c: ContainerRecord, spec: Container): boolean;
  /** Whether a running container passed its startup probe (true without one). */
  started(c: ContainerRecord, spec: Container): boolean;
  hostIP: string;
  startTime: string;
  now?: string;
}

export const metaNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The latest instance of each container name (highest attempt, then newest). */
export function latestByName(containers: ContainerRecord[], init: boolean): Map<string, ContainerRecord[]> {
  const m = new Map<string, ContainerRecord[]>();
  for (const c of containers) {
    if (c.init !== init) continue;
    const list = m.get(c.name) ?? [];
    list.push(c);
    m.set(c.name, list);
  }
  for (const list of m.values()) list.sort((a, b) => b.attempt - a.attempt || (b.createdAt < a.createdAt ? -1 : 1));
  return m;
}

function terminatedState(c: ContainerRecord, runtimeType: string): NonNullable<ContainerStatus['state']> {
  return {
    terminated: {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? (c.exitCode === 0 ? 'Completed' : 'Error'),
      ...(c.message ? { message: c.message } : {}),
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      containerID: `${runtimeType}://${c.id}`,
    },
  };
}

function containerStatuses(input: StatusInput, specs: Container[], init: boolean, defaultWaiting: string): ContainerStatus[] {
  const byName = latestByName(input.record?.containers ?? [], init);
  return specs.map((spec) => {
    const [cur, prev] = byName.get(spec.name) ?? [];
    const s: ContainerStatus = {
      name: spec.name,
      state: {},
      lastState: {},
      ready: false,
      restartCount: cur?.attempt ?? 0,
      image: spec.image ?? '',
      imageID: cur?.imageID ?? '',
      started: false,
    };
    const waiting = input.waiting.get(spec.name);
    if (cur) s.containerID = `${input.runtimeType}://${cur.id}`;
    if (cur?.state === 'running') {
      s.state = { running: { startedAt: cur.startedAt } };
      s.started = input.started(cur, spec);
      s.ready = s.started && input.ready(cur, spec);
      if (prev && prev.state === 'exited') s.lastState = terminatedState(prev, input.runtimeType);
    } else if (cur && cur.state === 'exited' && !waiting) {
      s.state = terminatedState(cur, input.runtimeType);
      if (prev && prev.state === 'exited') s.lastState = terminatedState(prev, input.runtimeType);
    } else {
      s.state = { waiting: waiting ?? { reason: defaultWaiting } };
      // Restarting: the instance that ended is the last state.
      if (cur && cur.state === 'exited') {
        s.lastState = terminatedState(cur, input.runtimeType);
        // The next instance will carry attempt+1; kubelet shows the count of restarts done.
      }
    }
    if (s.image === '' && cur) s.image = cur.image;
    return s;
  });
}

/** kubelet's getPhase. */
export function podPhase(pod: Pod, init: ContainerStatus[], app: ContainerStatus[]): PodPhase {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  for (const s of init) {
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t || s.lastState?.terminated) failedInit++;
    pendingInit++;
  }
  // Sidecar-less init containers: all must have succeeded before the pod runs.
  if (pendingInit > 0) {
    if (failedInit > 0 && policy === 'Never') return 'Failed';
    return 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of app) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(old: PodCondition[] | undefined, c: PodCondition, now: string): PodCondition {
  const prev = old?.find((o) => o.type === c.type);
  const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
  return { ...c, lastProbeTime: null, lastTransitionTime };
}

export function generatePodStatus(input: StatusInput): PodStatus {
  const { pod, record } = input;
  const now = input.now ?? metaNow();
  const spec = pod.spec!;
  const initSpecs = spec.initContainers ?? [];
  const initStatuses = containerStatuses(input, initSpecs, true, 'PodInitializing');
  const initDone = initStatuses.every((s) => s.state?.terminated?.exitCode === 0);
  const appStatuses = containerStatuses(input, spec.containers, false, initDone ? 'ContainerCreating' : 'PodInitializing');
  const phase = podPhase(pod, initStatuses, appStatuses);
  const old = pod.status?.conditions;
  const sandbox = record?.sandboxes.reduce<(typeof record.sandboxes)[number] | undefined>(
    (a, s) => (!a || s.attempt > a.attempt ? s : a),
    undefined,
  );

  const conds: PodCondition[] = [];
  conds.push(
    condition(old, { type: 'PodReadyToStartContainers', status: sandbox?.ready ? 'True' : 'False' }, now),
  );
  const incompleteInit = initStatuses.filter((s) => s.state?.terminated?.exitCode !== 0).map((s) => s.name);
  conds.push(
    condition(
      old,
      incompleteInit.length === 0 || phase === 'Succeeded'
        ? { type: 'Initialized', status: 'True' }
        : {
            type: 'Initialized',
            status: 'False',
            reason: 'ContainersNotInitialized',
            message: `containers with incomplete status: [${incompleteInit.join(' ')}]`,
          },
      now,
    ),
  );
  const unready = appStatuses.filter((s) => !s.ready).map((s) => s.name);
  let ready: PodCondition;
  if (phase === 'Succeeded' || phase === 'Failed') {
    ready = { type: 'Ready', status: 'False', reason: 'PodCompleted' };
  } else if (unready.length === 0) {
    ready = { type: 'Ready', status: 'True' };
  } else {
    ready = { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  }
  conds.push(condition(old, { ...ready, type: 'ContainersReady' }, now));
  conds.push(condition(old, ready, now));
  const scheduled = old?.find((c) => c.type === 'PodScheduled');
  conds.push(scheduled ?? condition(undefined, { type: 'PodScheduled', status: 'True' }, now));
  // Conditions other components own (DisruptionTarget, readiness gates) are kept as they are.
  const mine = new Set(['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']);
  for (const c of old ?? []) if (!mine.has(c.type)) conds.push(c);

  const status: PodStatus = {
    phase,
    conditions: conds,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    startTime: input.startTime,
    containerStatuses: appStatuses,
    qosClass: pod.status?.qosClass ?? qosClass(pod),
  };
  const ip = sandbox?.ip || pod.status?.podIP;
  if (ip) {
    status.podIP = ip;
    status.podIPs = [{ ip }];
  }
  if (initSpecs.length) status.initContainerStatuses = initStatuses;
  return status;
}

/** The pod's QoS class (for a pod the apiserver has not classified yet). */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  return podQOSClass(pod.spec ?? { containers: [] });
}

/** Whether two statuses differ in anything a user could see (ignoring key order). */
export function statusEqual(a: PodStatus | undefined, b: PodStatus | undefined): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .filter(([, y]) => y !== undefined)
            .sort(([p], [q]) => (p < q ? -1 : 1)),
        )
      : x,
  );
}
