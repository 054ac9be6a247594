// syncPod (kubelet's SyncPod + kuberuntime's computePodActions, level-based): read what the
// runtime holds for the pod, do the next step towards the spec (sandbox, init containers in
// order, containers, restarts with back-off, liveness kills), then write status on change.
// Deletion: preStop, SIGTERM, SIGKILL at the grace deadline, then DELETE with grace 0.
import type { Container, Lifecycle, Pod, PodStatus } from '@mk/api';
import type { EventRecorder, KubeClient, Logger } from '@mk/client';
import { isNotFound } from '@mk/client';
import { runProbe } from '../prober/probe.js';
import { ProberManager } from '../prober/manager.js';
import type { ContainerConfig, ContainerRecord, ContainerRuntime, PodRecord, SandboxRecord } from '../runtime/types.js';
import { RestartBackoff, goDuration } from './backoff.js';
import { ConfigError, ObjectFetcher, containerEnv } from './env.js';
import { generatePodStatus, latestByName, metaNow, statusEqual } from './status.js';
import type { Waiting } from './status.js';
import { PodWorkers } from './workers.js';

/** Volumes of a pod as host paths (Docker runtime); the simulated runtime has none. */
export interface VolumeHost {
  setUp(pod: Pod): Promise<Map<string, string>>;
  tearDown(podUid: string): Promise<void>;
}

export interface PodSyncerOptions {
  client: KubeClient;
  nodeName: string;
  runtime: ContainerRuntime;
  recorder?: EventRecorder;
  logger: Logger;
  hostIP: () => string;
  allocatable: () => Record<string, string | number>;
  /** The pod as the API has it now (the informer's cache). */
  lookup(uid: string): Pod | undefined;
  volumes?: VolumeHost;
  resyncMs?: number;
  /** Restart back-off; tests and benchmarks may shorten it. */
  backoff?: RestartBackoff;
}

const MIN_GRACE_SECONDS = 2;

/** A container prepared (and maybe created) ahead of its start; wake: not startable now, retry then. */
interface Precreated {
  config?: ContainerConfig;
  id?: string;
  wake?: number;
}

interface PodState {
  startTime?: string;
  waiting: Map<string, Waiting>;
  lastStatus?: PodStatus;
  deleting?: boolean;
  /** The last pod object seen, for cleanup after the API forgot it. */
  pod: Pod;
}

export class PodSyncer {
  readonly workers: PodWorkers;
  readonly prober: ProberManager;
  private readonly states = new Map<string, PodState>();
  private readonly backoff: RestartBackoff;
  private readonly pullBackoff = new RestartBackoff(10_000, 300_000);
  private readonly fetch: ObjectFetcher;

  constructor(private readonly o: PodSyncerOptions) {
    this.backoff = o.backoff ?? new RestartBackoff();
    this.fetch = new ObjectFetcher(o.client);
    this.workers = new PodWorkers(
      (uid) => this.sync(uid),
      (uid, err) => o.logger.warn(`sync of pod ${this.states.get(uid)?.pod.metadata.name ?? uid} failed: ${err instanceof Error ? err.message : String(err)}`),
      o.resyncMs ?? 0,
    );
    this.prober = new ProberManager(o.runtime, o.recorder, (uid) => this.workers.kick(uid));
    o.runtime.watch((uid) => this.workers.kick(uid));
  }

  /** The API added or changed a pod bound to this node. */
  podUpdated(pod: Pod): void {
    const uid = pod.metadata.uid!;
    const st = this.states.get(uid);
    if (st) st.pod = pod;
    else this.states.set(uid, { pod, waiting: new Map(), startTime: pod.status?.startTime });
    this.workers.kick(uid);
  }

  /** The API no longer has the pod: stop and remove whatever runs for it. */
  podRemoved(pod: Pod): void {
    const uid = pod.metadata.uid!;
    const st = this.states.get(uid);
    if (st) st.pod = pod;
    else this.states.set(uid, { pod, waiting: new Map() });
    this.workers.kick(uid);
  }

  /** Pods the runtime holds that the API does not: orphans from before a restart. */
  async cleanupOrphans(): Promise<void> {
    for (const uid of await this.o.runtime.listPodUids()) {
      if (this.states.has(uid) || this.o.lookup(uid)) continue;
      const rec = await this.o.runtime.getPod(uid);
      if (!rec) continue;
      this.o.logger.info(`removing containers of pod ${rec.namespace}/${rec.name} (${uid}), which no longer exists`);
      await this.removeAll(rec, MIN_GRACE_SECONDS);
    }
  }

  stop(): void {
    this.workers.stop();
    this.prober.stopAll();
  }

  private event(pod: Pod, c: Container | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (!this.o.recorder) return;
    const ref = {
      kind: 'Pod',
      apiVersion: 'v1',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      fieldPath: c ? `spec.${(pod.spec?.initContainers ?? []).some((x) => x === c) ? 'initContainers' : 'containers'}{${c.name}}` : undefined,
    };
    void this.o.recorder.event(ref, type, reason, message);
  }

  // ---- one sync ----------------------------------------------------------------------

  private async sync(uid: string): Promise<number | undefined> {
    const st = this.states.get(uid);
    if (!st) {
      // A late wake-up for a pod already cleaned up.
      this.workers.forget(uid);
      return undefined;
    }
    const current = this.o.lookup(uid);
    const rec = await this.o.runtime.getPod(uid);
    if (!current) {
      // Gone from the API (deleted with grace 0, or force-deleted): stop and remove everything.
      const grace = st.deleting ? 0 : MIN_GRACE_SECONDS;
      if (rec) await this.removeAll(rec, grace, st.pod);
      this.prober.removePod(uid);
      await this.o.volumes?.tearDown(uid);
      this.backoff.forget(`${uid}/`);
      this.pullBackoff.forget(`${uid}/`);
      this.states.delete(uid);
      this.workers.forget(uid);
      return undefined;
    }
    st.pod = current;
    const pod = current;
    (this.o.runtime as { notePod?(p: Pod): void }).notePod?.(pod);
    if (pod.metadata.deletionTimestamp) return this.terminate(pod, st, rec);
    st.startTime ??= metaNow();

    const phase = st.lastStatus?.phase ?? pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      // Terminal pods never run again; only their sandbox is stopped.
      await this.stopPod(pod, rec, MIN_GRACE_SECONDS, false);
      return undefined;
    }
    const wake = await this.converge(pod, st, rec);
    const after = await this.o.runtime.getPod(uid);
    const status = this.writeStatus(pod, st, after);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') await this.stopPod(pod, after, MIN_GRACE_SECONDS, false);
    const running = after?.containers.filter((c) => c.state === 'running') ?? [];
    this.prober.sync(pod, running, status.podIP ?? '');
    await this.gcContainers(after);
    return wake;
  }

  /** Take the next steps towards the spec; returns when to look again. */
  private async converge(pod: Pod, st: PodState, rec: PodRecord | undefined): Promise<number | undefined> {
    const spec = pod.spec!;
    const policy = spec.restartPolicy ?? 'Always';
    let all = rec?.containers ?? [];
    let sandbox = latestSandbox(rec);
    // Volumes are set up before the sandbox, as the kubelet mounts them before SyncPod.
    let volumes = new Map<string, string>();
    if (this.o.volumes) {
      try {
        volumes = await this.o.volumes.setUp(pod);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        this.event(pod, undefined, 'Warning', 'FailedMount', `MountVolume.SetUp failed: ${msg}`);
        return 5_000;
      }
    }
    const precreated = new Map<string, Promise<Precreated>>();
    if (!sandbox || !sandbox.ready) {
      const everRan = all.length > 0;
      // A pod whose containers all finished for good does not get a new sandbox.
      if (everRan && policy !== 'Always' && this.allDone(pod, rec)) return undefined;
      if (sandbox) {
        this.event(pod, undefined, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        await this.stopPod(pod, rec, MIN_GRACE_SECONDS, true);
      }
      // A pod's first start: its first containers (the first init container, else every
      // container) are created while the sandbox starts, then started once it runs.
      const firstInit = !!spec.initContainers?.length;
      const first = everRan || !this.o.runtime.createContainer ? [] : firstInit ? [spec.initContainers![0]] : spec.containers;
      const attempt = (sandbox?.attempt ?? -1) + 1;
      try {
        sandbox = await this.o.runtime.runSandbox(pod, attempt, (sandboxId) => {
          const early: SandboxRecord = { id: sandboxId, podUid: pod.metadata.uid!, attempt, ready: false, ip: '', createdAt: metaNow() };
          for (const c of first) precreated.set(c.name, this.precreate(pod, st, c, firstInit, early, volumes));
        });
      } catch (e) {
        // Containers made for a sandbox that never ran go with it.
        for (const p of precreated.values()) {
          const { id } = await p;
          if (id) await this.o.runtime.removeContainer(id).catch(() => undefined);
        }
        const msg = e instanceof Error ? e.message : String(e);
        this.event(pod, undefined, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${msg}`);
        return 5_000;
      }
      // Containers were stopped with the old sandbox: look again.
      if (everRan) all = (await this.o.runtime.getPod(pod.metadata.uid!))?.containers ?? [];
    }
    const sandboxId = sandbox.id;
    // Containers of an earlier sandbox count for restart numbering, not as progress.
    const inSandbox = (c: ContainerRecord): boolean => c.sandboxId === undefined || c.sandboxId === sandboxId;

    // Init containers, one at a time, each to success, unless the app containers already ran.
    const apps = latestByName(all, false);
    if (![...apps.values()].some(([c]) => inSandbox(c))) {
      const inits = latestByName(all, true);
      for (const c of spec.initContainers ?? []) {
        const [latest] = inits.get(c.name) ?? [];
        const cur = latest && inSandbox(latest) ? latest : undefined;
        if (!cur && latest) {
          // A new sandbox runs the init containers again, numbering on from the last run.
          return this.startContainer(pod, st, c, true, latest.attempt + 1, sandbox, volumes);
        }
        if (cur?.state === 'running') return undefined;
        if (cur?.state === 'exited' && cur.exitCode === 0) continue;
        if (cur?.state === 'exited' && policy === 'Never') return undefined; // the pod is Failed
        return this.startOrBackoff(pod, st, c, true, cur, sandbox, volumes, precreated.get(c.name));
      }
    }

    let wake: number | undefined;
    const soonest = (ms: number | undefined): void => {
      if (ms !== undefined) wake = wake === undefined ? ms : Math.min(wake, ms);
    };
    await Promise.all(
      spec.containers.map(async (c) => {
        let [cur] = apps.get(c.name) ?? [];
        if (cur?.state === 'running' && !inSandbox(cur)) {
          // Still running in a sandbox that is gone: stop it; it restarts in the new one.
          await this.o.runtime.stopContainer(cur.id, MIN_GRACE_SECONDS);
          cur = (await this.o.runtime.getPod(pod.metadata.uid!))?.containers.find((x) => x.id === cur!.id) ?? cur;
        }
        if (cur?.state === 'running') {
          st.waiting.delete(c.name);
          const kill = this.prober.shouldRestart(pod, cur, c);
          if (!kill) return;
          const what = kill.kind === 'liveness' ? 'liveness' : 'startup';
          this.event(pod, c, 'Normal', 'Killing', `Container ${c.name} failed ${what} probe, will be restarted`);
          const grace = c.livenessProbe?.terminationGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
          await this.killContainer(pod, c, cur, grace, false);
          const after = (await this.o.runtime.getPod(pod.metadata.uid!))?.containers.find((x) => x.id === cur.id) ?? cur;
          if (policy === 'Never') return;
          soonest(await this.startOrBackoff(pod, st, c, false, after, sandbox!, volumes));
          return;
        }
        if (cur && cur.state === 'exited') {
          const restart = policy === 'Always' || (policy === 'OnFailure' && cur.exitCode !== 0);
          if (!restart) {
            st.waiting.delete(c.name);
            return;
          }
        }
        soonest(await this.startOrBackoff(pod, st, c, false, cur, sandbox!, volumes, precreated.get(c.name)));
      }),
    );
    return wake;
  }

  private allDone(pod: Pod, rec: PodRecord | undefined): boolean {
    const apps = latestByName(rec?.containers ?? [], false);
    const policy = pod.spec?.restartPolicy ?? 'Always';
    return pod.spec!.containers.every((c) => {
      const [cur] = apps.get(c.name) ?? [];
      if (!cur || cur.state !== 'exited') return false;
      return policy === 'Never' || cur.exitCode === 0;
    });
  }

  /** Start the next instance of c, unless its restart back-off says wait. */
  private async startOrBackoff(
    pod: Pod,
    st: PodState,
    c: Container,
    init: boolean,
    prev: ContainerRecord | undefined,
    sandbox: SandboxRecord,
    volumes: Map<string, string>,
    pre?: Promise<Precreated>,
  ): Promise<number | undefined> {
    const uid = pod.metadata.uid!;
    const key = `${uid}/${c.name}`;
    if (prev && prev.state !== 'running') {
      const finished = prev.finishedAt ? Date.parse(prev.finishedAt) : Date.now();
      if (this.backoff.isInBackOffSince(key, finished)) {
        const delay = this.backoff.get(key);
        const podText = `${pod.metadata.name}_${pod.metadata.namespace}(${uid})`;
        const was = st.waiting.get(c.name)?.reason;
        st.waiting.set(c.name, {
          reason: 'CrashLoopBackOff',
          message: `back-off ${goDuration(delay)} restarting failed container=${c.name} pod=${podText}`,
        });
        if (was !== 'CrashLoopBackOff') this.event(pod, c, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podText}`);
        return Math.max(50, finished + delay - Date.now());
      }
      this.backoff.next(key);
    }
    return this.startContainer(pod, st, c, init, prev ? prev.attempt + 1 : 0, sandbox, volumes, pre);
  }

  /** The image as the pull policy asks, and the container's env and mounts; or when to retry. */
  private async prepare(pod: Pod, st: PodState, c: Container, volumes: Map<string, string>): Promise<Precreated> {
    const uid = pod.metadata.uid!;
    const image = c.image ?? '';
    const pullKey = `${uid}/${c.name}/pull`;
    if (this.pullBackoff.isInBackOffSince(pullKey, this.lastPullFailure.get(pullKey) ?? 0)) {
      st.waiting.set(c.name, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` });
      this.event(pod, c, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      return { wake: Math.max(50, (this.lastPullFailure.get(pullKey) ?? 0) + this.pullBackoff.get(pullKey) - Date.now()) };
    }
    const willPull = c.imagePullPolicy === 'Always';
    if (willPull) this.event(pod, c, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const pull = await this.o.runtime.ensureImage(pod, c);
    if (!pull.ok) {
      st.waiting.set(c.name, { reason: pull.reason, message: pull.message });
      if (pull.reason === 'ErrImageNeverPull') {
        this.event(pod, c, 'Warning', 'ErrImageNeverPull', pull.message);
        return { wake: 10_000 };
      }
      this.event(pod, c, 'Warning', 'Failed', pull.message);
      this.event(pod, c, 'Warning', 'Failed', `Error: ${pull.reason}`);
      this.pullBackoff.next(pullKey);
      this.lastPullFailure.set(pullKey, Date.now());
      return { wake: this.pullBackoff.get(pullKey) };
    }
    if (pull.pulled) {
      if (!willPull) this.event(pod, c, 'Normal', 'Pulling', `Pulling image "${image}"`);
      this.event(pod, c, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${(pull.ms / 1000).toFixed(3)}s`);
    } else if (this.o.recorder) {
      this.event(pod, c, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    }
    try {
      return { config: await this.containerConfig(pod, c, volumes) };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      st.waiting.set(c.name, { reason: 'CreateContainerConfigError', message: e.message });
      this.event(pod, c, 'Warning', 'Failed', `Error: ${e.message}`);
      return { wake: 10_000 };
    }
  }

  /** prepare, then create (not start) the container of attempt 0 in a sandbox still starting. */
  private async precreate(pod: Pod, st: PodState, c: Container, init: boolean, sandbox: SandboxRecord, volumes: Map<string, string>): Promise<Precreated> {
    try {
      const p = await this.prepare(pod, st, c, volumes);
      if (!p.config) return p;
      const id = await this.o.runtime.createContainer!({ pod, container: c, init, attempt: 0, sandbox, config: p.config });
      return { ...p, id };
    } catch (e) {
      // startContainer tries again the ordinary way and reports what fails.
      this.o.logger.debug?.(`creating container ${c.name} of pod ${pod.metadata.name} early failed: ${e instanceof Error ? e.message : String(e)}`);
      return {};
    }
  }

  private async startContainer(
    pod: Pod,
    st: PodState,
    c: Container,
    init: boolean,
    attempt: number,
    sandbox: SandboxRecord,
    volumes: Map<string, string>,
    pre?: Promise<Precreated>,
  ): Promise<number | undefined> {
    const early = pre && attempt === 0 ? await pre : undefined;
    const prepared = early && (early.config || early.wake !== undefined) ? early : await this.prepare(pod, st, c, volumes);
    if (!prepared.config) return prepared.wake;
    const config = prepared.config;
    const req = { pod, container: c, init, attempt, sandbox, config };
    const failed = (reason: 'CreateContainerError' | 'RunContainerError', e: unknown): number => {
      const msg = e instanceof Error ? e.message : String(e);
      st.waiting.set(c.name, { reason, message: msg });
      this.event(pod, c, 'Warning', 'Failed', `Error: ${msg}`);
      return 10_000;
    };
    // Created and started apart, as the kubelet does through the CRI: a failure names its step.
    let createdId = early?.id;
    if (!createdId && this.o.runtime.createContainer) {
      try {
        createdId = await this.o.runtime.createContainer(req);
      } catch (e) {
        return failed('CreateContainerError', e);
      }
    }
    if (createdId) this.event(pod, c, 'Normal', 'Created', `Created container ${c.name}`);
    let id: string;
    try {
      id = await this.o.runtime.startContainer({ ...req, createdId });
    } catch (e) {
      // A container that would not start is not kept: the next try creates it again.
      if (createdId) await this.o.runtime.removeContainer(createdId).catch(() => undefined);
      return failed(createdId ? 'RunContainerError' : 'CreateContainerError', e);
    }
    st.waiting.delete(c.name);
    if (!createdId) this.event(pod, c, 'Normal', 'Created', `Created container ${c.name}`);
    this.event(pod, c, 'Normal', 'Started', `Started container ${c.name}`);
    const post = c.lifecycle?.postStart;
    if (post) {
      const r = await runProbe(post, { runtime: this.o.runtime, containerId: id, container: c, podIP: sandbox.ip }, pod.spec?.terminationGracePeriodSeconds ?? 30);
      if (!r.ok) {
        this.event(pod, c, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${r.output}`);
        this.event(pod, c, 'Normal', 'Killing', `FailedPostStartHook`);
        await this.o.runtime.stopContainer(id, MIN_GRACE_SECONDS);
      }
    }
    return undefined;
  }

  private readonly lastPullFailure = new Map<string, number>();

  private async containerConfig(pod: Pod, c: Container, volumes: Map<string, string>): Promise<ContainerConfig> {
    const env = await containerEnv(pod, c, this.fetch, this.o.hostIP(), this.o.allocatable());
    const mounts: ContainerConfig['mounts'] = [];
    for (const m of c.volumeMounts ?? []) {
      const host = volumes.get(m.name);
      if (host === undefined) {
        if (!this.o.volumes) continue;
        throw new ConfigError(`volume "${m.name}" not found in the pod's volumes`);
      }
      mounts.push({ hostPath: m.subPath ? `${host}/${m.subPath}` : host, containerPath: m.mountPath, readOnly: m.readOnly ?? false });
    }
    return { env, mounts };
  }

  // ---- stopping ----------------------------------------------------------------------

  /** preStop (bounded by the grace period), then SIGTERM, then SIGKILL at the deadline. */
  private async killContainer(pod: Pod, c: Container | undefined, rec: ContainerRecord, graceSeconds: number, announce = true): Promise<void> {
    if (rec.state !== 'running') return;
    let grace = graceSeconds;
    const pre: Lifecycle['preStop'] = c?.lifecycle?.preStop;
    if (announce && c) this.event(pod, c, 'Normal', 'Killing', `Stopping container ${c.name}`);
    if (pre && c && grace > 0) {
      const t0 = Date.now();
      const podIP = pod.status?.podIP ?? '';
      const hook = pre.sleep
        ? new Promise<{ ok: boolean; output: string }>((r) => setTimeout(() => r({ ok: true, output: '' }), pre.sleep!.seconds * 1000))
        : runProbe(pre, { runtime: this.o.runtime, containerId: rec.id, container: c, podIP }, grace);
      const r = await Promise.race([hook, new Promise<undefined>((res) => setTimeout(() => res(undefined), grace * 1000))]);
      if (r && !r.ok) this.event(pod, c, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${r.output}`);
      grace = Math.max(MIN_GRACE_SECONDS, grace - Math.floor((Date.now() - t0) / 1000));
    }
    await this.o.runtime.stopContainer(rec.id, grace);
  }

  /** Stop every running container (in parallel) and the sandbox. */
  private async stopPod(pod: Pod, rec: PodRecord | undefined, graceSeconds: number, announce: boolean): Promise<void> {
    if (!rec) return;
    const specs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    await Promise.all(
      rec.containers
        .filter((c) => c.state === 'running')
        .map((c) =>
          this.killContainer(
            pod,
            specs.find((s) => s.name === c.name),
            c,
            graceSeconds,
            announce,
          ),
        ),
    );
    for (const s of rec.sandboxes) if (s.ready) await this.o.runtime.stopSandbox(s.id);
  }

  private async terminate(pod: Pod, st: PodState, rec: PodRecord | undefined): Promise<number | undefined> {
    if (st.deleting) return undefined;
    const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    await this.stopPod(pod, rec, grace, true);
    const after = await this.o.runtime.getPod(pod.metadata.uid!);
    this.prober.removePod(pod.metadata.uid!);
    // The final status (containers terminated), then the pod object goes.
    this.writeStatus(pod, st, after, true);
    await this.statusWrites.get(pod.metadata.uid!);
    try {
      await this.o.client.delete('pods', pod.metadata.namespace, pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
      st.deleting = true;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      st.deleting = true;
    }
    return undefined;
  }

  private async removeAll(rec: PodRecord, graceSeconds: number, pod?: Pod): Promise<void> {
    await Promise.all(
      rec.containers.map(async (c) => {
        if (c.state === 'running') {
          const spec = pod ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((s) => s.name === c.name) : undefined;
          if (pod && graceSeconds > 0) await this.killContainer(pod, spec, c, graceSeconds, false);
          else await this.o.runtime.stopContainer(c.id, graceSeconds);
        }
        await this.o.runtime.removeContainer(c.id);
      }),
    );
    for (const s of rec.sandboxes) {
      await this.o.runtime.stopSandbox(s.id);
      await this.o.runtime.removeSandbox(s.id);
    }
  }

  /** Keep the newest two instances of each container (status and `logs --previous`). */
  private async gcContainers(rec: PodRecord | undefined): Promise<void> {
    if (!rec) return;
    for (const init of [false, true]) {
      for (const list of latestByName(rec.containers, init).values()) {
        for (const old of list.slice(2)) if (old.state !== 'running') await this.o.runtime.removeContainer(old.id);
      }
    }
    const latest = latestSandbox(rec);
    for (const s of rec.sandboxes) if (s !== latest && !s.ready) await this.o.runtime.removeSandbox(s.id);
  }

  // ---- status ------------------------------------------------------------------------

  private readonly statusWrites = new Map<string, Promise<void>>();

  /** Compute status and PATCH pods/status when it differs from what was written last. */
  private writeStatus(pod: Pod, st: PodState, rec: PodRecord | undefined, terminating = false): PodStatus {
    const status = generatePodStatus({
      pod: st.lastStatus ? { ...pod, status: { ...pod.status, conditions: st.lastStatus.conditions } } : pod,
      record: rec,
      runtimeType: this.o.runtime.type,
      waiting: terminating ? new Map() : st.waiting,
      ready: (c, spec) => !terminating && this.prober.ready(pod, c, spec),
      started: (c, spec) => this.prober.started(pod, c, spec),
      hostIP: this.o.hostIP(),
      startTime: st.startTime ?? pod.status?.startTime ?? metaNow(),
    });
    const previous = st.lastStatus ?? pod.status;
    if (statusEqual(withoutTimes(status), withoutTimes(previous))) return status;
    st.lastStatus = status;
    const uid = pod.metadata.uid!;
    const prev = this.statusWrites.get(uid) ?? Promise.resolve();
    const write = prev.then(async () => {
      try {
        await this.o.client.patch('pods', pod.metadata.namespace, pod.metadata.name!, { status }, 'merge', { subresource: 'status' });
      } catch (e) {
        if (isNotFound(e)) return;
        st.lastStatus = undefined;
        this.o.logger.warn(`writing status of pod ${pod.metadata.namespace}/${pod.metadata.name} failed: ${e instanceof Error ? e.message : String(e)}`);
        setTimeout(() => this.workers.kick(uid), 1000).unref?.();
      }
    });
    this.statusWrites.set(uid, write);
    void write.then(() => {
      if (this.statusWrites.get(uid) === write) this.statusWrites.delete(uid);
    });
    return status;
  }

  /** How many pods are in each phase, as last written (benchmarks, `mk` status). */
  phases(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const st of this.states.values()) {
      const ph = st.lastStatus?.phase ?? st.pod.status?.phase ?? 'Pending';
      out[ph] = (out[ph] ?? 0) + 1;
    }
    return out;
  }

  /** Wait until queued status writes are done (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.statusWrites.values()]);
  }
}

function latestSandbox(rec: PodRecord | undefined): SandboxRecord | undefined {
  let best: SandboxRecord | undefined;
  for (const s of rec?.sandboxes ?? []) if (!best || s.attempt > best.attempt) best = s;
  return best;
}

/** Transition times change only with a status; compare without them. */
function withoutTimes(s: PodStatus | undefined): PodStatus | undefined {
  if (!s) return s;
  return { ...s, conditions: s.conditions?.map((c) => ({ ...c, lastTransitionTime: undefined, lastProbeTime: undefined })) };
}
