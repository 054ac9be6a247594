import { describe, it, expect } from 'vitest';
import { explainScheduling } from '../explain.js';
import { makeNode, makePod } from '../testing.js';
import type { PodAffinityTerm, Pod } from '../framework/types.js';

const host = 'kubernetes.io/hostname';
const zone = 'topology.kubernetes.io/zone';
const term = (labels: Record<string, string>, topologyKey = host, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});
const rejected = (r: ReturnType<typeof explainScheduling>) => Object.fromEntries(r.nodes.filter((n) => n.filter).map((n) => [n.node, n.filter!.reasons[0]]));

describe('InterPodAffinity required', () => {
  const nodes = [makeNode('n1', { labels: { [zone]: 'a' } }), makeNode('n2', { labels: { [zone]: 'a' } }), makeNode('n3', { labels: { [zone]: 'b' } })];
  it('affinity puts the pod next to the pod it selects', () => {
    const s1 = makePod('s1', { nodeName: 'n2', labels: { security: 'S1' } });
    const pod = makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ security: 'S1' })] } } });
    const r = explainScheduling(pod, nodes, [s1]);
    expect(r.selectedNode).toBe('n2');
    expect(rejected(r)).toEqual({ n1: "node(s) didn't match pod affinity rules", n3: "node(s) didn't match pod affinity rules" });
  });
  it('a topology key no node carries leaves the pod pending', () => {
    const s1 = makePod('s1', { nodeName: 'n2', labels: { security: 'S1' } });
    const pod = makePod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ security: 'S1' }, 'rack')] } } });
    const r = explainScheduling(pod, nodes, [s1]);
    expect(r.selectedNode).toBeUndefined();
    expect(r.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });
  it('the first pod of a group with affinity to itself can go anywhere', () => {
    const pod = makePod('p', { labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, zone)] } } });
    expect(explainScheduling(pod, nodes, []).selectedNode).toBeDefined();
  });
  it('anti-affinity keeps the pod out of the zone of the pods it selects', () => {
    const db = makePod('db', { nodeName: 'n1', labels: { app: 'db' } });
    const pod = makePod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, zone)] } } });
    const r = explainScheduling(pod, nodes, [db]);
    expect(rejected(r)).toEqual({ n1: "node(s) didn't match pod anti-affinity rules", n2: "node(s) didn't match pod anti-affinity rules" });
    expect(r.selectedNode).toBe('n3');
  });
  it("an existing pod's anti-affinity blocks a new pod that has none (symmetry)", () => {
    const existing = makePod('e', { nodeName: 'n1', labels: { app: 'x' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' })] } } });
    const pod = makePod('p', { labels: { app: 'web' } });
    const r = explainScheduling(pod, nodes, [existing]);
    expect(rejected(r)).toEqual({ n1: "node(s) didn't satisfy existing pods anti-affinity rules" });
  });
  it('terms select pods of their own namespace unless told otherwise', () => {
    const other = makePod('db', { namespace: 'prod', nodeName: 'n1', labels: { app: 'db' } });
    const anti = (t: PodAffinityTerm): Pod => makePod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } } });
    expect(rejected(explainScheduling(anti(term({ app: 'db' })), nodes, [other]))).toEqual({});
    expect(rejected(explainScheduling(anti(term({ app: 'db' }, host, { namespaces: ['prod'] })), nodes, [other]))).toEqual({
      n1: "node(s) didn't match pod anti-affinity rules",
    });
    expect(rejected(explainScheduling(anti(term({ app: 'db' }, host, { namespaceSelector: {} })), nodes, [other]))).toEqual({
      n1: "node(s) didn't match pod anti-affinity rules",
    });
    const bySelector = anti(term({ app: 'db' }, host, { namespaceSelector: { matchLabels: { env: 'prod' } } }));
    expect(rejected(explainScheduling(bySelector, nodes, [other], { namespaceLabels: { prod: { env: 'prod' } } }))).toEqual({
      n1: "node(s) didn't match pod anti-affinity rules",
    });
    expect(rejected(explainScheduling(bySelector, nodes, [other], { namespaceLabels: { prod: { env: 'staging' } } }))).toEqual({});
  });
});

describe('InterPodAffinity preferred', () => {
  it('scores topology domains by the weights of matching terms', () => {
    const nodes = [makeNode('n1', { labels: { [zone]: 'a' } }), makeNode('n2', { labels: { [zone]: 'b' } })];
    const cache = makePod('c', { nodeName: 'n2', labels: { app: 'cache' } });
    const pod = makePod('p', {
      affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term({ app: 'cache' }, zone) }] } },
    });
    const r = explainScheduling(pod, nodes, [cache]);
    const ipa = (n: string) => r.nodes.find((x) => x.node === n)!.scores!.find((s) => s.plugin === 'InterPodAffinity');
    expect(ipa('n2')).toMatchObject({ raw: 50, normalized: 100, weighted: 200 });
    expect(ipa('n1')).toMatchObject({ raw: 0, normalized: 0 });
    expect(r.selectedNode).toBe('n2');
  });
});

describe('PodTopologySpread', () => {
  const zones = ['a', 'a', 'b', 'b', 'c'];
  const nodes = zones.map((z, i) => makeNode(`n${i}`, { labels: { [zone]: z } }));
  const spread = (extra: object = {}) => ({
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra }],
  });
  const web = (name: string, node: string) => makePod(name, { nodeName: node, labels: { app: 'web' } });

  it('rejects domains whose count would exceed maxSkew above the minimum', () => {
    const r = explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread() }), nodes, [web('w1', 'n0'), web('w2', 'n2')]);
    expect(rejected(r)).toEqual({
      n0: "node(s) didn't match pod topology spread constraints",
      n1: "node(s) didn't match pod topology spread constraints",
      n2: "node(s) didn't match pod topology spread constraints",
      n3: "node(s) didn't match pod topology spread constraints",
    });
    expect(r.selectedNode).toBe('n4');
  });
  it('a node without the topology key is unresolvable', () => {
    const r = explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread() }), [makeNode('bare')], []);
    expect(r.nodes[0].filter?.reasons).toEqual(["node(s) didn't match pod topology spread constraints (missing required label)"]);
  });
  it('maxSkew is counted only over domains that pass nodeAffinityPolicy', () => {
    // Zone c is excluded by the pod's node affinity; a and b hold one pod each.
    const pods = [web('w1', 'n0'), web('w2', 'n2')];
    const notC = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: zone, operator: 'NotIn', values: ['c'] }] }] } } } };
    const honor = explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread(), ...notC }), nodes, pods);
    expect(honor.selectedNode).toMatch(/^n[0-3]$/);
    const ignore = explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread({ nodeAffinityPolicy: 'Ignore' }), ...notC }), nodes, pods);
    expect(ignore.selectedNode).toBeUndefined();
    expect(ignore.message).toMatch(/^0\/5 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector, 4 node\(s\) didn't match pod topology spread constraints\./);
  });
  it('nodeTaintsPolicy Honor leaves out domains of tainted nodes', () => {
    const ns = [makeNode('x', { labels: { [zone]: 'a' } }), makeNode('y', { labels: { [zone]: 'b' }, taints: [{ key: 'k', effect: 'NoSchedule' }] })];
    const pods = [web('w1', 'x')];
    expect(explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread() }), ns, pods).selectedNode).toBeUndefined();
    expect(explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread({ nodeTaintsPolicy: 'Honor' }) }), ns, pods).selectedNode).toBe('x');
  });
  it('minDomains: with fewer domains the global minimum is 0', () => {
    const ns = [makeNode('x', { labels: { [zone]: 'a' } }), makeNode('y', { labels: { [zone]: 'b' } })];
    const pods = [web('w1', 'x'), web('w2', 'y')];
    expect(explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread() }), ns, pods).selectedNode).toBeDefined();
    expect(explainScheduling(makePod('p', { labels: { app: 'web' }, ...spread({ minDomains: 3 }) }), ns, pods).selectedNode).toBeUndefined();
  });
  it('ScheduleAnyway prefers the emptier domain', () => {
    const ns = [makeNode('x', { labels: { [zone]: 'a' } }), makeNode('y', { labels: { [zone]: 'b' } })];
    const soft = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }] };
    const r = explainScheduling(makePod('p', { labels: { app: 'web' }, ...soft }), ns, [web('w1', 'x'), web('w2', 'x')]);
    const pts = (n: string) => r.nodes.find((x) => x.node === n)!.scores!.find((s) => s.plugin === 'PodTopologySpread')!;
    expect(pts('y').normalized).toBeGreaterThan(pts('x').normalized);
    expect(pts('y').normalized).toBe(100);
  });
});
