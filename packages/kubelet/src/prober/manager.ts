// The prober manager: one worker per (container instance, probe kind), each on its own
// timer. Results feed the pod status; a change asks the pod worker to sync, so status is
// written only when a result flips.
import type { Container, Pod, Probe } from '@mk/api';
import type { EventRecorder } from '@mk/client';
import type { ContainerRecord, ContainerRuntime, ProbeKind } from '../runtime/types.js';
import { runProbe } from './probe.js';

interface Worker {
  kind: ProbeKind;
  containerId: string;
  timer?: NodeJS.Timeout;
  stopped: boolean;
  successes: number;
  failures: number;
  result: boolean;
  /** Liveness failed past the threshold: the kubelet must restart the container. */
  tripped: boolean;
  lastOutput: string;
  changed?: boolean;
}

const KIND_TEXT: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export function probeDefaults(p: Probe): Required<Pick<Probe, 'initialDelaySeconds' | 'periodSeconds' | 'timeoutSeconds' | 'successThreshold' | 'failureThreshold'>> {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds || 10,
    timeoutSeconds: p.timeoutSeconds || 1,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

export class ProberManager {
  private readonly workers = new Map<string, Worker>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly recorder: EventRecorder | undefined,
    private readonly onChange: (podUid: string) => void,
  ) {}

  private key(uid: string, name: string, kind: ProbeKind): string {
    return `${uid}/${name}/${kind}`;
  }

  /** Start workers for running containers with probes; stop those whose instance is gone. */
  sync(pod: Pod, running: ContainerRecord[], podIP: string): void {
    const uid = pod.metadata.uid!;
    const want = new Set<string>();
    for (const rec of running) {
      if (rec.init) continue;
      const spec = pod.spec?.containers.find((c) => c.name === rec.name);
      if (!spec) continue;
      for (const kind of ['startup', 'liveness', 'readiness'] as const) {
        const probe = spec[`${kind}Probe`];
        if (!probe || this.runtime.simulateProbe) continue;
        const k = this.key(uid, spec.name, kind);
        want.add(k);
        const w = this.workers.get(k);
        if (w && w.containerId === rec.id) continue;
        if (w) this.stopWorker(k);
        this.startWorker(k, pod, spec, rec, kind, probe, podIP);
      }
    }
    for (const k of [...this.workers.keys()]) if (k.startsWith(`${uid}/`) && !want.has(k)) this.stopWorker(k);
  }

  removePod(uid: string): void {
    for (const k of [...this.workers.keys()]) if (k.startsWith(`${uid}/`)) this.stopWorker(k);
  }

  stopAll(): void {
    for (const k of [...this.workers.keys()]) this.stopWorker(k);
  }

  private stopWorker(k: string): void {
    const w = this.workers.get(k);
    if (!w) return;
    w.stopped = true;
    if (w.timer) clearTimeout(w.timer);
    this.workers.delete(k);
  }

  private result(uid: string, name: string, kind: ProbeKind, containerId: string): Worker | undefined {
    const w = this.workers.get(this.key(uid, name, kind));
    return w && w.containerId === containerId ? w : undefined;
  }

  /** Started: the startup probe succeeded, or there is none. */
  started(pod: Pod, rec: ContainerRecord, spec: Container): boolean {
    if (this.runtime.simulateProbe) return this.runtime.simulateProbe(pod, spec, 'startup') ?? true;
    if (!spec.startupProbe) return true;
    return this.result(pod.metadata.uid!, spec.name, 'startup', rec.id)?.result ?? false;
  }

  ready(pod: Pod, rec: ContainerRecord, spec: Container): boolean {
    if (this.runtime.simulateProbe) return this.runtime.simulateProbe(pod, spec, 'readiness') ?? true;
    if (!spec.readinessProbe) return true;
    return this.result(pod.metadata.uid!, spec.name, 'readiness', rec.id)?.result ?? false;
  }

  /** The failure output when the liveness (or startup) probe says: restart this container. */
  shouldRestart(pod: Pod, rec: ContainerRecord, spec: Container): { kind: ProbeKind; output: string } | undefined {
    for (const kind of ['liveness', 'startup'] as const) {
      const w = this.result(pod.metadata.uid!, spec.name, kind, rec.id);
      if (w?.tripped) return { kind, output: w.lastOutput };
    }
    return undefined;
  }

  private startWorker(k: string, pod: Pod, spec: Container, rec: ContainerRecord, kind: ProbeKind, probe: Probe, podIP: string): void {
    const d = probeDefaults(probe);
    const w: Worker = {
      kind,
      containerId: rec.id,
      stopped: false,
      successes: 0,
      failures: 0,
      // Liveness starts as success, readiness and startup as failure (kubelet's initial values).
      result: kind === 'liveness',
      tripped: false,
      lastOutput: '',
    };
    this.workers.set(k, w);
    const uid = pod.metadata.uid!;
    const ref = {
      kind: 'Pod',
      apiVersion: 'v1',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid,
      fieldPath: `spec.containers{${spec.name}}`,
    };
    const started = rec.startedAt ? Date.parse(rec.startedAt) : Date.now();
    const firstDelay = Math.max(0, started + d.initialDelaySeconds * 1000 - Date.now());
    const tick = async (): Promise<void> => {
      if (w.stopped) return;
      // Liveness and readiness wait for the startup probe; startup stops once it passed.
      const startup = kind !== 'startup' ? this.workers.get(this.key(uid, spec.name, 'startup')) : undefined;
      const skip = (kind !== 'startup' && startup && !startup.result) || (kind === 'startup' && w.result) || w.tripped;
      if (!skip) {
        const out = await runProbe(probe, { runtime: this.runtime, containerId: rec.id, container: spec, podIP }, d.timeoutSeconds);
        if (w.stopped) return;
        this.observe(w, out.ok, out.output, d, () => {
          void this.recorder?.event(ref, 'Warning', 'Unhealthy', `${KIND_TEXT[kind]} probe failed: ${out.output}`);
        });
        if (w.tripped || w.changed) {
          w.changed = false;
          this.onChange(uid);
        }
      }
      if (!w.stopped) {
        w.timer = setTimeout(() => void tick(), d.periodSeconds * 1000);
        w.timer.unref?.();
      }
    };
    w.timer = setTimeout(() => void tick(), firstDelay);
    w.timer.unref?.();
  }

  private observe(
    w: Worker,
    ok: boolean,
    output: string,
    d: ReturnType<typeof probeDefaults>,
    onFailure: () => void,
  ): void {
    w.lastOutput = output;
    if (ok) {
      w.failures = 0;
      w.successes++;
      if (!w.result && w.successes >= (w.kind === 'readiness' ? d.successThreshold : 1)) {
        w.result = true;
        w.changed = true;
      }
      return;
    }
    onFailure();
    w.successes = 0;
    w.failures++;
    if (w.failures >= d.failureThreshold) {
      if (w.result) w.changed = true;
      w.result = false;
      if (w.kind !== 'readiness') w.tripped = true;
    }
  }
}
