import { describe, it, expect } from 'vitest';
import { explainScheduling, type SchedulingExplanation } from '../explain.js';
import { makeNode, makePod } from '../testing.js';
import { brokenLinear } from './noderesources.js';
import { numFeasibleNodesToFind, selectHost } from '../schedule.js';
import { NodeInfo } from '../framework/nodeinfo.js';

function score(r: SchedulingExplanation, node: string, plugin: string) {
  const s = r.nodes.find((n) => n.node === node)?.scores?.find((x) => x.plugin === plugin);
  return s && { raw: s.raw, normalized: s.normalized, weighted: s.weighted };
}

describe('NodeResourcesFit score', () => {
  const nodes = [makeNode('n1', { cpu: '4', memory: '10000' }), makeNode('n2', { cpu: '6', memory: '10000' })];
  const pod = makePod('p', { cpu: '3', memory: '5000' });
  it('LeastAllocated (default): free fraction averaged over cpu and memory', () => {
    const r = explainScheduling(pod, nodes, []);
    expect(score(r, 'n1', 'NodeResourcesFit')).toEqual({ raw: 37, normalized: 37, weighted: 37 });
    expect(score(r, 'n2', 'NodeResourcesFit')?.raw).toBe(50);
  });
  it('MostAllocated by configuration', () => {
    const config = {
      profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }],
    };
    const r = explainScheduling(pod, nodes, [], { config });
    expect(score(r, 'n1', 'NodeResourcesFit')?.raw).toBe(62); // (75 + 50) / 2
    expect(score(r, 'n2', 'NodeResourcesFit')?.raw).toBe(50);
  });
  it('RequestedToCapacityRatio with a shape', () => {
    const config = {
      profiles: [
        {
          pluginConfig: [
            {
              name: 'NodeResourcesFit',
              args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } },
            },
          ],
        },
      ],
    };
    const r = explainScheduling(pod, nodes, [], { config });
    expect(score(r, 'n1', 'NodeResourcesFit')?.raw).toBe(63); // round((75 + 50) / 2)
  });
  it('broken linear function', () => {
    const f = brokenLinear([{ utilization: 10, score: 10 }, { utilization: 30, score: 50 }, { utilization: 70, score: 20 }]);
    expect([0, 10, 20, 30, 50, 70, 100].map(f)).toEqual([10, 10, 30, 50, 35, 20, 20]);
  });
  it('counts unset requests as 100m cpu / 200Mi for scoring only', () => {
    const r = explainScheduling(makePod('p'), [makeNode('n1', { cpu: '1', memory: '1000Mi' })], []);
    expect(score(r, 'n1', 'NodeResourcesFit')?.raw).toBe(85); // cpu 90, memory 80
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('scores 1 - std of the fractions', () => {
    const nodes = [makeNode('n1', { cpu: '4', memory: '10000' }), makeNode('n2', { cpu: '6', memory: '10000' })];
    const r = explainScheduling(makePod('p', { cpu: '3', memory: '5000' }), nodes, []);
    expect(score(r, 'n1', 'NodeResourcesBalancedAllocation')?.raw).toBe(87);
    expect(score(r, 'n2', 'NodeResourcesBalancedAllocation')?.raw).toBe(100);
  });
});

describe('TaintToleration score', () => {
  it('fewer untolerated PreferNoSchedule taints score higher', () => {
    const nodes = [
      makeNode('n0'),
      makeNode('n1', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
      makeNode('n2', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }] }),
    ];
    const r = explainScheduling(makePod('p'), nodes, []);
    expect(['n0', 'n1', 'n2'].map((n) => score(r, n, 'TaintToleration'))).toEqual([
      { raw: 0, normalized: 100, weighted: 300 },
      { raw: 1, normalized: 50, weighted: 150 },
      { raw: 2, normalized: 0, weighted: 0 },
    ]);
  });
  it('a tolerated PreferNoSchedule taint does not count', () => {
    const nodes = [makeNode('n0'), makeNode('n1', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] })];
    const r = explainScheduling(makePod('p', { tolerations: [{ key: 'a', operator: 'Exists' }] }), nodes, []);
    expect(score(r, 'n1', 'TaintToleration')?.normalized).toBe(100);
  });
});

describe('NodeAffinity preferred terms', () => {
  const pod = makePod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 60, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['foo'] }] } },
          { weight: 30, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } },
        ],
      },
    },
  });
  it('sums the weights of matching terms, normalised to the best node', () => {
    const nodes = [makeNode('both', { labels: { zone: 'foo', ssd: 'true' } }), makeNode('zone', { labels: { zone: 'foo' } }), makeNode('none')];
    const r = explainScheduling(pod, nodes, []);
    expect(score(r, 'both', 'NodeAffinity')).toEqual({ raw: 90, normalized: 100, weighted: 200 });
    expect(score(r, 'zone', 'NodeAffinity')?.normalized).toBe(66);
    expect(score(r, 'none', 'NodeAffinity')?.normalized).toBe(0);
    expect(r.selectedNode).toBe('both');
  });
});

describe('ImageLocality', () => {
  it('scales the image size by the share of nodes that have it', () => {
    const img = { names: ['nginx:1.25'], sizeBytes: 500 * 1024 * 1024 };
    const nodes = [makeNode('with', { images: [img] }), makeNode('without')];
    const pod = makePod('p');
    pod.spec!.containers[0].image = 'nginx:1.25';
    const r = explainScheduling(pod, nodes, []);
    expect(score(r, 'with', 'ImageLocality')?.raw).toBe(23);
    expect(score(r, 'without', 'ImageLocality')?.raw).toBe(0);
  });
});

describe('selection', () => {
  it('numFeasibleNodesToFind: adaptive percentage', () => {
    expect(numFeasibleNodesToFind(undefined, 50)).toBe(50);
    expect(numFeasibleNodesToFind(undefined, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(undefined, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(undefined, 6000)).toBe(300);
    expect(numFeasibleNodesToFind(1, 5000)).toBe(100);
    expect(numFeasibleNodesToFind(50, 5000)).toBe(2500);
  });
  it('picks among tied best nodes at random', () => {
    const nodes = ['a', 'b', 'c'].map((n) => new NodeInfo(n));
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(selectHost(nodes, [5, 7, 7], Math.random));
    expect([...seen].sort()).toEqual(['b', 'c']);
  });
});
