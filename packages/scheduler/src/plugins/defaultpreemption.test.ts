import { describe, it, expect } from 'vitest';
import { explainScheduling } from '../explain.js';
import { makeNode, makePod } from '../testing.js';

describe('DefaultPreemption', () => {
  const nodes = [makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' })];
  it('nominates the node whose victims have the lowest priority', () => {
    const pods = [makePod('pa', { nodeName: 'a', cpu: '600m', priority: 5 }), makePod('pb', { nodeName: 'b', cpu: '600m', priority: 1 })];
    const r = explainScheduling(makePod('p', { cpu: '600m', priority: 100 }), nodes, pods);
    expect(r.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    expect(r.nominatedNodeName).toBe('b');
    expect(r.victims).toEqual(['default/pb']);
  });
  it('evicts only as many pods as needed, the least important first', () => {
    const pods = [
      makePod('low', { nodeName: 'a', cpu: '300m', priority: 1 }),
      makePod('mid', { nodeName: 'a', cpu: '300m', priority: 2 }),
      makePod('full', { nodeName: 'b', cpu: '1', priority: 200 }),
    ];
    const r = explainScheduling(makePod('p', { cpu: '500m', priority: 100 }), nodes, pods);
    expect(r.nominatedNodeName).toBe('a');
    expect(r.victims).toEqual(['default/low']);
  });
  it('respects PodDisruptionBudgets where it can', () => {
    const pods = [makePod('pa', { nodeName: 'a', cpu: '600m', labels: { app: 'guarded' } }), makePod('pb', { nodeName: 'b', cpu: '600m', labels: { app: 'free' }, priority: 3 })];
    const pdbs = [{ metadata: { name: 'g', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'guarded' } } }, status: { disruptionsAllowed: 0 } }];
    const r = explainScheduling(makePod('p', { cpu: '600m', priority: 100 }), nodes, pods, { pdbs });
    expect(r.nominatedNodeName).toBe('b');
  });
  it('does not preempt pods of equal or higher priority', () => {
    const pods = [makePod('pa', { nodeName: 'a', cpu: '600m', priority: 100 }), makePod('pb', { nodeName: 'b', cpu: '600m', priority: 100 })];
    const r = explainScheduling(makePod('p', { cpu: '600m', priority: 100 }), nodes, pods);
    expect(r.nominatedNodeName).toBeUndefined();
    expect(r.message).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  });
});
