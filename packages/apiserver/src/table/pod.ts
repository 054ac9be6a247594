// The pod columns kubectl shows (printPod in pkg/printers/internalversion/printers.go):
// READY, STATUS (the "reason"), RESTARTS with the time of the last restart.
import type { KubeObject } from '@mk/api';
import { since } from './duration.js';

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
}

interface Container {
  name: string;
  restartPolicy?: string;
}

/** The fields of a v1 Pod that the printer reads. */
export interface PodLike {
  metadata: { name?: string; deletionTimestamp?: string; creationTimestamp?: string };
  spec?: {
    containers?: Container[];
    initContainers?: Container[];
    nodeName?: string;
    readinessGates?: Array<{ conditionType: string }>;
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: PodCondition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    podIP?: string;
    podIPs?: Array<{ ip: string }>;
    nominatedNodeName?: string;
  };
}

export interface PodSummary {
  /** READY: ready containers (plus started, ready sidecars) over containers (plus sidecars). */
  ready: number;
  total: number;
  /** STATUS as kubectl prints it: Running, ContainerCreating, Init:0/1, CrashLoopBackOff, Completed, ... */
  reason: string;
  restarts: number;
  /** When the last restart happened (finishedAt of the newest lastState.terminated), if known. */
  lastRestart?: string;
}

// The reason a node controller gives pods on an unreachable node.
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const isSidecar = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The whole of printPod's reasoning about a pod's containers, in one pass. */
export function summarizePod(podObj: KubeObject | PodLike): PodSummary {
  const pod = podObj as PodLike;
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers = new Map<string, Container>();
  let total = spec.containers?.length ?? 0;
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isSidecar(c)) total++;
  }

  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initStatuses = status.initContainerStatuses ?? [];
  const initCount = spec.initContainers?.length ?? 0;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    const sidecar = isSidecar(initContainers.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      else reason = `Init:${term.reason}`;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Backwards, so the first container's state wins, as in kubectl.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose first container completed while another still runs is Running (or NotReady).
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  return { ready, total, reason, restarts, lastRestart };
}

/** STATUS column of `kubectl get pods`. */
export function podStatusReason(pod: KubeObject | PodLike): string {
  return summarizePod(pod).reason;
}

/** READY column of `kubectl get pods` as numbers; print as `${ready}/${total}`. */
export function podReadyCount(pod: KubeObject | PodLike): { ready: number; total: number } {
  const { ready, total } = summarizePod(pod);
  return { ready, total };
}

/** RESTARTS column: `0`, or `3 (5m12s ago)` when the last restart time is known. */
export function podRestarts(pod: KubeObject | PodLike, now: Date = new Date()): string {
  const { restarts, lastRestart } = summarizePod(pod);
  if (restarts !== 0 && lastRestart) return `${restarts} (${since(lastRestart, now)} ago)`;
  return String(restarts);
}

/** READINESS GATES column: `<none>`, or true gates over all gates. */
export function podReadinessGates(podObj: KubeObject | PodLike): string {
  const pod = podObj as PodLike;
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let trueCount = 0;
  for (const g of gates) {
    const c = (pod.status?.conditions ?? []).find((x) => x.type === g.conditionType);
    if (c?.status === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}
