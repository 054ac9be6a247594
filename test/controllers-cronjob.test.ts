// CronJob controller: a missed schedule fires at once when the CronJob is resumed; the Job
// is named <cronjob>-<minutes since epoch> and tracked in status until it completes.
// concurrencyPolicy, startingDeadlineSeconds, suspend, the history limits and spec.timeZone
// are driven without waiting for real minutes: the CronJob is created suspended, its
// status.lastScheduleTime is patched into the past, then it is resumed. A Job "still running
// from the CronJob" is made as `kubectl create job --from=cronjob/NAME` makes one: owned by it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { CronJob, Job } from '@mk/api';
import { isNotFound, type CoreEvent } from '@mk/client';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({
    controllers: ['cronjob', 'job'],
  });
});
afterAll(async () => {
  await c?.close();
});

describe('CronJob controller', () => {
  it('fires on schedule: the most recent missed time runs when resumed, and completion is recorded', async () => {
    // Hourly, at the minute two minutes ago: one missed run to catch up on, the next an hour away.
    const minute = new Date(Date.now() - 2 * 60_000).getUTCMinutes();
    await c.client.create<CronJob>('cronjobs.batch', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: NS },
      spec: {
        schedule: `${minute} * * * *`,
        timeZone: 'Etc/UTC',
        suspend: true,
        jobTemplate: { spec: { template: { metadata: { annotations: { 'sim.mk.io/exit-code': '0' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } } } },
      },
    });
    // As if the last run was three minutes ago: the controller has missed schedules to catch up on.
    const threeMinutesAgo = new Date(Date.now() - 3 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await c.client.patch('cronjobs.batch', NS, 'tick', { status: { lastScheduleTime: threeMinutesAgo } }, 'merge', { subresource: 'status' });
    await c.client.patch('cronjobs.batch', NS, 'tick', { spec: { suspend: false } });

    const job = await until(async () => (await c.client.list<Job>('jobs.batch', { namespace: NS })).items.find((j) => j.metadata.name?.startsWith('tick-')));
    const minutes = Number(job.metadata.name!.slice('tick-'.length));
    const scheduled = minutes * 60_000;
    expect(Date.now() - scheduled).toBeLessThan(3 * 60_000);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(new Date(scheduled).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });

    const cj = await until(async () => {
      const x = await c.client.get<CronJob>('cronjobs.batch', NS, 'tick');
      return x.status?.lastSuccessfulTime ? x : undefined;
    });
    expect(Date.parse(cj.status!.lastScheduleTime!)).toBe(scheduled);
    expect(cj.status?.active ?? []).toEqual([]);
    await until(async () => (await eventsFor('tick')).find((e) => e.reason === 'SawCompletedJob' && e.message === `Saw completed job: ${job.metadata.name}, condition: Complete`));
    // One Job: the missed run, not one per minute.
    expect((await c.client.list<Job>('jobs.batch', { namespace: NS })).items.filter((j) => j.metadata.name?.startsWith('tick-'))).toHaveLength(1);
  });

  it('concurrencyPolicy Forbid: no new run while a Job from the CronJob is still active', async () => {
    await createSuspended('forbid', { concurrencyPolicy: 'Forbid' });
    const running = await createOwnedJob('forbid', 'forbid-manual', { 'sim.mk.io/exit-code': '0', 'sim.mk.io/run-seconds': '600' });
    await untilActive('forbid', 1);
    await resumeWithMissedRun('forbid');
    await until(async () => (await eventsFor('forbid')).find((e) => e.reason === 'JobAlreadyActive'));
    const jobs = await jobsOf('forbid');
    expect(jobs.map((j) => j.metadata.name)).toEqual(['forbid-manual']);
    const cj = await until(async () => {
      const x = await c.client.get<CronJob>('cronjobs.batch', NS, 'forbid');
      return x.status?.active?.length ? x : undefined;
    });
    expect(cj.status!.active!.map((r) => r.uid)).toEqual([running.metadata.uid]);
    // The skipped time is not recorded as scheduled.
    expect(cj.status?.lastScheduleTime).toBe(threeMinutesAgo);
  });

  it('concurrencyPolicy Replace: the active Job is deleted and a new one created', async () => {
    await createSuspended('replace', { concurrencyPolicy: 'Replace' });
    const old = await createOwnedJob('replace', 'replace-manual', { 'sim.mk.io/exit-code': '0', 'sim.mk.io/run-seconds': '600' });
    await untilActive('replace', 1);
    await resumeWithMissedRun('replace');
    const fresh = await until(async () => (await jobsOf('replace')).find((j) => /^replace-\d+$/.test(j.metadata.name!)));
    await until(async () => {
      const j = await c.client.get<Job>('jobs.batch', NS, 'replace-manual').catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      return !j || j.metadata.uid !== old.metadata.uid || !!j.metadata.deletionTimestamp;
    });
    const cj = await until(async () => {
      const x = await c.client.get<CronJob>('cronjobs.batch', NS, 'replace');
      return x.status?.active?.length === 1 && x.status.active[0].uid === fresh.metadata.uid ? x : undefined;
    });
    expect(cj.status!.active![0].name).toBe(fresh.metadata.name);
    await until(async () => (await eventsFor('replace')).some((e) => e.reason === 'SuccessfulDelete' && e.message === 'Deleted job replace-manual'));
  });

  it('concurrencyPolicy Allow (the default): the new run starts beside the active one', async () => {
    await createSuspended('allow', {});
    const old = await createOwnedJob('allow', 'allow-manual', { 'sim.mk.io/exit-code': '0', 'sim.mk.io/run-seconds': '600' });
    await untilActive('allow', 1);
    await resumeWithMissedRun('allow');
    const fresh = await until(async () => (await jobsOf('allow')).find((j) => /^allow-\d+$/.test(j.metadata.name!)));
    const cj = await until(async () => {
      const x = await c.client.get<CronJob>('cronjobs.batch', NS, 'allow');
      return x.status?.active?.length === 2 ? x : undefined;
    });
    expect(cj.status!.active!.map((r) => r.uid).sort()).toEqual([old.metadata.uid, fresh.metadata.uid].sort());
    expect((await c.client.get<Job>('jobs.batch', NS, 'allow-manual')).metadata.deletionTimestamp).toBeUndefined();
  });

  it('suspend: no Job while suspended, the missed run starts once resumed', async () => {
    await createSuspended('paused', {});
    await c.client.patch('cronjobs.batch', NS, 'paused', { status: { lastScheduleTime: threeMinutesAgo } }, 'merge', { subresource: 'status' });
    // A twin that is resumed shows the controller has caught up on the same missed time.
    await createSuspended('paused-twin', {});
    await resumeWithMissedRun('paused-twin');
    await until(async () => (await jobsOf('paused-twin')).length > 0);
    await settle();
    expect(await jobsOf('paused')).toEqual([]);
    expect((await c.client.get<CronJob>('cronjobs.batch', NS, 'paused')).status?.active ?? []).toEqual([]);

    await c.client.patch('cronjobs.batch', NS, 'paused', { spec: { suspend: false } });
    await until(async () => (await jobsOf('paused')).length > 0);
  });

  it('startingDeadlineSeconds: a missed time older than the deadline is not run', async () => {
    // Hourly, five minutes ago; the last run ten minutes ago.
    const fiveAgo = new Date(Date.now() - 5 * 60_000);
    const schedule = `${fiveAgo.getUTCMinutes()} * * * *`;
    const tenAgo = new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await createSuspended('late', { schedule, startingDeadlineSeconds: 60 });
    await createSuspended('late-ok', { schedule, startingDeadlineSeconds: 3600 });
    for (const name of ['late', 'late-ok']) {
      await c.client.patch('cronjobs.batch', NS, name, { status: { lastScheduleTime: tenAgo } }, 'merge', { subresource: 'status' });
      await c.client.patch('cronjobs.batch', NS, name, { spec: { suspend: false } });
    }
    // Within a one-hour deadline the same missed time runs; within one minute it does not.
    const ok = await until(async () => (await jobsOf('late-ok'))[0]);
    expect(Date.parse(ok.metadata.annotations![SCHEDULED])).toBe(Math.floor(fiveAgo.getTime() / 60_000) * 60_000);
    await settle();
    expect(await jobsOf('late')).toEqual([]);
    expect((await c.client.get<CronJob>('cronjobs.batch', NS, 'late')).status?.lastScheduleTime).toBe(tenAgo);
  });

  it('history limits: finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit are deleted, oldest first', async () => {
    await createSuspended('hist', { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 });
    // One at a time, so each finishes (and starts) after the one before.
    for (const [name, code] of [
      ['hist-a', '0'],
      ['hist-b', '1'],
      ['hist-c', '0'],
      ['hist-d', '1'],
      ['hist-e', '0'],
    ] as const) {
      await createOwnedJob('hist', name, { 'sim.mk.io/exit-code': code }, 0);
      await until(async () => {
        const j = await c.client.get<Job>('jobs.batch', NS, name).catch(() => undefined);
        return !j || j.status?.conditions?.some((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
      });
    }
    const left = await until(async () => {
      const names = (await jobsOf('hist')).filter((j) => !j.metadata.deletionTimestamp).map((j) => j.metadata.name!).sort();
      return names.length === 2 ? names : undefined;
    });
    expect(left).toEqual(['hist-d', 'hist-e']);
    // Events are recorded asynchronously.
    const deleted = await until(async () => {
      const msgs = (await eventsFor('hist')).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message!).sort();
      return msgs.length >= 3 ? msgs : undefined;
    });
    expect(deleted).toEqual(['Deleted job hist-a', 'Deleted job hist-b', 'Deleted job hist-c']);
  });

  it('spec.timeZone: the schedule is read as wall-clock time in that zone', async () => {
    // Daily at the Shanghai wall-clock time of two minutes ago: due in Asia/Shanghai, not in UTC.
    const twoAgo = new Date(Date.now() - 2 * 60_000);
    const shanghai = new Date(twoAgo.getTime() + 8 * 3600_000); // UTC+8, no DST
    const schedule = `${shanghai.getUTCMinutes()} ${shanghai.getUTCHours()} * * *`;
    await createSuspended('tz-shanghai', { schedule, timeZone: 'Asia/Shanghai' });
    await createSuspended('tz-utc', { schedule, timeZone: 'Etc/UTC' });
    for (const name of ['tz-utc', 'tz-shanghai']) await resumeWithMissedRun(name);
    const job = await until(async () => (await jobsOf('tz-shanghai'))[0]);
    expect(Date.parse(job.metadata.annotations![SCHEDULED])).toBe(Math.floor(twoAgo.getTime() / 60_000) * 60_000);
    await settle();
    expect(await jobsOf('tz-utc')).toEqual([]);
  });

  it('an unknown spec.timeZone is refused: no Job, and a Warning says why', async () => {
    const bad = cronJob('tz-bad', { timeZone: 'Mars/Olympus', suspend: false });
    const created = await c.client.create<CronJob>('cronjobs.batch', bad).then(
      () => true,
      (err: unknown) => {
        // Kubernetes' apiserver rejects it at validation; accept that too.
        expect(String((err as Error).message)).toContain('unknown time zone Mars/Olympus');
        return false;
      },
    );
    if (!created) return;
    const ev = await until(async () => (await eventsFor('tz-bad')).find((e) => e.reason === 'UnknownTimeZone'));
    expect(ev.type).toBe('Warning');
    expect(ev.message).toBe('invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus');
    expect(await jobsOf('tz-bad')).toEqual([]);
  });
});

const SCHEDULED = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const threeMinutesAgo = new Date(Date.now() - 3 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function cronJob(name: string, spec: Partial<NonNullable<CronJob['spec']>>): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: NS },
    spec: {
      // Every minute: resumed with a lastScheduleTime in the past, the current minute is due.
      schedule: '* * * * *',
      timeZone: 'Etc/UTC',
      suspend: true,
      jobTemplate: {
        spec: {
          backoffLimit: 0,
          template: { metadata: { annotations: { 'sim.mk.io/exit-code': '0', 'sim.mk.io/run-seconds': '600' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } },
        },
      },
      ...spec,
    },
  };
}

const createSuspended = (name: string, spec: Partial<NonNullable<CronJob['spec']>>): Promise<CronJob> => c.client.create<CronJob>('cronjobs.batch', cronJob(name, spec));

/** As if the last run was three minutes ago, then resumed: the controller has a missed time to run. */
async function resumeWithMissedRun(name: string): Promise<void> {
  await c.client.patch('cronjobs.batch', NS, name, { status: { lastScheduleTime: threeMinutesAgo } }, 'merge', { subresource: 'status' });
  await c.client.patch('cronjobs.batch', NS, name, { spec: { suspend: false } });
}

/** A Job owned by the CronJob, as `kubectl create job NAME --from=cronjob/CRONJOB` makes it. */
async function createOwnedJob(cronJobName: string, name: string, annotations: Record<string, string>, backoffLimit = 6): Promise<Job> {
  const cj = await c.client.get<CronJob>('cronjobs.batch', NS, cronJobName);
  const spec = structuredClone(cj.spec!.jobTemplate.spec!);
  spec.backoffLimit = backoffLimit;
  spec.template.metadata = { ...spec.template.metadata, annotations };
  return c.client.create<Job>('jobs.batch', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: NS,
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJobName, uid: cj.metadata.uid!, controller: true }],
    },
    spec,
  });
}

/** The controller has seen n active Jobs (so it decides the next run knowing of them). */
async function untilActive(name: string, n: number): Promise<void> {
  await until(async () => (await c.client.get<CronJob>('cronjobs.batch', NS, name)).status?.active?.length === n);
}

async function jobsOf(cronJobName: string): Promise<Job[]> {
  const cj = await c.client.get<CronJob>('cronjobs.batch', NS, cronJobName);
  return (await c.client.list<Job>('jobs.batch', { namespace: NS })).items.filter((j) => j.metadata.ownerReferences?.some((r) => r.uid === cj.metadata.uid));
}

async function eventsFor(name: string): Promise<CoreEvent[]> {
  return (await c.client.list<CoreEvent>('events', { namespace: NS })).items.filter((e) => e.involvedObject.kind === 'CronJob' && e.involvedObject.name === name);
}

/** Negative checks: give the controller time to have acted, had it been going to. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 1500));
