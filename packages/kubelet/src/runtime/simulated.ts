// The simulated runtime (like kwok): containers are records in memory. Pods become Running
// after an optional delay, take IPs from the node's podCIDR, and follow annotations:
//   sim.mk.io/exit-code: "N"     every container exits with N ...
//   sim.mk.io/run-seconds: "S"   ... after running S seconds (default 0)
//   sim.mk.io/ready: "false"     readiness (and so the Ready condition) stays false
//   sim.mk.io/stop-seconds: "S"  stopping takes S seconds, capped by the grace period
// A container whose command+args end in `exit N` (e.g. ["sh","-c","exit 1"]) exits with N too.
import { randomBytes } from 'node:crypto';
import type { Container, Pod } from '@mk/api';
import { IPAllocator } from './ipam.js';
import type {
  ContainerRecord,
  ContainerRuntime,
  ExecResult,
  PodRecord,
  ProbeKind,
  PullResult,
  RuntimeNode,
  SandboxRecord,
  StartContainerRequest,
} from './types.js';

export const SIM_EXIT_CODE = 'sim.mk.io/exit-code';
export const SIM_RUN_SECONDS = 'sim.mk.io/run-seconds';
export const SIM_READY = 'sim.mk.io/ready';
export const SIM_STOP_SECONDS = 'sim.mk.io/stop-seconds';

export interface SimulatedRuntimeOptions {
  /** How long a sandbox takes to start (the pod stays ContainerCreating meanwhile). */
  startupDelayMs?: number;
}

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const newId = (): string => randomBytes(32).toString('hex');

/** The exit code a simulated container ends with, or undefined when it runs until stopped. */
export function simulatedExitCode(pod: Pod, c: Container): number | undefined {
  const a = pod.metadata.annotations?.[SIM_EXIT_CODE];
  if (a !== undefined && /^\d+$/.test(a)) return Number(a);
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const last = argv[argv.length - 1];
  const m = last !== undefined ? /^\s*exit\s+(\d+)\s*$/.exec(last) : null;
  return m ? Number(m[1]) : undefined;
}

function seconds(pod: Pod, key: string): number {
  const v = Number(pod.metadata.annotations?.[key] ?? 0);
  return Number.isFinite(v) && v > 0 ? v : 0;
}

export class SimulatedRuntime implements ContainerRuntime {
  readonly type = 'sim';
  private readonly pods = new Map<string, PodRecord>();
  private readonly byId = new Map<string, { pod: PodRecord; timer?: NodeJS.Timeout }>();
  private readonly sandboxPod = new Map<string, PodRecord>();
  private ipam: IPAllocator | undefined;
  private onChange: (uid: string) => void = () => {};

  constructor(private readonly opts: SimulatedRuntimeOptions = {}) {}

  async version(): Promise<string> {
    return 'sim://0.1.0';
  }

  async start(node: RuntimeNode): Promise<void> {
    this.ipam = new IPAllocator(node.podCIDR);
  }

  watch(onChange: (podUid: string) => void): void {
    this.onChange = onChange;
  }

  /** Keep an IP a pod already had (the simulator restarted): the pod keeps its address. */
  reserveIP(ip: string): boolean {
    return this.ipam?.reserve(ip) ?? false;
  }

  async listPodUids(): Promise<string[]> {
    return [...this.pods.keys()];
  }

  async getPod(uid: string): Promise<PodRecord | undefined> {
    const p = this.pods.get(uid);
    // A copy: the kubelet must not see records change under it mid-sync.
    return p && { ...p, sandboxes: p.sandboxes.map((s) => ({ ...s })), containers: p.containers.map((c) => ({ ...c })) };
  }

  async ensureImage(): Promise<PullResult> {
    return { ok: true, pulled: false, ms: 0 };
  }

  private record(pod: Pod): PodRecord {
    const uid = pod.metadata.uid!;
    let r = this.pods.get(uid);
    if (!r) {
      r = { uid, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name!, sandboxes: [], containers: [] };
      this.pods.set(uid, r);
    }
    return r;
  }

  async runSandbox(pod: Pod, attempt: number): Promise<SandboxRecord> {
    if (this.opts.startupDelayMs) await new Promise((r) => setTimeout(r, this.opts.startupDelayMs));
    const r = this.record(pod);
    const wanted = pod.status?.podIP;
    const ip = wanted && r.sandboxes.length === 0 && this.ipam?.reserve(wanted) ? wanted : (this.ipam?.allocate() ?? '');
    const sb: SandboxRecord = { id: newId(), podUid: r.uid, attempt, ready: true, ip, createdAt: now() };
    r.sandboxes.push(sb);
    this.sandboxPod.set(sb.id, r);
    return { ...sb };
  }

  async stopSandbox(id: string): Promise<void> {
    const r = this.sandboxPod.get(id);
    const sb = r?.sandboxes.find((s) => s.id === id);
    if (sb) sb.ready = false;
  }

  async removeSandbox(id: string): Promise<void> {
    const r = this.sandboxPod.get(id);
    if (!r) return;
    this.sandboxPod.delete(id);
    const sb = r.sandboxes.find((s) => s.id === id);
    r.sandboxes = r.sandboxes.filter((s) => s.id !== id);
    // Another sandbox of the same pod may hold the same IP (kept across sandboxes).
    if (sb?.ip && !r.sandboxes.some((s) => s.ip === sb.ip)) this.ipam?.release(sb.ip);
    this.gc(r);
  }

  async startContainer(req: StartContainerRequest): Promise<string> {
    const r = this.record(req.pod);
    const id = newId();
    const c: ContainerRecord = {
      id,
      name: req.container.name,
      podUid: r.uid,
      sandboxId: req.sandbox.id,
      attempt: req.attempt,
      init: req.init,
      state: 'running',
      createdAt: now(),
      startedAt: now(),
      image: req.container.image ?? '',
      imageID: `sim://${req.container.image ?? ''}`,
    };
    r.containers.push(c);
    const entry: { pod: PodRecord; timer?: NodeJS.Timeout } = { pod: r };
    this.byId.set(id, entry);
    const code = simulatedExitCode(req.pod, req.container);
    if (code !== undefined) {
      entry.timer = setTimeout(() => this.exit(c, code), seconds(req.pod, SIM_RUN_SECONDS) * 1000);
      entry.timer.unref?.();
    }
    return id;
  }

  private exit(c: ContainerRecord, code: number): void {
    if (c.state !== 'running') return;
    c.state = 'exited';
    c.exitCode = code;
    c.reason = code === 0 ? 'Completed' : 'Error';
    c.finishedAt = now();
    this.onChange(c.podUid);
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    const e = this.byId.get(id);
    const c = e?.pod.containers.find((x) => x.id === id);
    if (!e || !c || c.state !== 'running') return;
    if (e.timer) clearTimeout(e.timer);
    const stop = Math.min(graceSeconds, Number(this.stopSecondsFor(e.pod)));
    if (stop > 0) await new Promise((r) => setTimeout(r, stop * 1000));
    // A process that honours SIGTERM exits 0; one killed by SIGKILL exits 137.
    this.exit(c, graceSeconds > 0 ? 0 : 137);
  }

  private readonly stopSeconds = new Map<string, number>();
  private stopSecondsFor(r: PodRecord): number {
    return this.stopSeconds.get(r.uid) ?? 0;
  }

  /** The kubelet tells the runtime about the pod's annotations that affect stopping. */
  notePod(pod: Pod): void {
    const s = seconds(pod, SIM_STOP_SECONDS);
    if (s > 0) this.stopSeconds.set(pod.metadata.uid!, s);
    else this.stopSeconds.delete(pod.metadata.uid!);
  }

  async removeContainer(id: string): Promise<void> {
    const e = this.byId.get(id);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.byId.delete(id);
    e.pod.containers = e.pod.containers.filter((c) => c.id !== id);
    this.gc(e.pod);
  }

  private gc(r: PodRecord): void {
    if (r.sandboxes.length === 0 && r.containers.length === 0) {
      this.pods.delete(r.uid);
      this.stopSeconds.delete(r.uid);
    }
  }

  async exec(): Promise<ExecResult> {
    return { exitCode: 0, output: '' };
  }

  simulateProbe(pod: Pod, _c: Container, kind: ProbeKind): boolean {
    if (kind === 'readiness') return pod.metadata.annotations?.[SIM_READY] !== 'false';
    return true;
  }

  async close(): Promise<void> {
    for (const e of this.byId.values()) if (e.timer) clearTimeout(e.timer);
  }

  /** Pods and containers held, for benchmarks. */
  get size(): { pods: number; containers: number } {
    let containers = 0;
    for (const p of this.pods.values()) containers += p.containers.length;
    return { pods: this.pods.size, containers };
  }
}
