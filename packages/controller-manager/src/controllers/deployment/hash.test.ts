import { describe, it, expect } from 'vitest';
import { computeHash, safeEncodeString } from './hash.js';
import { resolveFenceposts } from './util.js';
import type { Deployment } from '@mk/api';

describe('pod-template-hash', () => {
  it('is stable, changes with the template and the collision count, and uses the safe alphabet', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const reordered = { spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { app: 'web' } } };
    expect(computeHash(t)).toBe(computeHash(reordered));
    expect(computeHash(t)).not.toBe(computeHash({ ...t, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
    expect(computeHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    // Each character of the decimal string maps through the alphabet.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('maxSurge / maxUnavailable', () => {
  const dep = (replicas: number, maxSurge: number | string, maxUnavailable: number | string): Deployment => ({
    metadata: {},
    spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } },
  });
  it('rounds surge up and unavailable down; both zero means one unavailable', () => {
    expect(resolveFenceposts(dep(10, '25%', '25%'))).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts(dep(1, '10%', '10%'))).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(dep(3, 0, 0))).toEqual({ surge: 0, unavailable: 1 });
  });
});
