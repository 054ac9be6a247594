// The scheduling queue (internal/queue/scheduling_queue.go): activeQ ordered by the
// profile's QueueSort, backoffQ by backoff expiry, and unschedulable pods parked until a
// cluster event that could make them schedulable.
import type { QueuedPodInfo, QueueSortPlugin } from './framework/interface.js';
import { PodInfo, podKey } from './framework/podinfo.js';
import type { Pod } from './framework/types.js';
import { Heap } from './heap.js';

export interface QueueOptions {
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  /** Unschedulable pods older than this go back to active anyway (kube: 5 min). */
  podMaxInUnschedulablePodsMs?: number;
  now?: () => number;
}

/** A cluster event, and which plugins' rejections it can resolve ('*' for all). */
export interface ClusterEvent {
  name: string;
  plugins: ReadonlySet<string> | '*';
}

const all = '*' as const;
export const events = {
  NodeAdd: { name: 'NodeAdd', plugins: all },
  NodeUpdate: { name: 'NodeUpdate', plugins: all },
  AssignedPodAdd: { name: 'AssignedPodAdd', plugins: new Set(['InterPodAffinity', 'PodTopologySpread']) },
  AssignedPodUpdate: { name: 'AssignedPodUpdate', plugins: new Set(['InterPodAffinity', 'PodTopologySpread', 'NodeResourcesFit']) },
  AssignedPodDelete: {
    name: 'AssignedPodDelete',
    plugins: new Set(['InterPodAffinity', 'PodTopologySpread', 'NodeResourcesFit', 'NodePorts', 'DefaultPreemption']),
  },
  NamespaceUpdate: { name: 'NamespaceUpdate', plugins: new Set(['InterPodAffinity']) },
  ForceActivate: { name: 'ForceActivate', plugins: all },
} satisfies Record<string, ClusterEvent>;

export class SchedulingQueue {
  private activeQ: Heap<QueuedPodInfo>;
  private backoffQ: Heap<QueuedPodInfo>;
  private unschedulable = new Map<string, QueuedPodInfo>();
  /** Pods popped and being scheduled. */
  private inFlight = new Map<string, QueuedPodInfo>();
  private waiters: Array<(q: QueuedPodInfo | undefined) => void> = [];
  private closed = false;
  schedulingCycle = 0;
  private moveRequestCycle = -1;
  private timers: NodeJS.Timeout[] = [];
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulable: number;
  private readonly now: () => number;

  constructor(sort: QueueSortPlugin, o: QueueOptions = {}) {
    this.initialBackoff = o.podInitialBackoffMs ?? 1000;
    this.maxBackoff = o.podMaxBackoffMs ?? 10_000;
    this.maxUnschedulable = o.podMaxInUnschedulablePodsMs ?? 5 * 60_000;
    this.now = o.now ?? Date.now;
    const key = (q: QueuedPodInfo) => q.podInfo.key;
    this.activeQ = new Heap(key, (a, b) => sort.less(a, b));
    this.backoffQ = new Heap(key, (a, b) => this.backoffTime(a) < this.backoffTime(b));
  }

  /** Starts the periodic flushes (backoffQ every second, unschedulable every 30 s). */
  run(): void {
    this.timers.push(setInterval(() => this.flushBackoffQCompleted(), 1000));
    this.timers.push(setInterval(() => this.flushUnschedulableLeftover(), 30_000));
    for (const t of this.timers) t.unref();
  }

  /** Accepts pops again after close() (leadership regained). */
  reopen(): void {
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  get pendingCounts(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size };
  }

  has(key: string): boolean {
    return this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key) || this.inFlight.has(key);
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.has(key)) return this.update(pod);
    const now = this.now();
    this.pushActive({ podInfo: new PodInfo(pod), timestamp: now, attempts: 0, initialAttemptTimestamp: undefined, unschedulablePlugins: new Set() });
  }

  /** A pending pod changed: refresh it, and give a parked pod another chance. */
  update(pod: Pod): void {
    const key = podKey(pod);
    const pi = new PodInfo(pod);
    const inActive = this.activeQ.get(key);
    if (inActive) {
      inActive.podInfo = pi;
      this.activeQ.addOrUpdate(inActive);
      return;
    }
    const inBackoff = this.backoffQ.get(key);
    if (inBackoff) {
      inBackoff.podInfo = pi;
      this.backoffQ.addOrUpdate(inBackoff);
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      parked.podInfo = pi;
      this.unschedulable.delete(key);
      if (this.isBackingOff(parked)) this.backoffQ.addOrUpdate(parked);
      else this.pushActive(parked);
      return;
    }
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.podInfo = pi;
      return;
    }
    this.add(pod);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** The next pod to schedule; waits while activeQ is empty. undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const q = this.activeQ.pop();
    if (q) return Promise.resolve(this.started(q));
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The next pod if one is ready now. */
  tryPop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    return q ? this.started(q) : undefined;
  }

  private started(q: QueuedPodInfo): QueuedPodInfo {
    this.schedulingCycle++;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.now();
    this.inFlight.set(q.podInfo.key, q);
    return q;
  }

  /** The pod's cycle is over (scheduled or bound). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * A pod that failed to schedule. If a move request came during its cycle, it might fit
   * now, so it only backs off; otherwise it waits in unschedulable for an event.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, podSchedulingCycle: number, error = false): void {
    const key = q.podInfo.key;
    if (!this.inFlight.has(key)) return; // deleted while in flight
    this.inFlight.delete(key);
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key)) return;
    q.timestamp = this.now();
    if (error || q.unschedulablePlugins.size === 0 || this.moveRequestCycle >= podSchedulingCycle) this.backoffQ.addOrUpdate(q);
    else this.unschedulable.set(key, q);
  }

  /** Moves parked pods whose rejecting plugins the event concerns to activeQ (or backoffQ). */
  moveAllToActiveOrBackoffQueue(ev: ClusterEvent): void {
    for (const [key, q] of this.unschedulable) {
      if (!this.concerns(ev, q)) continue;
      this.unschedulable.delete(key);
      if (this.isBackingOff(q)) this.backoffQ.addOrUpdate(q);
      else this.pushActive(q);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private concerns(ev: ClusterEvent, q: QueuedPodInfo): boolean {
    if (ev.plugins === '*' || q.unschedulablePlugins.size === 0) return true;
    for (const p of q.unschedulablePlugins) if (ev.plugins.has(p)) return true;
    return false;
  }

  private pushActive(q: QueuedPodInfo): void {
    const w = this.waiters.shift();
    if (w && this.activeQ.size === 0) {
      w(this.started(q));
      return;
    }
    this.activeQ.addOrUpdate(q);
    if (w) w(this.started(this.activeQ.pop()!));
  }

  /** Initial backoff doubled per attempt, capped at the maximum. */
  backoffDuration(q: QueuedPodInfo): number {
    let d = this.initialBackoff;
    for (let i = 1; i < q.attempts; i++) {
      d *= 2;
      if (d >= this.maxBackoff) return this.maxBackoff;
    }
    return Math.min(d, this.maxBackoff);
  }

  private backoffTime(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  isBackingOff(q: QueuedPodInfo): boolean {
    return this.backoffTime(q) > this.now();
  }

  flushBackoffQCompleted(): void {
    for (;;) {
      const q = this.backoffQ.peek();
      if (!q || this.isBackingOff(q)) return;
      this.backoffQ.pop();
      this.pushActive(q);
    }
  }

  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const [key, q] of this.unschedulable) {
      if (now - q.timestamp > this.maxUnschedulable) {
        this.unschedulable.delete(key);
        if (this.isBackingOff(q)) this.backoffQ.addOrUpdate(q);
        else this.pushActive(q);
      }
    }
  }
}
