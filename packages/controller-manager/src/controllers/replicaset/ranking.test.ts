import { describe, it, expect } from 'vitest';
import type { Pod } from '@mk/api';
import { podsToDelete } from './ranking.js';

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; restarts?: number; created?: string; readySince?: string } = {}): Pod {
  return {
    metadata: { name, namespace: 'default', creationTimestamp: o.created ?? '2024-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'c' }], nodeName: o.node },
    status: {
      phase: (o.phase ?? 'Running') as 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? '2024-01-01T00:00:00Z' }],
      containerStatuses: [{ name: 'c', ready: true, restartCount: o.restarts ?? 0, image: '', imageID: '' }],
    },
  };
}

const names = (ps: Pod[]): string[] => ps.map((p) => p.metadata.name!);

describe('pods to delete (Kubernetes ranking)', () => {
  it('unscheduled before scheduled, pending before running, not ready before ready', () => {
    const ps = [pod('running', { node: 'n1' }), pod('unready', { node: 'n2', ready: false }), pod('pending', { node: 'n3', phase: 'Pending', ready: false }), pod('unscheduled', { phase: 'Pending', ready: false })];
    expect(names(podsToDelete(ps, ps, 3))).toEqual(['unscheduled', 'pending', 'unready']);
  });

  it('doubled-up nodes first, then more restarts, then newer', () => {
    const a = pod('a', { node: 'n1' });
    const b = pod('b', { node: 'n1' });
    const lonely = pod('lonely', { node: 'n2', restarts: 9 });
    expect(names(podsToDelete([lonely, a, b], [lonely, a, b], 1))[0]).toMatch(/^[ab]$/);
    const restarts = [pod('few', { node: 'n1', restarts: 1 }), pod('many', { node: 'n2', restarts: 5 })];
    expect(names(podsToDelete(restarts, restarts, 1))).toEqual(['many']);
    const ages = [pod('old', { node: 'n1', created: '2024-01-01T00:00:00Z' }), pod('new', { node: 'n2', created: '2024-02-01T00:00:00Z' })];
    expect(names(podsToDelete(ages, ages, 1))).toEqual(['new']);
  });

  it('a pod ready more recently goes before one ready for longer', () => {
    const ps = [pod('long', { node: 'n1', readySince: '2024-01-01T00:00:00Z' }), pod('recent', { node: 'n2', readySince: '2024-03-01T00:00:00Z' })];
    expect(names(podsToDelete(ps, ps, 1))).toEqual(['recent']);
  });
});
