// CronJob controller (pkg/controller/cronjob, v2): creates a Job `<cronjob>-<minutes since
// epoch>` for each scheduled time, honouring concurrencyPolicy, startingDeadlineSeconds,
// suspend and the history limits; status keeps the active Jobs and the last schedule time.
import type { CronJob, CronJobStatus, Job, KubeObject, ObjectReference } from '@mk/api';
import { isAlreadyExists, isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { canonicalJSON, clone, getControllerOf, newControllerRef } from '../../util/owner.js';
import { jobFinished } from '../job/controller.js';
import { mostRecentSince, nextAfter, parseSchedule, validateTimeZone } from './cron.js';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

function metaTime(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function jobRef(j: Job): ObjectReference {
  return { kind: 'Job', namespace: j.metadata.namespace, name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion };
}

export class CronJobController extends QueueController {
  readonly name = 'cronjob';
  private readonly cjInformer: Informer<CronJob>;
  private readonly jobInformer: Informer<Job>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.cjInformer = ctx.factory.informerFor<CronJob>('cronjobs.batch');
    this.jobInformer = ctx.factory.informerFor<Job>('jobs.batch');
    const enqueue = (o: KubeObject): void => this.queue.add(metaNamespaceKey(o));
    this.cjInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
    const jobChanged = (j: Job): void => {
      const ref = getControllerOf(j);
      if (ref?.kind !== 'CronJob') return;
      const cj = this.cjInformer.getByName(j.metadata.namespace, ref.name);
      if (cj && cj.metadata.uid === ref.uid) enqueue(cj);
    };
    this.jobInformer.addEventHandler({ onAdd: jobChanged, onUpdate: (_o, j) => jobChanged(j), onDelete: jobChanged });
  }

  protected async reconcile(key: string): Promise<void> {
    const cj = this.cjInformer.get(key);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const spec = cj.spec!;
    const tz = spec.timeZone || undefined;
    const jobs = this.jobInformer.list(cj.metadata.namespace).filter((j) => getControllerOf(j)?.uid === cj.metadata.uid);
    const status: CronJobStatus = clone(cj.status ?? {});
    const byUid = new Map(jobs.map((j) => [j.metadata.uid, j]));

    // Active: still there and not finished; finished successes move lastSuccessfulTime.
    const active: ObjectReference[] = [];
    for (const ref of status.active ?? []) {
      const j = byUid.get(ref.uid);
      const state = j && jobFinished(j);
      if (j && !state) active.push(ref);
      else if (state) void this.ctx.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${state}`);
    }
    for (const j of jobs) {
      const state = jobFinished(j);
      if (!state && !active.some((r) => r.uid === j.metadata.uid)) active.push(jobRef(j));
      if (state === 'Complete' && j.status?.completionTime && (!status.lastSuccessfulTime || j.status.completionTime > status.lastSuccessfulTime)) {
        status.lastSuccessfulTime = j.status.completionTime;
      }
    }
    status.active = active;

    let schedule;
    try {
      schedule = parseSchedule(spec.schedule);
    } catch (err) {
      void this.ctx.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(err as Error).message}`);
      return this.writeStatus(cj, status);
    }
    if (tz !== undefined) {
      try {
        validateTimeZone(tz);
      } catch {
        // As Kubernetes: no Job and no retry until the CronJob changes (Go's time.LoadLocation text).
        void this.ctx.recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
        return this.writeStatus(cj, status);
      }
    }
    const now = Date.now();
    if (!spec.suspend) {
      let earliest = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
      if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null) earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
      const { last, missed } = mostRecentSince(schedule, earliest, now, tz);
      if (missed > 100) {
        void this.ctx.recorder.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
      }
      if (last !== undefined) await this.startJob(cj, status, last, jobs);
      const next = nextAfter(schedule, now, tz);
      if (next !== undefined) this.queue.addAfter(key, next - now + 100);
    }
    await this.cleanupHistory(cj, jobs);
    await this.writeStatus(cj, status);
  }

  private async startJob(cj: CronJob, status: CronJobStatus, scheduled: number, jobs: Job[]): Promise<void> {
    const spec = cj.spec!;
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (status.active?.length ?? 0) > 0) {
      void this.ctx.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return;
    }
    if (policy === 'Replace') {
      for (const ref of status.active ?? []) {
        await this.ctx.client.delete('jobs.batch', ref.namespace, ref.name ?? '', { propagationPolicy: 'Background' }).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
        void this.ctx.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
      }
      status.active = [];
    }
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const t = spec.jobTemplate;
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}) },
        annotations: { ...(t.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: metaTime(scheduled) },
        ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
      },
      spec: clone(t.spec!),
    };
    let created: Job | undefined;
    try {
      created = await this.ctx.client.create<Job>('jobs.batch', job);
      void this.ctx.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        void this.ctx.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
        throw err;
      }
      created = jobs.find((j) => j.metadata.name === name); // made already, on an earlier sync
    }
    if (created && !jobFinished(created) && !status.active?.some((r) => r.uid === created!.metadata.uid)) status.active = [...(status.active ?? []), jobRef(created)];
    status.lastScheduleTime = metaTime(scheduled);
  }

  /** Keep successfulJobsHistoryLimit finished successes and failedJobsHistoryLimit failures. */
  private async cleanupHistory(cj: CronJob, jobs: Job[]): Promise<void> {
    const spec = cj.spec!;
    const start = (j: Job): string => j.status?.startTime ?? j.metadata.creationTimestamp ?? '';
    for (const [state, limit] of [
      ['Complete', spec.successfulJobsHistoryLimit ?? 3],
      ['Failed', spec.failedJobsHistoryLimit ?? 1],
    ] as const) {
      // Oldest first by startTime, then name (byJobStartTime): startTime has one-second precision.
      const done = jobs
        .filter((j) => jobFinished(j) === state && !j.metadata.deletionTimestamp)
        .sort((a, b) => start(a).localeCompare(start(b)) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
      for (const j of done.slice(0, Math.max(0, done.length - limit))) {
        await this.ctx.client.delete('jobs.batch', j.metadata.namespace, j.metadata.name ?? '', { propagationPolicy: 'Background' }).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
        void this.ctx.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
      }
    }
  }

  private async writeStatus(cj: CronJob, status: CronJobStatus): Promise<void> {
    if (status.active && status.active.length === 0) delete status.active;
    if (canonicalJSON(status) === canonicalJSON(cj.status ?? {})) return;
    const next = clone(cj);
    next.status = status;
    await this.ctx.client.updateStatus('cronjobs.batch', next).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
