import { describe, it, expect } from 'vitest';
import { CycleState } from '../framework/interface.js';
import { PodInfo } from '../framework/podinfo.js';
import { makeNode, makePod, makeSnapshot } from '../testing.js';
import { explainScheduling } from '../explain.js';
import { NodeUnschedulable, NodeName } from './simple.js';
import { TaintToleration } from './tainttoleration.js';
import { NodeAffinity } from './nodeaffinity.js';
import { NodePorts } from './nodeports.js';
import { toleratesTaint } from './taints.js';
import type { Pod, Taint, Toleration } from '../framework/types.js';
import type { FilterPlugin, PreFilterPlugin } from '../framework/interface.js';

function runFilter(p: FilterPlugin & Partial<PreFilterPlugin>, pod: Pod, node = makeNode('n1'), pods: Pod[] = []) {
  const snap = makeSnapshot([node], pods);
  const state = new CycleState();
  const pi = new PodInfo(pod);
  const pre = p.preFilter?.(state, pi);
  if (pre?.status?.isSkip()) return null;
  const s = p.filter(state, pi, snap.nodeInfoList[0]);
  return s ? { code: s.code, reasons: s.reasons } : null;
}

describe('toleratesTaint', () => {
  const taint: Taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  const cases: Array<[string, Toleration, Taint, boolean]> = [
    ['Equal matches key, value and effect', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, taint, true],
    ['Equal is the default operator', { key: 'k', value: 'v', effect: 'NoSchedule' }, taint, true],
    ['Equal with another value', { key: 'k', value: 'w', effect: 'NoSchedule' }, taint, false],
    ['Exists ignores the value', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint, true],
    ['Exists with an empty key tolerates every taint', { operator: 'Exists' }, { key: 'other', value: 'x', effect: 'NoExecute' }, true],
    ['an empty effect matches every effect', { key: 'k', operator: 'Exists' }, { key: 'k', effect: 'NoExecute' }, true],
    ['another effect does not match', { key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint, false],
    ['another key does not match', { key: 'j', operator: 'Exists' }, taint, false],
    ['Equal with empty value matches a taint without value', { key: 'k', operator: 'Equal', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }, true],
  ];
  for (const [name, tol, t, want] of cases) it(name, () => expect(toleratesTaint(tol, t)).toBe(want));
});

describe('TaintToleration filter', () => {
  const cp = makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
  it('rejects an untolerated NoSchedule taint with the taint in the reason', () => {
    expect(runFilter(new TaintToleration(), makePod('p'), cp)).toEqual({ code: 3, reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] });
  });
  it('prints key and value', () => {
    const n = makeNode('n', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] });
    expect(runFilter(new TaintToleration(), makePod('p'), n)?.reasons).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
  });
  it('ignores PreferNoSchedule taints', () => {
    const n = makeNode('n', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] });
    expect(runFilter(new TaintToleration(), makePod('p'), n)).toBeNull();
  });
  it('passes when tolerated', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(runFilter(new TaintToleration(), pod, cp)).toBeNull();
  });
  it('two taints with the same key and different effects are separate taints', () => {
    const n = makeNode('n', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoExecute' }] });
    const pod = makePod('p', { tolerations: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] });
    expect(runFilter(new TaintToleration(), pod, n)?.reasons).toEqual(['node(s) had untolerated taint {k: v}']);
  });
});

describe('NodeUnschedulable', () => {
  it('rejects a cordoned node', () => {
    expect(runFilter(new NodeUnschedulable(), makePod('p'), makeNode('n', { unschedulable: true }))).toEqual({ code: 3, reasons: ['node(s) were unschedulable'] });
  });
  it('admits pods tolerating node.kubernetes.io/unschedulable', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(runFilter(new NodeUnschedulable(), pod, makeNode('n', { unschedulable: true }))).toBeNull();
  });
});

describe('NodeName', () => {
  it('rejects other nodes', () => {
    expect(runFilter(new NodeName(), makePod('p', { nodeName: 'x' }), makeNode('n'))?.reasons).toEqual(["node(s) didn't match the requested node name"]);
    expect(runFilter(new NodeName(), makePod('p', { nodeName: 'n' }), makeNode('n'))).toBeNull();
  });
});

describe('NodeAffinity filter', () => {
  const n = makeNode('n1', { labels: { zone: 'a', disk: 'ssd', gen: '5' } });
  const bare = makeNode('n2');
  const req = (...terms: object[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const expr = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, values }] });
  const fits = (pod: Pod, node = n) => runFilter(new NodeAffinity(), pod, node) === null;
  const cases: Array<[string, Pod, boolean, boolean?]> = [
    ['nodeSelector matches', makePod('p', { nodeSelector: { zone: 'a' } }), true],
    ['nodeSelector mismatch', makePod('p', { nodeSelector: { zone: 'b' } }), false],
    ['In', makePod('p', { affinity: req(expr('zone', 'In', ['a', 'b'])) }), true],
    ['In misses', makePod('p', { affinity: req(expr('zone', 'In', ['b'])) }), false],
    ['NotIn', makePod('p', { affinity: req(expr('zone', 'NotIn', ['b'])) }), true],
    ['Exists', makePod('p', { affinity: req(expr('disk', 'Exists')) }), true],
    ['DoesNotExist', makePod('p', { affinity: req(expr('disk', 'DoesNotExist')) }), false],
    ['Gt', makePod('p', { affinity: req(expr('gen', 'Gt', ['4'])) }), true],
    ['Gt equal', makePod('p', { affinity: req(expr('gen', 'Gt', ['5'])) }), false],
    ['Lt', makePod('p', { affinity: req(expr('gen', 'Lt', ['6'])) }), true],
    ['Gt on a non-integer label fails', makePod('p', { affinity: req(expr('zone', 'Gt', ['1'])) }), false],
    ['terms are ORed', makePod('p', { affinity: req(expr('zone', 'In', ['x']), expr('disk', 'In', ['ssd'])) }), true],
    [
      'expressions in a term are ANDed',
      makePod('p', { affinity: req({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] }) }),
      false,
    ],
    ['an empty term matches nothing', makePod('p', { affinity: req({}) }), false],
    ['matchFields metadata.name', makePod('p', { affinity: req({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }) }), true],
    ['nodeSelector AND affinity must both hold', makePod('p', { nodeSelector: { zone: 'a' }, affinity: req(expr('disk', 'In', ['hdd'])) }), false],
  ];
  for (const [name, pod, want] of cases) it(name, () => expect(fits(pod)).toBe(want));
  it('NotIn and DoesNotExist match nodes without the label', () => {
    expect(fits(makePod('p', { affinity: req(expr('zone', 'NotIn', ['a'])) }), bare)).toBe(true);
    expect(fits(makePod('p', { affinity: req(expr('zone', 'DoesNotExist')) }), bare)).toBe(true);
    expect(fits(makePod('p', { affinity: req(expr('zone', 'In', ['a'])) }), bare)).toBe(false);
  });
  it("gives kube-scheduler's reason", () => {
    expect(runFilter(new NodeAffinity(), makePod('p', { nodeSelector: { team: 'dev' } }), n)).toEqual({ code: 3, reasons: ["node(s) didn't match Pod's node affinity/selector"] });
  });
  it('addedAffinity from the plugin args is enforced', () => {
    const pl = new NodeAffinity({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [expr('zone', 'In', ['b'])] } } });
    expect(runFilter(pl, makePod('p'), n)?.reasons).toEqual(["node(s) didn't match scheduler-enforced node affinity"]);
  });
});

describe('NodePorts', () => {
  const node = makeNode('n1');
  const existing = (ports: number[], hostIP?: string, protocol?: string): Pod => {
    const p = makePod('e', { nodeName: 'n1', ports });
    for (const port of p.spec!.containers[0].ports!) {
      port.hostIP = hostIP;
      port.protocol = protocol;
    }
    return p;
  };
  it('rejects a used host port', () => {
    expect(runFilter(new NodePorts(), makePod('p', { ports: [8080] }), node, [existing([8080])])).toEqual({
      code: 2,
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    });
  });
  it('admits a different port or protocol', () => {
    expect(runFilter(new NodePorts(), makePod('p', { ports: [8081] }), node, [existing([8080])])).toBeNull();
    expect(runFilter(new NodePorts(), makePod('p', { ports: [8080] }), node, [existing([8080], undefined, 'UDP')])).toBeNull();
  });
  it('0.0.0.0 conflicts with a specific IP and the other way round', () => {
    expect(runFilter(new NodePorts(), makePod('p', { ports: [8080] }), node, [existing([8080], '10.0.0.1')])).not.toBeNull();
    const p = makePod('p', { ports: [8080] });
    p.spec!.containers[0].ports![0].hostIP = '10.0.0.2';
    expect(runFilter(new NodePorts(), p, node, [existing([8080])])).not.toBeNull();
    expect(runFilter(new NodePorts(), p, node, [existing([8080], '10.0.0.1')])).toBeNull();
  });
});

describe('whole cycle messages', () => {
  it('aggregates reasons as FailedScheduling shows them', () => {
    const nodes = [
      makeNode('cp', { cpu: '2', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      makeNode('w1', { cpu: '2' }),
      makeNode('w2', { cpu: '2' }),
    ];
    const r = explainScheduling(makePod('big', { cpu: '3' }), nodes, []);
    expect(r.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
  it('node selector mismatch on every node', () => {
    const nodes = [makeNode('a'), makeNode('b'), makeNode('c')];
    const r = explainScheduling(makePod('p', { nodeSelector: { team: 'development' } }), nodes, []);
    expect(r.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(r.nodes[0].filter).toEqual({ plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"], code: 'UnschedulableAndUnresolvable' });
  });
  it('preemption that finds no victims', () => {
    const nodes = [makeNode('a', { cpu: '1' })];
    const r = explainScheduling(makePod('p', { cpu: '600m' }), nodes, [makePod('e', { nodeName: 'a', cpu: '600m' })]);
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });
  it('preemptionPolicy Never is not eligible', () => {
    const r = explainScheduling(makePod('p', { cpu: '600m', priority: 10, preemptionPolicy: 'Never' }), [makeNode('a', { cpu: '1' })], [makePod('e', { nodeName: 'a', cpu: '600m' })]);
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });
  it('too many pods', () => {
    const r = explainScheduling(makePod('p'), [makeNode('a', { pods: '1' })], [makePod('e', { nodeName: 'a' })]);
    expect(r.message).toMatch(/^0\/1 nodes are available: 1 Too many pods\./);
  });
});
