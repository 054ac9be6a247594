import { describe, it, expect } from 'vitest';
import { SchedulerCache } from './cache.js';
import { explainOnSnapshot } from './explain.js';
import { PodInfo } from './framework/podinfo.js';
import { makeNode, makePod, makeSnapshot } from './testing.js';
import type { Node, Pod } from './framework/types.js';

const zone = 'topology.kubernetes.io/zone';
const nodes: Node[] = Array.from({ length: 9 }, (_, i) => makeNode(`n${i}`, { cpu: '2', labels: { [zone]: `z${i % 3}` } }));
const anti = (labels: Record<string, string>, key = 'kubernetes.io/hostname') => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: key }] },
});
const existing: Pod[] = [
  makePod('a0', { nodeName: 'n0', labels: { app: 'a' }, affinity: anti({ app: 'a' }) }),
  makePod('a1', { nodeName: 'n4', labels: { app: 'a' }, affinity: anti({ app: 'a' }) }),
  makePod('w0', { nodeName: 'n1', labels: { app: 'web' } }),
  makePod('w1', { nodeName: 'n1', labels: { app: 'web' } }),
  makePod('w2', { nodeName: 'n2', labels: { app: 'web' } }),
  makePod('db', { nodeName: 'n5', labels: { app: 'db' }, affinity: anti({ app: 'web' }, zone) }),
  makePod('x', { nodeName: 'n7', namespace: 'other', labels: { app: 'web' } }),
  makePod('cache', {
    nodeName: 'n8',
    labels: { app: 'cache' },
    affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: zone } }] } },
  }),
];

function cacheOf(ns: Node[], ps: Pod[]): SchedulerCache {
  const c = new SchedulerCache();
  for (const n of ns) c.addOrUpdateNode(n);
  for (const p of ps) c.addPod(p);
  return c;
}

const incoming: Pod[] = [
  makePod('p-anti', { labels: { app: 'a' }, affinity: anti({ app: 'a' }) }),
  makePod('p-web', { labels: { app: 'web' } }),
  makePod('p-anti-web-zone', { affinity: anti({ app: 'web' }, zone) }),
  makePod('p-aff', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: zone }] } } }),
  makePod('p-spread', {
    labels: { app: 'web' },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  }),
  makePod('p-pref', {
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: zone } }] } },
  }),
];

describe('SchedulerCache as a snapshot', () => {
  for (const p of incoming) {
    it(`decides ${p.metadata.name} exactly as a scan of every node does`, () => {
      const scan = explainOnSnapshot(p, makeSnapshot(nodes, existing), { random: () => 0 });
      const indexed = explainOnSnapshot(p, cacheOf(nodes, existing), { random: () => 0 });
      expect(indexed).toEqual(scan);
    });
  }

  it('keeps groups and counts right as pods come and go', () => {
    const c = cacheOf(nodes, existing);
    c.removePod(existing[0]);
    c.removePod(existing[2]);
    const rest = existing.filter((_, i) => i !== 0 && i !== 2);
    for (const p of incoming) expect(explainOnSnapshot(p, c, { random: () => 0 })).toEqual(explainOnSnapshot(p, makeSnapshot(nodes, rest), { random: () => 0 }));
  });

  it('assumed pods count until forgotten', () => {
    const c = cacheOf([makeNode('only', { cpu: '1' })], []);
    const p = makePod('big', { cpu: '800m' });
    c.assumePod(new PodInfo({ ...p, spec: { ...p.spec!, nodeName: 'only' } }), 'only');
    expect(explainOnSnapshot(makePod('next', { cpu: '800m' }), c).selectedNode).toBeUndefined();
    c.forgetPod('default/big');
    expect(explainOnSnapshot(makePod('next', { cpu: '800m' }), c).selectedNode).toBe('only');
  });

  it('relabelling a node moves its pods to the new domain', () => {
    const c = cacheOf(nodes, existing);
    const moved = makeNode('n1', { cpu: '2', labels: { [zone]: 'z2' } });
    c.addOrUpdateNode(moved);
    const ns = nodes.map((n) => (n.metadata.name === 'n1' ? moved : n));
    const p = incoming[4];
    expect(explainOnSnapshot(p, c, { random: () => 0 })).toEqual(explainOnSnapshot(p, makeSnapshot(ns, existing), { random: () => 0 }));
  });
});
