// Job controller: completions and parallelism, backoffLimit with failing pods, Indexed mode,
// ttlSecondsAfterFinished and suspend. Pods run and exit on simulated kubelets.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Job, Pod } from '@mk/api';
import { isNotFound, type CoreEvent } from '@mk/client';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({
    controllers: ['job', 'ttl-after-finished', 'garbagecollector'],
    settings: { jobBackoffBaseSeconds: 0.1 },
    // Restarted containers come back quickly.
    nodeOptions: { backoffInitialMs: 100 },
  });
});
afterAll(async () => {
  await c?.close();
});

function job(name: string, spec: Partial<NonNullable<Job['spec']>>, cmd: string): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS },
    spec: {
      template: { metadata: { labels: { job: name } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', cmd] }] } },
      ...spec,
    },
  };
}

const getJob = (name: string): Promise<Job> => c.client.get<Job>('jobs.batch', NS, name);
const jobPods = async (name: string): Promise<Pod[]> => (await c.client.list<Pod>('pods', { namespace: NS, labelSelector: `job=${name}` })).items;
const cond = (j: Job, type: string) => j.status?.conditions?.find((x) => x.type === type && x.status === 'True');

describe('Job controller', () => {
  it('runs completions pods, parallelism at a time, then reports Complete', async () => {
    await c.client.create('jobs.batch', job('ok', { completions: 3, parallelism: 2 }, 'exit 0'));
    const j = await until(async () => {
      const x = await getJob('ok');
      return cond(x, 'Complete') ? x : undefined;
    });
    expect(j.status).toMatchObject({ succeeded: 3, failed: 0, active: 0 });
    expect(cond(j, 'Complete')).toMatchObject({ reason: 'CompletionsReached' });
    expect(j.status?.completionTime).toBeTruthy();
    const pods = await jobPods('ok');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^ok-[a-z0-9]{5}$/);
      expect(p.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'ok', 'job-name': 'ok', 'batch.kubernetes.io/controller-uid': j.metadata.uid });
    }
  });

  it('a Job whose pods keep failing stops at backoffLimit and reports Failed BackoffLimitExceeded', async () => {
    await c.client.create('jobs.batch', job('bad', { backoffLimit: 2 }, 'exit 1'));
    const j = await until(async () => {
      const x = await getJob('bad');
      return cond(x, 'Failed') ? x : undefined;
    });
    expect(cond(j, 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(j.status?.failed).toBe(3);
    // No more pods after the Job failed.
    expect(await jobPods('bad')).toHaveLength(3);
  });

  it('Indexed: one pod per completion index, named <job>-<index>-<5>, completedIndexes reported', async () => {
    await c.client.create('jobs.batch', job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, 'exit 0'));
    const j = await until(async () => {
      const x = await getJob('idx');
      return cond(x, 'Complete') ? x : undefined;
    });
    expect(j.status?.completedIndexes).toBe('0-2');
    const names = (await jobPods('idx')).map((p) => p.metadata.name!).sort();
    expect(names.map((n) => n.replace(/-[a-z0-9]{5}$/, ''))).toEqual(['idx-0', 'idx-1', 'idx-2']);
  });

  it('activeDeadlineSeconds fails a Job that runs too long; ttlSecondsAfterFinished deletes it afterwards', async () => {
    await c.client.create('jobs.batch', job('slow', { activeDeadlineSeconds: 1, ttlSecondsAfterFinished: 1 }, 'sleep 1000'));
    const j = await until(async () => {
      const x = await getJob('slow');
      return cond(x, 'Failed') ? x : undefined;
    });
    expect(cond(j, 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    await until(async () => {
      try {
        await getJob('slow');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    });
  });

  it('restartPolicy OnFailure: container restarts count toward backoffLimit', async () => {
    const j0 = job('restarts', { backoffLimit: 2 }, 'exit 1');
    j0.spec!.template.spec!.restartPolicy = 'OnFailure';
    await c.client.create('jobs.batch', j0);
    // The kubelet restarts the failing container in place; the pod stays Running meanwhile.
    await until(async () => {
      const ps = (await jobPods('restarts')).filter((x) => x.status?.phase === 'Running');
      return ps.length === 1 ? ps : undefined;
    });
    const j = await until(async () => {
      const x = await getJob('restarts');
      return cond(x, 'Failed') ? x : undefined;
    });
    expect(cond(j, 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded' });
    await until(async () => (await jobPods('restarts')).every((x) => x.metadata.deletionTimestamp || x.status?.phase !== 'Running'));
  });

  it('podFailurePolicy FailJob on an exit code fails the Job at the first such failure', async () => {
    await c.client.create(
      'jobs.batch',
      job('policy', { backoffLimit: 6, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [1] } }] } }, 'exit 1'),
    );
    const j = await until(async () => {
      const x = await getJob('policy');
      return cond(x, 'Failed') ? x : undefined;
    });
    expect(cond(j, 'Failed')?.reason).toBe('PodFailurePolicy');
    expect(cond(j, 'Failed')?.message).toMatch(/^Container c for pod default\/policy-[a-z0-9]{5} failed with exit code 1 matching FailJob rule at index 0$/);
    expect(j.status?.failed).toBe(1);
  });

  it('spec.suspend: true creates no pods until it is set false; then the Job runs and completes', async () => {
    await c.client.create('jobs.batch', job('held', { suspend: true, completions: 2, parallelism: 2 }, 'exit 0'));
    const held = await until(async () => {
      const x = await getJob('held');
      return cond(x, 'Suspended') ? x : undefined;
    });
    expect(cond(held, 'Suspended')).toMatchObject({ reason: 'JobSuspended', message: 'Job suspended' });
    // A suspended Job has not started.
    expect(held.status?.startTime).toBeUndefined();
    expect(held.status?.active ?? 0).toBe(0);
    // The Job controller has synced a job created after this one: it did not skip 'held'.
    await c.client.create('jobs.batch', job('held-probe', {}, 'exit 0'));
    await until(async () => (await jobPods('held-probe')).length > 0);
    expect(await jobPods('held')).toEqual([]);

    await c.client.patch('jobs.batch', NS, 'held', { spec: { suspend: false } });
    const j = await until(async () => {
      const x = await getJob('held');
      return cond(x, 'Complete') ? x : undefined;
    });
    expect(j.status).toMatchObject({ succeeded: 2, active: 0 });
    expect(j.status?.startTime).toBeTruthy();
    expect(j.status?.conditions?.find((x) => x.type === 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(await jobPods('held')).toHaveLength(2);
  });

  it('suspending a running Job deletes its active pods without counting them as completions; resuming starts new ones', async () => {
    const j0 = job('pause', { completions: 1 }, 'exit 0');
    j0.spec!.template.metadata!.annotations = { 'sim.mk.io/run-seconds': '600' };
    await c.client.create('jobs.batch', j0);
    const first = await until(async () => (await jobPods('pause')).find((p) => p.status?.phase === 'Running'));
    await c.client.patch('jobs.batch', NS, 'pause', { spec: { suspend: true } });
    const suspended = await until(async () => {
      const x = await getJob('pause');
      return cond(x, 'Suspended') && (await jobPods('pause')).every((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || p.metadata.deletionTimestamp) ? x : undefined;
    });
    expect(suspended.status?.active ?? 0).toBe(0);
    await until(async () => (await jobPods('pause')).every((p) => p.metadata.uid !== first.metadata.uid));
    const after = await getJob('pause');
    expect(cond(after, 'Complete')).toBeUndefined();
    expect(after.status?.succeeded ?? 0).toBe(0);

    const resumedAt = Math.floor(Date.now() / 1000) * 1000;
    await c.client.patch('jobs.batch', NS, 'pause', { spec: { suspend: false } });
    const second = await until(async () => (await jobPods('pause')).find((p) => p.metadata.uid !== first.metadata.uid && !p.metadata.deletionTimestamp));
    expect(second.metadata.name).toMatch(/^pause-[a-z0-9]{5}$/);
    const resumed = await until(async () => {
      const x = await getJob('pause');
      return x.status?.active === 1 ? x : undefined;
    });
    expect(cond(resumed, 'Complete')).toBeUndefined();
    // Resuming restarts the clock activeDeadlineSeconds counts from.
    expect(Date.parse(resumed.status!.startTime!)).toBeGreaterThanOrEqual(resumedAt);
    await until(async () => {
      const reasons = (await c.client.list<CoreEvent>('events', { namespace: NS })).items.filter((e) => e.involvedObject.kind === 'Job' && e.involvedObject.name === 'pause').map((e) => e.reason);
      return reasons.includes('Suspended') && reasons.includes('Resumed');
    });
  });
});
