// Job controller (pkg/controller/job): runs pods until completions succeed, parallelism at
// a time; retries failures with exponential backoff up to backoffLimit; fails the Job at
// activeDeadlineSeconds; NonIndexed and Indexed completion modes; suspend.
import { labelSelectorFromObject } from '@mk/api';
import type { Job, JobCondition, JobStatus, KubeObject, Pod } from '@mk/api';
import { isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { ControllerExpectations } from '../../util/expectations.js';
import { clone, getControllerOf, newControllerRef } from '../../util/owner.js';
import { isPodReady, podKey } from '../../util/pod.js';
import { formatIndexes } from './indexes.js';
import { matchPodFailurePolicy } from './failurepolicy.js';

export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const MAX_BACKOFF_MS = 6 * 60 * 1000;

function metaNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function jobFinished(job: Job): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type as 'Complete' | 'Failed';
  return undefined;
}

function condition(type: string, reason: string, message: string): JobCondition {
  const now = metaNow();
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
}

function podIndex(p: Pod): number | undefined {
  const v = p.metadata.annotations?.[JOB_COMPLETION_INDEX];
  return v === undefined ? undefined : Number(v);
}

function finishedAt(p: Pod): number {
  let t = 0;
  for (const s of p.status?.containerStatuses ?? []) t = Math.max(t, Date.parse(s.state?.terminated?.finishedAt ?? '') || 0);
  return t || Date.parse(p.metadata.creationTimestamp ?? '') || 0;
}

export class JobController extends QueueController {
  readonly name = 'job';
  readonly expectations = new ControllerExpectations();
  private readonly jobInformer: Informer<Job>;
  private readonly podInformer: Informer<Pod>;
  private readonly backoffBaseMs: number;
  /**
   * Pods this controller deleted while active (suspend, parallelism down): they do not count
   * as succeeded or failed however they end, as Kubernetes drops their tracking finalizer first.
   */
  private readonly removed = new Set<string>();

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.backoffBaseMs = (ctx.settings.jobBackoffBaseSeconds ?? 10) * 1000;
    this.jobInformer = ctx.factory.informerFor<Job>('jobs.batch');
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    const enqueue = (o: KubeObject): void => this.queue.add(metaNamespaceKey(o));
    this.jobInformer.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_o, n) => enqueue(n),
      onDelete: (j) => {
        this.expectations.delete(metaNamespaceKey(j));
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.podEvent(p, 'add'),
      onUpdate: (_o, p) => this.podEvent(p, p.metadata.deletionTimestamp ? 'delete' : 'update'),
      onDelete: (p) => {
        this.removed.delete(p.metadata.uid ?? '');
        this.podEvent(p, 'delete');
      },
    });
  }

  private podEvent(pod: Pod, kind: 'add' | 'update' | 'delete'): void {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'Job') return;
    const job = this.jobInformer.getByName(pod.metadata.namespace, ref.name);
    if (!job || job.metadata.uid !== ref.uid) return;
    const key = metaNamespaceKey(job);
    if (kind === 'add') this.expectations.creationObserved(key);
    if (kind === 'delete') this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  protected async reconcile(key: string): Promise<void> {
    const job = this.jobInformer.get(key);
    if (!job || job.metadata.deletionTimestamp) return;
    const spec = job.spec!;
    const selector = spec.selector ? labelSelectorFromObject(spec.selector) : undefined;
    const pods = this.podInformer
      .list(job.metadata.namespace)
      .filter((p) => getControllerOf(p)?.uid === job.metadata.uid && (!selector || selector.matches(p.metadata.labels)));
    const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const counted = pods.filter((p) => !this.removed.has(p.metadata.uid ?? ''));
    const succeededPods = counted.filter((p) => p.status?.phase === 'Succeeded');
    const failedPods = counted.filter((p) => p.status?.phase === 'Failed');
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    const indexed = spec.completionMode === 'Indexed';
    const completedIndexes = new Set<number>();
    if (indexed) for (const p of succeededPods) if (podIndex(p) !== undefined) completedIndexes.add(podIndex(p)!);
    const succeeded = indexed ? completedIndexes.size : succeededPods.length;
    // Failures a podFailurePolicy Ignore rule matches are not counted (status.failed, backoffLimit).
    const ignored = failedPods.filter((p) => matchPodFailurePolicy(job, p)?.action === 'Ignore').length;
    const failed = failedPods.length - ignored;

    const status: JobStatus = clone(job.status ?? {});
    const finished = jobFinished(job);
    const now = Date.now();
    if (!finished && !spec.suspend && !status.startTime) status.startTime = metaNow();

    let newActive = active.length;
    if (!finished) {
      const backoffLimit = spec.backoffLimit ?? 6;
      const restarts = spec.template.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, s) => m + (s.restartCount ?? 0), 0), 0) : 0;
      let failure: [string, string] | undefined;
      // podFailurePolicy: a FailJob match ends the Job; Ignore'd failures do not count.
      for (const p of failedPods) {
        const m = matchPodFailurePolicy(job, p);
        if (m?.action === 'FailJob') failure ??= ['PodFailurePolicy', m.message];
      }
      if (failure) {
        // decided by the pod failure policy
      } else if (failed > backoffLimit || (restarts > 0 && restarts >= backoffLimit)) failure = ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
      else if (spec.activeDeadlineSeconds !== undefined && status.startTime && now - Date.parse(status.startTime) >= spec.activeDeadlineSeconds * 1000) {
        failure = ['DeadlineExceeded', 'Job was active longer than specified deadline'];
      }
      const completions = spec.completions;
      const complete = completions !== undefined && completions !== null ? succeeded >= completions : succeededPods.length > 0 && active.length === 0;
      if (failure) {
        await this.deletePods(key, active);
        newActive = 0;
        status.conditions = [...(status.conditions ?? []), condition('FailureTarget', failure[0], failure[1]), condition('Failed', failure[0], failure[1])];
        void this.ctx.recorder.event(job, 'Warning', failure[0], failure[1]);
      } else if (complete) {
        await this.deletePods(key, active);
        newActive = 0;
        status.conditions = [
          ...(status.conditions ?? []),
          condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
          condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
        ];
        status.completionTime = metaNow();
        void this.ctx.recorder.event(job, 'Normal', 'Completed', 'Job completed');
      } else if (spec.suspend) {
        await this.deletePods(key, active, true);
        newActive = 0;
        if (!status.conditions?.some((c) => c.type === 'Suspended' && c.status === 'True')) {
          status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'Suspended'), condition('Suspended', 'JobSuspended', 'Job suspended')];
          void this.ctx.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
        }
      } else {
        if (status.conditions?.some((c) => c.type === 'Suspended' && c.status === 'True')) {
          status.conditions = status.conditions.map((c) => (c.type === 'Suspended' ? { ...c, status: 'False' as const, reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: metaNow() } : c));
          // activeDeadlineSeconds counts time continuously active: the clock restarts on resume.
          status.startTime = metaNow();
          void this.ctx.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
        }
        if (this.expectations.satisfied(key)) newActive = await this.manage(key, job, active, failedPods, succeeded, completedIndexes);
        if (spec.activeDeadlineSeconds !== undefined && status.startTime) {
          this.queue.addAfter(key, Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 - now + 50);
        }
      }
    }
    status.active = newActive;
    status.succeeded = succeeded;
    status.failed = failed;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminating;
    if (indexed) status.completedIndexes = formatIndexes(completedIndexes);
    if (JSON.stringify(status) === JSON.stringify(job.status ?? {})) return;
    const next = clone(job);
    next.status = status;
    await this.ctx.client.updateStatus('jobs.batch', next).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  /** Start or stop pods toward min(parallelism, remaining completions). Returns the active count. */
  private async manage(key: string, job: Job, active: Pod[], failedPods: Pod[], succeeded: number, done: Set<number>): Promise<number> {
    const spec = job.spec!;
    const parallelism = spec.parallelism ?? 1;
    const completions = spec.completions;
    const want = completions === undefined || completions === null ? (succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, completions - succeeded));
    if (active.length > want) {
      const extra = [...active].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '')).slice(0, active.length - want);
      await this.deletePods(key, extra, true);
      return want;
    }
    if (active.length === want) return active.length;
    // Exponential backoff after failures: base × 2^(failures-1), at most 6 minutes.
    if (failedPods.length > 0) {
      const last = Math.max(...failedPods.map(finishedAt));
      const delay = Math.min(MAX_BACKOFF_MS, this.backoffBaseMs * 2 ** (failedPods.length - 1));
      const wait = last + delay - Date.now();
      if (wait > 0) {
        this.queue.addAfter(key, wait + 20);
        return active.length;
      }
    }
    let indexes: Array<number | undefined>;
    if (spec.completionMode === 'Indexed') {
      const running = new Set(active.map(podIndex));
      indexes = [];
      for (let i = 0; i < (completions ?? 0) && indexes.length < want - active.length; i++) if (!done.has(i) && !running.has(i)) indexes.push(i);
    } else indexes = Array.from({ length: want - active.length }, () => undefined);
    this.expectations.expectCreations(key, indexes.length);
    const results = await Promise.allSettled(indexes.map((i) => this.createPod(job, i)));
    let first: unknown;
    for (const r of results) {
      if (r.status === 'rejected') {
        this.expectations.creationObserved(key);
        first ??= r.reason;
      }
    }
    if (first) throw first;
    return active.length + indexes.length;
  }

  private async createPod(job: Job, index: number | undefined): Promise<void> {
    const t = job.spec!.template;
    const name = job.metadata.name ?? '';
    const uid = job.metadata.uid ?? '';
    const labels: Record<string, string> = {
      ...(t.metadata?.labels ?? {}),
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    };
    const annotations: Record<string, string> = { ...(t.metadata?.annotations ?? {}) };
    const spec = clone(t.spec ?? { containers: [] });
    let generateName = `${name}-`;
    if (index !== undefined) {
      labels[JOB_COMPLETION_INDEX] = String(index);
      annotations[JOB_COMPLETION_INDEX] = String(index);
      generateName = `${name}-${index}-`;
      spec.hostname ??= `${name}-${index}`;
      for (const c of spec.containers) c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } }];
    }
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName, namespace: job.metadata.namespace, labels, ownerReferences: [newControllerRef(job, 'batch/v1', 'Job')] },
      spec,
    };
    if (Object.keys(annotations).length) pod.metadata.annotations = annotations;
    const created = await this.ctx.client.create<Pod>('pods', pod);
    void this.ctx.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
  }

  /** uncounted: the pods are not to count as succeeded or failed, however they end. */
  private async deletePods(key: string, pods: Pod[], uncounted = false): Promise<void> {
    if (pods.length === 0) return;
    this.expectations.expectDeletions(key, pods.map(podKey));
    if (uncounted) for (const p of pods) this.removed.add(p.metadata.uid ?? '');
    const results = await Promise.allSettled(
      pods.map((p) => this.ctx.client.delete('pods', p.metadata.namespace, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } })),
    );
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        this.expectations.deletionObserved(key, podKey(pods[i]));
        if (!isNotFound(r.reason)) throw r.reason;
      }
    });
  }
}
