// Leader election on a real Lease: exactly one of two candidates leads, and the other takes
// over when the leader stops (after the lease expires, or at once when it releases it).
import { describe, it, expect } from 'vitest';
import { useApiServer, until } from './client-helpers.js';
import { KubeClient, LeaderElector, silentLogger, type Lease } from '@mk/client';

const api = useApiServer('client-le');

interface Candidate {
  elector: LeaderElector;
  started: number;
  stopped: number;
  done: Promise<void>;
}

function candidate(name: string, identity: string, releaseOnCancel: boolean): Candidate {
  const c: Partial<Candidate> = { started: 0, stopped: 0 };
  c.elector = new LeaderElector(api.client, {
    namespace: 'kube-system',
    name,
    identity,
    // Short periods so the test runs in seconds; the ratios are client-go's defaults.
    leaseDurationSeconds: 2,
    renewDeadlineSeconds: 1.5,
    retryPeriodSeconds: 0.2,
    releaseOnCancel,
    onStartedLeading: () => c.started!++,
    onStoppedLeading: () => c.stopped!++,
    logger: silentLogger,
  });
  c.done = c.elector.run();
  return c as Candidate;
}

async function lease(name: string): Promise<Lease> {
  return api.client.get<Lease>('leases.coordination.k8s.io', 'kube-system', name);
}

/** Wait for the holder to renew n more times: the other candidate has had its chances meanwhile. */
async function renewals(name: string, n: number): Promise<void> {
  let last = (await lease(name)).spec?.renewTime;
  for (let seen = 0; seen < n; ) {
    await new Promise((r) => setTimeout(r, 20));
    const t = (await lease(name)).spec?.renewTime;
    if (t !== last) {
      seen++;
      last = t;
    }
  }
}

describe('LeaderElector', () => {
  it('lets exactly one of two candidates lead; the other takes over when the lease expires', async () => {
    const a = candidate('sched', 'a', false);
    const b = candidate('sched', 'b', false);
    try {
      await until(() => a.elector.isLeader() || b.elector.isLeader());
      await renewals('sched', 5);
      expect([a.elector.isLeader(), b.elector.isLeader()].filter(Boolean)).toHaveLength(1);
      const [leader, follower] = a.elector.isLeader() ? [a, b] : [b, a];
      const l = await lease('sched');
      expect(l.spec?.holderIdentity).toBe(leader === a ? 'a' : 'b');
      expect(l.spec?.leaseDurationSeconds).toBe(2);
      expect(l.spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(follower.elector.getLeader()).toBe(l.spec?.holderIdentity);
      expect(follower.started).toBe(0);
      const transitions = l.spec?.leaseTransitions ?? 0;

      await leader.elector.stop();
      expect(leader.stopped).toBe(1);
      await until(() => follower.elector.isLeader());
      expect(follower.started).toBe(1);
      const after = await lease('sched');
      expect(after.spec?.holderIdentity).toBe(follower === a ? 'a' : 'b');
      expect(after.spec?.leaseTransitions).toBe(transitions + 1);
    } finally {
      await Promise.all([a.elector.stop(), b.elector.stop()]);
    }
  });

  it('hands over at once when the leader releases the lease on stop', async () => {
    const a = candidate('ctrl', 'a', true);
    await until(() => a.elector.isLeader());
    const b = candidate('ctrl', 'b', true);
    try {
      await renewals('ctrl', 3);
      expect(b.elector.isLeader()).toBe(false);
      await a.elector.stop();
      await a.done;
      expect(a.elector.isLeader()).toBe(false);
      expect(a.stopped).toBe(1);
      await until(() => b.elector.isLeader());
      expect((await lease('ctrl')).spec?.holderIdentity).toBe('b');
    } finally {
      await b.elector.stop();
    }
    // Released: nobody holds it now.
    expect((await lease('ctrl')).spec?.holderIdentity ?? '').toBe('');
  });
});
