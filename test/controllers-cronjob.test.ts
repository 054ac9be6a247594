// CronJob controller: a missed schedule fires at once when the CronJob is resumed; the Job
// is named <cronjob>-<minutes since epoch> and tracked in status until it completes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { CronJob, Job } from '@mk/api';
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
    // One Job: the missed run, not one per minute.
    expect((await c.client.list<Job>('jobs.batch', { namespace: NS })).items.filter((j) => j.metadata.name?.startsWith('tick-'))).toHaveLength(1);
  });
});
