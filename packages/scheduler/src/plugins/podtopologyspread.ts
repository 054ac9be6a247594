// PodTopologySpread (plugins/podtopologyspread): DoNotSchedule constraints filter,
// ScheduleAnyway constraints (and the system defaults) score.
import { stateKey, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import { MaxNodeScore } from '../framework/interface.js';
import { domainField, type NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import { andSelectors, selectorFromLabelSelector, selectorFromSet, type Selector } from '../framework/selector.js';
import { podsInNamespace, topologyDomains, type Snapshot } from '../framework/snapshot.js';
import { Code, newStatus, SKIP, type Status } from '../framework/status.js';
import { LabelHostname, LabelTopologyZone, type Pod, type TopologySpreadConstraint } from '../framework/types.js';
import * as names from './names.js';
import { RequiredNodeAffinity } from './nodeselector.js';
import { doNotScheduleTaints, findMatchingUntoleratedTaint } from './taints.js';

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';

export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: 'System' | 'List';
}

export const systemDefaultConstraints: TopologySpreadConstraint[] = [
  { topologyKey: LabelHostname, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LabelTopologyZone, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

interface PreFilterState {
  constraints: Constraint[];
  /** Per constraint: topology value -> matching pods. */
  tpValueToMatchNum: Map<string, number>[];
  minMatchNum: number[];
  /** Per constraint: 1 when the incoming pod matches its own selector (it counts once placed). */
  selfMatchNum: number[];
  /**
   * With one constraint on a key the cache numbers (hostname, zone): its counts by domain
   * number and the NodeInfo field with the node's number, so Filter reads an array slot.
   */
  byDomain?: readonly number[];
  domainField?: 'hostnameDomain' | 'zoneDomain';
}

interface PreScoreState {
  constraints: Constraint[];
  ignoredNodes: Set<string>;
  tpValueToPodCounts: Map<string, number>[];
  normalizingWeight: number[];
}

const preFilterKey = stateKey('PreFilter' + names.PodTopologySpread);
const preScoreKey = stateKey('PreScore' + names.PodTopologySpread);

function countPodsMatchSelector(pods: readonly PodInfo[], selector: Selector, ns: string): number {
  if (selector.nothing) return 0;
  let n = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i].pod;
    // Terminating pods and pods of other namespaces do not count.
    if (p.metadata.deletionTimestamp || p.metadata.namespace !== ns) continue;
    if (selector.matches(p.metadata.labels)) n++;
  }
  return n;
}

function nodeLabelsMatchSpreadConstraints(labels: Record<string, string>, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = names.PodTopologySpread;
  private defaultConstraints: TopologySpreadConstraint[];
  private systemDefaulted: boolean;
  private static readonly notMatch = newStatus(Code.Unschedulable, ErrReasonConstraintsNotMatch);
  private static readonly labelNotMatch = newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNodeLabelNotMatch);

  constructor(
    private snapshot: () => Snapshot,
    args: PodTopologySpreadArgs = {},
  ) {
    this.systemDefaulted = (args.defaultingType ?? 'System') === 'System';
    this.defaultConstraints = this.systemDefaulted ? systemDefaultConstraints : (args.defaultConstraints ?? []);
  }

  /** The pod's own constraints with this action, or the defaults when it has none. */
  private constraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length) return own.filter((c) => c.whenUnsatisfiable === action).map((c) => toConstraint(pod, c, selectorFor(pod, c)));
    const defaults = this.defaultConstraints.filter((c) => c.whenUnsatisfiable === action);
    if (!defaults.length) return [];
    const sels = this.snapshot().defaultSelectors?.(pod) ?? [];
    if (!sels.length) return [];
    let sel = sels[0];
    for (let i = 1; i < sels.length; i++) sel = andSelectors(sel, sels[i]);
    if (sel.empty) return [];
    return defaults.map((c) => toConstraint(pod, c, sel));
  }

  preFilter(state: CycleState, pod: PodInfo): { status: Status | null } {
    let constraints: Constraint[];
    try {
      constraints = this.constraints(pod.pod, 'DoNotSchedule');
    } catch (e) {
      return { status: newStatus(Code.UnschedulableAndUnresolvable, (e as Error).message) };
    }
    if (constraints.length === 0) return { status: SKIP };
    const s: PreFilterState = {
      constraints,
      tpValueToMatchNum: constraints.map(() => new Map()),
      minMatchNum: [],
      selfMatchNum: constraints.map((c) => (c.selector.matches(pod.pod.metadata.labels) ? 1 : 0)),
    };
    const required = new RequiredNodeAffinity(pod.pod);
    const ns = pod.pod.metadata.namespace ?? '';
    const snap = this.snapshot();
    // When only node labels decide which nodes count, domains come from an index and the
    // counts from the pods of the namespace, instead of a walk over every node.
    const labelsOnly = constraints.every((c) => (c.nodeAffinityPolicy !== 'Honor' || required.empty) && c.nodeTaintsPolicy !== 'Honor');
    if (labelsOnly) {
      const keys = constraints.map((c) => c.topologyKey);
      const domains = topologyDomains(snap, keys);
      for (let i = 0; i < constraints.length; i++) {
        const m = s.tpValueToMatchNum[i];
        for (const v of domains[i]) m.set(v, 0);
      }
      if (snap.podGroups && constraints.length === 1) {
        // One constraint: add up the maintained per-domain counts of each matching pod group.
        const c = constraints[0];
        const m = s.tpValueToMatchNum[0];
        const field = domainField(c.topologyKey);
        const perGroup: Array<readonly number[] | undefined> = [];
        for (const g of snap.podGroups(ns)) {
          if (g.terminating || !c.selector.matches(g.rep.pod.metadata.labels)) continue;
          if (field) perGroup.push(g.domainCounts(c.topologyKey));
          for (const [v, n] of g.topologyCounts(c.topologyKey)) m.set(v, (m.get(v) ?? 0) + n);
        }
        if (field && perGroup.every((a) => a !== undefined)) {
          s.domainField = field;
          s.byDomain = perGroup.length === 1 ? perGroup[0] : sumCounts(perGroup as Array<readonly number[]>);
        }
      } else
      for (const { pi, node } of podsInNamespace(snap, ns)) {
        const p = pi.pod;
        if (!node.node || p.metadata.deletionTimestamp || !nodeLabelsMatchSpreadConstraints(node.labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          if (!constraints[i].selector.matches(p.metadata.labels)) continue;
          const m = s.tpValueToMatchNum[i];
          const v = node.labels[constraints[i].topologyKey];
          m.set(v, (m.get(v) ?? 0) + 1);
        }
      }
    } else {
      for (const ni of snap.nodeInfoList) {
        if (!nodeLabelsMatchSpreadConstraints(ni.labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i];
          if (!matchNodeInclusionPolicies(c, pod.pod, ni, required)) continue;
          const v = ni.labels[c.topologyKey];
          const m = s.tpValueToMatchNum[i];
          m.set(v, (m.get(v) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, ns));
        }
      }
    }
    for (let i = 0; i < constraints.length; i++) {
      const m = s.tpValueToMatchNum[i];
      let min = m.size ? Infinity : 0;
      for (const n of m.values()) if (n < min) min = n;
      // Fewer eligible domains than minDomains: the global minimum counts as 0.
      if (m.size < constraints[i].minDomains) min = 0;
      s.minMatchNum.push(min);
    }
    state.write(preFilterKey, s);
    return { status: null };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(preFilterKey);
    if (!s || s.constraints.length === 0) return null;
    if (s.domainField !== undefined) {
      const d = node[s.domainField];
      if (d >= 0) {
        // The node's domain number indexes the counts: no label or map lookup.
        return (s.byDomain![d] ?? 0) + s.selfMatchNum[0] - s.minMatchNum[0] > s.constraints[0].maxSkew ? PodTopologySpread.notMatch : null;
      }
    }
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const v = node.labels[c.topologyKey];
      if (v === undefined) return PodTopologySpread.labelNotMatch;
      const matchNum = s.tpValueToMatchNum[i].get(v) ?? 0;
      if (matchNum + s.selfMatchNum[i] - s.minMatchNum[i] > c.maxSkew) return PodTopologySpread.notMatch;
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): Status | null {
    const all = this.snapshot().nodeInfoList;
    if (filtered.length === 0 || all.length === 0) return SKIP;
    let constraints: Constraint[];
    try {
      constraints = this.constraints(pod.pod, 'ScheduleAnyway');
    } catch (e) {
      return newStatus(Code.Error, (e as Error).message);
    }
    if (constraints.length === 0) return SKIP;
    const requireAllTopologies = (pod.pod.spec?.topologySpreadConstraints?.length ?? 0) > 0 || !this.systemDefaulted;
    const s: PreScoreState = { constraints, ignoredNodes: new Set(), tpValueToPodCounts: constraints.map(() => new Map()), normalizingWeight: [] };
    const topoSize = constraints.map(() => 0);
    for (const ni of filtered) {
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(ni.labels, constraints)) {
        s.ignoredNodes.add(ni.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (c.topologyKey === LabelHostname) continue;
        const v = ni.labels[c.topologyKey];
        if (!s.tpValueToPodCounts[i].has(v)) {
          s.tpValueToPodCounts[i].set(v, 0);
          topoSize[i]++;
        }
      }
    }
    for (let i = 0; i < constraints.length; i++) {
      const size = constraints[i].topologyKey === LabelHostname ? filtered.length - s.ignoredNodes.size : topoSize[i];
      s.normalizingWeight.push(Math.log(size + 2));
    }
    const required = new RequiredNodeAffinity(pod.pod);
    const ns = pod.pod.metadata.namespace ?? '';
    for (const ni of all) {
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(ni.labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (!matchNodeInclusionPolicies(c, pod.pod, ni, required)) continue;
        const v = ni.labels[c.topologyKey];
        const m = s.tpValueToPodCounts[i];
        const cur = m.get(v);
        if (cur === undefined) continue;
        m.set(v, cur + countPodsMatchSelector(ni.pods, c.selector, ns));
      }
    }
    state.write(preScoreKey, s);
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const s = state.read<PreScoreState>(preScoreKey);
    if (!s || s.ignoredNodes.has(node.name)) return 0;
    let score = 0;
    const ns = pod.pod.metadata.namespace ?? '';
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const v = node.labels[c.topologyKey];
      if (v === undefined) continue;
      const cnt = c.topologyKey === LabelHostname ? countPodsMatchSelector(node.pods, c.selector, ns) : (s.tpValueToPodCounts[i].get(v) ?? 0);
      score += cnt * s.normalizingWeight[i] + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _p: PodInfo, scores: number[], nodes: readonly NodeInfo[]): void {
    const s = state.read<PreScoreState>(preScoreKey);
    if (!s) return;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i].name)) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i].name)) {
        scores[i] = 0;
        continue;
      }
      if (max === 0) {
        scores[i] = MaxNodeScore;
        continue;
      }
      scores[i] = Math.trunc((MaxNodeScore * (max + min - scores[i])) / max);
    }
  }
}

/** Element-wise sum of per-domain counts (holes count 0). */
function sumCounts(arrays: ReadonlyArray<readonly number[]>): number[] {
  const out: number[] = [];
  for (const a of arrays) for (let d = 0; d < a.length; d++) out[d] = (out[d] ?? 0) + (a[d] ?? 0);
  return out;
}

function selectorFor(pod: Pod, c: TopologySpreadConstraint): Selector {
  let sel = selectorFromLabelSelector(c.labelSelector);
  const keys = c.matchLabelKeys ?? [];
  if (keys.length && c.labelSelector) {
    const set: Record<string, string> = {};
    for (const k of keys) {
      const v = pod.metadata.labels?.[k];
      if (v !== undefined) set[k] = v;
    }
    sel = andSelectors(sel, selectorFromSet(set));
  }
  return sel;
}

function toConstraint(_pod: Pod, c: TopologySpreadConstraint, selector: Selector): Constraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
  };
}

/** nodeAffinityPolicy Honor counts only nodes the pod's node affinity admits; nodeTaintsPolicy Honor only nodes whose taints it tolerates. */
function matchNodeInclusionPolicies(c: Constraint, pod: Pod, node: NodeInfo, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.empty && !required.match(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && node.taints.length && findMatchingUntoleratedTaint(node.taints, pod.spec?.tolerations, doNotScheduleTaints)) return false;
  return true;
}
