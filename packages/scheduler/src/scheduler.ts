// The scheduler: informers feed the cache and the queue; one loop pops a pod, runs its
// profile's framework over the cache, assumes the result and binds asynchronously.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  KubeClient,
  SharedInformerFactory,
  LeaderElector,
  eventRecorder,
  isNotFound,
  silentLogger,
  type EventRecorder,
  type Informer,
  type Logger,
} from '@mk/client';
import { resolveResource, type KubeObject } from '@mk/api';
import { SchedulerCache } from './cache.js';
import { Limiter } from './limiter.js';
import { loadConfigFile, resolveProfiles, type KubeSchedulerConfiguration } from './framework/config.js';
import { CycleState, type Handle, type QueuedPodInfo } from './framework/interface.js';
import { PodInfo, podKey } from './framework/podinfo.js';
import { capabilities, newFramework } from './framework/registry.js';
import type { Framework } from './framework/runtime.js';
import { selectorFromLabelSelector, selectorFromSet, type Selector } from './framework/selector.js';
import type { Namespace, Node, Pod, PodCondition, PodDisruptionBudget } from './framework/types.js';
import { PrioritySort } from './plugins/simple.js';
import { events, SchedulingQueue, type ClusterEvent } from './queue.js';
import { FitError, runPostFilter, schedulePod } from './schedule.js';

export interface SchedulerOptions {
  server: string;
  /** Only pods naming this scheduler are scheduled (default: the profiles' names). */
  schedulerName?: string;
  /** Path to a KubeSchedulerConfiguration file. */
  config?: string;
  /** An already parsed configuration (instead of config). */
  configuration?: KubeSchedulerConfiguration;
  leaderElect?: boolean;
  /** Leader election identity (default: hostname + random suffix). */
  identity?: string;
  /** Leader election timings in seconds (tests shorten them). */
  leaseDurationSeconds?: number;
  renewDeadlineSeconds?: number;
  retryPeriodSeconds?: number;
  token?: string;
  logger?: Logger;
  /** Record Scheduled/FailedScheduling events (default true). */
  events?: boolean;
}

export interface RunningScheduler {
  stop(): Promise<void>;
  /** True while this instance holds the lease (always true without leader election). */
  isLeader(): boolean;
}

interface Profile {
  fwk: Framework;
  handle: Handle;
  recorder: EventRecorder;
}

type Service = KubeObject & { spec?: { selector?: Record<string, string> } };
type Controller = KubeObject & { spec?: { selector?: { matchLabels?: Record<string, string> } | null } };

function isTerminal(p: Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

function assigned(p: Pod): boolean {
  return !!p.spec?.nodeName;
}

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  private profiles = new Map<string, Profile>();
  private factory: SharedInformerFactory;
  private pods: Informer<Pod & KubeObject>;
  private pdbs: Informer<PodDisruptionBudget & KubeObject>;
  private services: Informer<Service>;
  private controllers: Informer<Controller>[] = [];
  private startIndex = { value: 0 };
  private running = false;
  private loopDone: Promise<void> | undefined;
  private log: Logger;
  private bindsInFlight = new Set<Promise<void>>();
  /**
   * API writes (bindings, events, status) in flight at once, in order of issue: enough to
   * keep the apiserver's share of binds up with pod creation, few enough to stay on a
   * few dozen keep-alive connections instead of one per request.
   */
  private writeLimiter = new Limiter(64);
  /** Pending pods with status.nominatedNodeName, by node (PodNominator). */
  private nominated = new Map<string, Map<string, PodInfo>>();
  private nominatedNodeOf = new Map<string, string>();

  constructor(
    readonly client: KubeClient,
    config: KubeSchedulerConfiguration,
    private opts: SchedulerOptions,
  ) {
    this.log = opts.logger ?? silentLogger;
    const resolved = resolveProfiles(config, capabilities).filter((p) => !opts.schedulerName || p.schedulerName === opts.schedulerName || (config.profiles?.length ?? 0) === 0);
    if (resolved.length === 0) throw new Error(`no profile for scheduler name "${opts.schedulerName}"`);
    for (const rp of resolved) {
      if (opts.schedulerName && !config.profiles?.length) rp.schedulerName = opts.schedulerName;
      rp.percentageOfNodesToScore ??= config.percentageOfNodesToScore;
      const handle: Handle = { snapshot: this.cache, pdbs: () => this.pdbs.list() };
      const fwk = newFramework(rp, handle);
      const rec = opts.events === false ? undefined : eventRecorder(client, rp.schedulerName, { logger: this.log });
      const recorder: EventRecorder = { event: (obj, type, reason, message) => (rec ? this.writeLimiter.run(() => rec.event(obj, type, reason, message)) : Promise.resolve()) };
      this.profiles.set(rp.schedulerName, { fwk, handle, recorder });
    }
    const first = [...this.profiles.values()][0].fwk;
    this.queue = new SchedulingQueue(first.queueSort ?? new PrioritySort(), {
      podInitialBackoffMs: (config.podInitialBackoffSeconds ?? 1) * 1000,
      podMaxBackoffMs: (config.podMaxBackoffSeconds ?? 10) * 1000,
    });
    this.cache.defaultSelectors = (pod) => this.defaultSelectors(pod);

    this.factory = new SharedInformerFactory(client, { logger: this.log });
    this.pods = this.factory.informerFor<Pod & KubeObject>('pods');
    const nodes = this.factory.informerFor<Node & KubeObject>('nodes');
    const namespaces = this.factory.informerFor<Namespace & KubeObject>('namespaces');
    this.pdbs = this.factory.informerFor<PodDisruptionBudget & KubeObject>('poddisruptionbudgets');
    this.factory.informerFor('priorityclasses');
    this.services = this.factory.informerFor<Service>('services');
    // Workloads whose selectors make default spreading constraints (those mk serves).
    for (const r of ['replicasets', 'statefulsets', 'replicationcontrollers']) {
      if (resolveResource(r)) this.controllers.push(this.factory.informerFor<Controller>(r));
    }

    nodes.addEventHandler({
      onAdd: (n) => {
        this.cache.addOrUpdateNode(n);
        this.move(events.NodeAdd);
      },
      onUpdate: (o, n) => {
        this.cache.addOrUpdateNode(n);
        if (nodeSchedulingPropertiesChanged(o, n)) this.move(events.NodeUpdate);
      },
      onDelete: (n) => this.cache.removeNode(n),
    });
    namespaces.addEventHandler({
      onAdd: (ns) => this.cache.setNamespace(ns.metadata.name ?? '', ns.metadata.labels),
      onUpdate: (_o, ns) => {
        this.cache.setNamespace(ns.metadata.name ?? '', ns.metadata.labels);
        this.move(events.NamespaceUpdate);
      },
      onDelete: (ns) => this.cache.removeNamespace(ns.metadata.name ?? ''),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.onPodAdd(p),
      onUpdate: (o, p) => this.onPodUpdate(o, p),
      onDelete: (p) => this.onPodDelete(p),
    });
  }

  private responsibleFor(p: Pod): boolean {
    return this.profiles.has(p.spec?.schedulerName ?? 'default-scheduler');
  }

  private move(ev: ClusterEvent): void {
    this.queue.moveAllToActiveOrBackoffQueue(ev);
  }

  /** Tracks a pending pod's nomination (or its end). */
  private nominate(p: Pod, remove = false): void {
    const key = podKey(p);
    const prev = this.nominatedNodeOf.get(key);
    if (prev !== undefined) {
      this.nominated.get(prev)?.delete(key);
      if (this.nominated.get(prev)?.size === 0) this.nominated.delete(prev);
      this.nominatedNodeOf.delete(key);
    }
    const n = p.status?.nominatedNodeName;
    if (remove || !n || assigned(p) || isTerminal(p)) return;
    let m = this.nominated.get(n);
    if (!m) this.nominated.set(n, (m = new Map()));
    m.set(key, new PodInfo(p));
    this.nominatedNodeOf.set(key, n);
  }

  private nominatedPods = (nodeName: string): PodInfo[] | undefined => {
    const m = this.nominated.get(nodeName);
    return m ? [...m.values()] : undefined;
  };

  private onPodAdd(p: Pod): void {
    this.nominate(p);
    if (isTerminal(p)) return;
    if (assigned(p)) {
      this.cache.addPod(p);
      this.move(events.AssignedPodAdd);
    } else if (this.responsibleFor(p) && !p.metadata.deletionTimestamp) {
      this.queue.add(p);
    }
  }

  private onPodUpdate(o: Pod, p: Pod): void {
    if (o.status?.nominatedNodeName || p.status?.nominatedNodeName) this.nominate(p);
    if (assigned(p)) {
      if (!assigned(o)) this.queue.delete(p);
      if (isTerminal(p)) {
        this.cache.removePod(p);
        this.move(events.AssignedPodDelete);
        return;
      }
      this.cache.updatePod(p);
      if (!assigned(o)) this.move(events.AssignedPodAdd);
      else if (labelsOrRequestsChanged(o, p)) this.move(events.AssignedPodUpdate);
      return;
    }
    if (!this.responsibleFor(p) || isTerminal(p)) return;
    // Our own status writes (conditions, nominatedNodeName) are no reason to retry.
    if (!specOrLabelsChanged(o, p)) return;
    this.queue.update(p);
  }

  private onPodDelete(p: Pod): void {
    this.nominate(p, true);
    if (assigned(p)) {
      this.cache.removePod(p);
      this.move(events.AssignedPodDelete);
    } else {
      this.queue.delete(p);
    }
  }

  /** Selectors of the Services, ReplicaSets and StatefulSets selecting pod (DefaultSelector). */
  private defaultSelectors(pod: Pod): Selector[] {
    const ns = pod.metadata.namespace;
    const labels = pod.metadata.labels ?? {};
    const out: Selector[] = [];
    for (const s of this.services.list(ns)) {
      const sel = s.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) continue;
      const m = selectorFromSet(sel);
      if (m.matches(labels)) out.push(m);
    }
    for (const inf of this.controllers) {
      for (const c of inf.list(ns)) {
        try {
          const m = selectorFromLabelSelector(c.spec?.selector as never);
          if (!m.empty && !m.nothing && m.matches(labels)) out.push(m);
        } catch {
          // An invalid selector selects nothing.
        }
      }
    }
    return out;
  }

  async startInformers(): Promise<void> {
    this.factory.start();
    await this.factory.waitForCacheSync();
  }

  /** Runs the scheduling loop until stopRunning(). */
  startRunning(): void {
    if (this.running) return;
    this.running = true;
    this.queue.reopen();
    this.queue.run();
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    let n = 0;
    while (this.running) {
      const q = this.queue.tryPop() ?? (await this.queue.pop());
      if (!q || !this.running) break;
      try {
        this.scheduleOne(q);
      } catch (e) {
        this.log.error(`scheduling ${q.podInfo.key}: ${(e as Error).stack ?? e}`);
        this.queue.addUnschedulableIfNotPresent(q, this.queue.schedulingCycle, true);
      }
      // Let watch events and binding responses in between cycles.
      if (++n % 4 === 0) await yieldToLoop();
    }
  }

  async stopRunning(): Promise<void> {
    this.running = false;
    this.queue.close();
    await this.loopDone;
    await Promise.allSettled([...this.bindsInFlight]);
  }

  async close(): Promise<void> {
    await this.stopRunning();
    this.factory.stop();
  }

  /** One scheduling cycle (scheduleOne): synchronous up to the assume; binding runs on. */
  scheduleOne(q: QueuedPodInfo): void {
    const pod = q.podInfo.pod;
    const key = q.podInfo.key;
    const profile = this.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
    const latest = this.pods.get(key) as Pod | undefined;
    if (!profile || !latest || assigned(latest) || latest.metadata.deletionTimestamp || this.cache.isAssumed(key)) {
      this.queue.done(key);
      return;
    }
    const cycle = this.queue.schedulingCycle;
    const { fwk } = profile;
    profile.handle.snapshot = this.cache;
    const state = new CycleState();
    let host: string;
    try {
      host = schedulePod(fwk, state, q.podInfo, this.cache, {
        startIndex: this.startIndex,
        nominatedPods: this.nominated.size ? this.nominatedPods : undefined,
      }).suggestedHost;
    } catch (e) {
      if (e instanceof FitError) {
        const result = runPostFilter(fwk, state, q.podInfo, e);
        q.unschedulablePlugins = e.unschedulablePlugins;
        if (result?.nominatedNodeName) void this.preempt(profile, pod, result.nominatedNodeName, result.victims ?? []);
        this.failed(profile, q, cycle, 'Unschedulable', e.fitMessage(), result?.nominatedNodeName);
      } else {
        this.failed(profile, q, cycle, 'SchedulerError', (e as Error).message, undefined, true);
      }
      return;
    }
    // Assume: the pod takes its place in the cache now, so the next cycle sees it.
    const assumed = q.podInfo.boundTo(host);
    this.cache.assumePod(assumed, host);
    const reserve = fwk.runReserve(state, assumed, host);
    if (reserve) {
      fwk.runUnreserve(state, assumed, host);
      this.cache.forgetPod(key);
      this.failed(profile, q, cycle, 'SchedulerError', reserve.message(), undefined, true);
      return;
    }
    const p = this.bind(profile, q, pod, host, cycle, state);
    this.bindsInFlight.add(p);
    void p.finally(() => this.bindsInFlight.delete(p));
  }

  private async bind(profile: Profile, q: QueuedPodInfo, pod: Pod, host: string, cycle: number, state: CycleState): Promise<void> {
    const key = q.podInfo.key;
    try {
      await this.writeLimiter.run(() => this.client.bind(pod, host));
    } catch (e) {
      profile.fwk.runUnreserve(state, q.podInfo, host);
      this.cache.forgetPod(key);
      if (isNotFound(e)) {
        this.queue.done(key);
        return;
      }
      this.log.warn(`binding ${key} to ${host}: ${(e as Error).message}`);
      // A failed binding frees what the assumed pod held.
      this.move(events.AssignedPodDelete);
      this.failed(profile, q, cycle, 'SchedulerError', `Binding rejected: ${(e as Error).message}`, undefined, true);
      return;
    }
    this.cache.finishBinding(key);
    this.queue.done(key);
    void profile.recorder.event(pod as KubeObject, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${host}`);
  }

  /** Records the failure (event + PodScheduled condition) and requeues the pod. */
  private failed(profile: Profile, q: QueuedPodInfo, cycle: number, reason: string, message: string, nominatedNodeName?: string, error = false): void {
    const pod = (this.pods.get(q.podInfo.key) as Pod | undefined) ?? q.podInfo.pod;
    if (this.pods.get(q.podInfo.key)) {
      q.podInfo = new PodInfo(pod);
      this.queue.addUnschedulableIfNotPresent(q, cycle, error);
    } else {
      this.queue.done(q.podInfo.key);
      return;
    }
    void profile.recorder.event(pod as KubeObject, 'Warning', 'FailedScheduling', message);
    void this.updatePodStatus(pod, { type: 'PodScheduled', status: 'False', reason, message }, nominatedNodeName);
  }

  private async updatePodStatus(pod: Pod, cond: PodCondition, nominatedNodeName?: string): Promise<void> {
    const conditions = pod.status?.conditions ?? [];
    const old = conditions.find((c) => c.type === cond.type);
    const nominatedChanged = nominatedNodeName !== undefined && nominatedNodeName !== pod.status?.nominatedNodeName;
    if (old && old.status === cond.status && old.reason === cond.reason && old.message === cond.message && !nominatedChanged) return;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const next: PodCondition = { ...cond, lastProbeTime: null, lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime : now };
    const status: Record<string, unknown> = { conditions: [...conditions.filter((c) => c.type !== cond.type), next] };
    if (nominatedChanged) status.nominatedNodeName = nominatedNodeName;
    try {
      await this.writeLimiter.run(() => this.client.patch('pods', pod.metadata.namespace, pod.metadata.name ?? '', { status }, 'merge', { subresource: 'status' }));
    } catch (e) {
      if (!isNotFound(e)) this.log.warn(`updating status of ${podKey(pod)}: ${(e as Error).message}`);
    }
  }

  /** Evicts the victims chosen by preemption (DisruptionTarget condition, Preempted event, delete). */
  private async preempt(profile: Profile, preemptor: Pod, node: string, victims: Pod[]): Promise<void> {
    await Promise.all(
      victims.map(async (v) => {
        const ns = v.metadata.namespace;
        const name = v.metadata.name ?? '';
        try {
          const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
          const conditions = [
            ...(v.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'),
            { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${profile.fwk.profileName}: preempting to accommodate a higher priority pod`, lastTransitionTime: now },
          ];
          await this.client.patch('pods', ns, name, { status: { conditions } }, 'merge', { subresource: 'status' });
          await this.client.delete('pods', ns, name);
          void profile.recorder.event(v as KubeObject, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid} on node ${node}`);
        } catch (e) {
          if (!isNotFound(e)) this.log.warn(`preempting ${ns}/${name}: ${(e as Error).message}`);
        }
      }),
    );
  }
}

function nodeSchedulingPropertiesChanged(o: Node, n: Node): boolean {
  return (
    JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels) ||
    JSON.stringify(o.spec?.taints ?? []) !== JSON.stringify(n.spec?.taints ?? []) ||
    !!o.spec?.unschedulable !== !!n.spec?.unschedulable ||
    JSON.stringify(o.status?.allocatable) !== JSON.stringify(n.status?.allocatable) ||
    JSON.stringify(o.status?.images ?? []) !== JSON.stringify(n.status?.images ?? [])
  );
}

function specOrLabelsChanged(o: Pod, p: Pod): boolean {
  return JSON.stringify(o.spec) !== JSON.stringify(p.spec) || JSON.stringify(o.metadata.labels) !== JSON.stringify(p.metadata.labels) || !!p.metadata.deletionTimestamp !== !!o.metadata.deletionTimestamp;
}

function labelsOrRequestsChanged(o: Pod, p: Pod): boolean {
  return JSON.stringify(o.metadata.labels) !== JSON.stringify(p.metadata.labels) || JSON.stringify(o.spec?.containers) !== JSON.stringify(p.spec?.containers);
}

/** Starts mk-scheduler: informers, then (with leader election, once leading) the scheduling loop. */
export async function startScheduler(opts: SchedulerOptions): Promise<RunningScheduler> {
  const config = opts.configuration ?? (opts.config ? loadConfigFile(opts.config) : {});
  const client = new KubeClient({ server: opts.server, token: opts.token, userAgent: 'mk-scheduler/0.1.0' });
  const sched = new Scheduler(client, config, opts);
  await sched.startInformers();
  const leaderElect = opts.leaderElect ?? config.leaderElection?.leaderElect ?? false;
  if (!leaderElect) {
    sched.startRunning();
    return {
      isLeader: () => true,
      stop: async () => {
        await sched.close();
        await client.close();
      },
    };
  }
  const le = config.leaderElection ?? {};
  const elector = new LeaderElector(client, {
    namespace: le.resourceNamespace ?? 'kube-system',
    name: le.resourceName ?? 'kube-scheduler',
    identity: opts.identity ?? `${hostname()}_${randomBytes(8).toString('hex')}`,
    leaseDurationSeconds: opts.leaseDurationSeconds ?? 15,
    renewDeadlineSeconds: opts.renewDeadlineSeconds ?? 10,
    retryPeriodSeconds: opts.retryPeriodSeconds ?? 2,
    releaseOnCancel: true,
    logger: opts.logger,
    onStartedLeading: () => sched.startRunning(),
    onStoppedLeading: () => void sched.stopRunning(),
  });
  const campaign = elector.run();
  return {
    isLeader: () => elector.isLeader(),
    stop: async () => {
      await elector.stop();
      await campaign;
      await sched.close();
      await client.close();
    },
  };
}
