// InterPodAffinity (plugins/interpodaffinity): required terms filter, preferred terms score,
// and existing pods' required anti-affinity holds against newcomers (symmetry).
import { stateKey, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import { MaxNodeScore } from '../framework/interface.js';
import { domainField, type NodeInfo } from '../framework/nodeinfo.js';
import type { AffinityTerm, PodInfo } from '../framework/podinfo.js';
import type { Snapshot } from '../framework/snapshot.js';
import type { Labels } from '../framework/selector.js';
import { Code, newStatus, SKIP, type Status } from '../framework/status.js';
import type { Pod } from '../framework/types.js';
import * as names from './names.js';

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

/** topologyKey -> topologyValue -> count (used by scoring). */
type TopologyCounts = Map<string, Map<string, number>>;

function bump(m: TopologyCounts, key: string, value: string, by: number): void {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  inner.set(value, (inner.get(value) ?? 0) + by);
}

/**
 * Positive counts per topology pair, as a sum of layers: counts of this cycle's own plus
 * pod groups' maintained counts, referenced rather than copied.
 */
class Counts {
  private layers = new Map<string, Array<ReadonlyMap<string, number>>>();
  /** The same layers by domain number (PodGroup.domainCounts), while every layer of the key has them. */
  private domainLayers = new Map<string, Array<readonly number[]> | null>();
  private own: TopologyCounts = new Map();
  empty = true;

  add(key: string, value: string, by: number): void {
    let inner = this.own.get(key);
    if (!inner) {
      this.own.set(key, (inner = new Map()));
      this.addLayer(key, inner);
    }
    inner.set(value, (inner.get(value) ?? 0) + by);
    this.empty = false;
  }

  readonly keyList: string[] = [];

  addLayer(key: string, m: ReadonlyMap<string, number>, byDomain?: readonly number[]): void {
    let l = this.layers.get(key);
    if (!l) {
      this.layers.set(key, (l = []));
      this.keyList.push(key);
      this.domainLayers.set(key, []);
    }
    if (!l.includes(m)) {
      l.push(m);
      const d = this.domainLayers.get(key);
      if (d && byDomain) d.push(byDomain);
      else this.domainLayers.set(key, null);
    }
    if (m.size > 0) this.empty = false;
  }

  domainLayersOf(key: string): ReadonlyArray<readonly number[]> | undefined {
    return this.domainLayers.get(key) ?? undefined;
  }

  get(key: string, value: string): number {
    const l = this.layers.get(key);
    if (!l) return 0;
    let n = 0;
    for (let i = 0; i < l.length; i++) n += l[i].get(value) ?? 0;
    return n;
  }

  keys(): readonly string[] {
    return this.keyList;
  }

  layersOf(key: string): ReadonlyArray<ReadonlyMap<string, number>> {
    return this.layers.get(key) ?? [];
  }
}

/** One topology key's check in Filter: the node's value has a positive count in a layer. */
interface LayerCheck {
  key: string;
  layers: ReadonlyArray<ReadonlyMap<string, number>>;
  /** The layers by domain number, and the NodeInfo field with the node's number (see NodeInfo.hostnameDomain). */
  byDomain?: ReadonlyArray<readonly number[]>;
  field?: 'hostnameDomain' | 'zoneDomain';
}

function layerCheck(key: string, layers: ReadonlyArray<ReadonlyMap<string, number>>, byDomain: ReadonlyArray<readonly number[]> | undefined): LayerCheck {
  const field = domainField(key);
  return field && byDomain && byDomain.length === layers.length ? { key, layers, byDomain, field } : { key, layers };
}

function positive(layers: ReadonlyArray<ReadonlyMap<string, number>>, value: string): boolean {
  let n = 0;
  for (let i = 0; i < layers.length; i++) n += layers[i].get(value) ?? 0;
  return n > 0;
}

interface PreFilterState {
  pod: PodInfo;
  existingAntiAffinityCounts: Counts;
  affinityCounts: Counts;
  nsLabels: Labels;
  antiAffinityCounts: Counts;
  /** Resolved once per cycle: per anti-affinity term of the pod, its key's layers. */
  antiChecks: LayerCheck[];
  /**
   * Existing pods' anti-affinity, per key, without the layers the pod's own anti-affinity
   * check already covers for that key (a node those reject never gets this far).
   */
  existingChecks: LayerCheck[];
}

const preFilterKey = stateKey('PreFilter' + names.InterPodAffinity);
const preScoreKey = stateKey('PreScore' + names.InterPodAffinity);

function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!t.matches(pod, nsLabels)) return false;
  return true;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = names.InterPodAffinity;
  private hardPodAffinityWeight: number;
  private ignorePreferredTermsOfExistingPods: boolean;
  private static readonly affinityStatus = newStatus(Code.UnschedulableAndUnresolvable, ErrReasonAffinityRulesNotMatch);
  private static readonly antiAffinityStatus = newStatus(Code.Unschedulable, ErrReasonAntiAffinityRulesNotMatch);
  private static readonly existingStatus = newStatus(Code.Unschedulable, ErrReasonExistingAntiAffinityRulesNotMatch);

  constructor(
    private snapshot: () => Snapshot,
    args: InterPodAffinityArgs = {},
  ) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
  }

  preFilter(state: CycleState, pod: PodInfo): { status: Status | null } {
    const snap = this.snapshot();
    const nsLabels = snap.namespaceLabels(pod.pod.metadata.namespace ?? '');
    const s: PreFilterState = {
      pod,
      existingAntiAffinityCounts: new Counts(),
      affinityCounts: new Counts(),
      nsLabels,
      antiAffinityCounts: new Counts(),
      antiChecks: [],
      existingChecks: [],
    };
    // Existing pods' required anti-affinity terms that select the incoming pod.
    if (snap.antiAffinityGroups) {
      for (const g of snap.antiAffinityGroups()) {
        for (const t of g.rep.requiredAntiAffinityTerms) {
          if (t.matches(pod.pod, nsLabels)) s.existingAntiAffinityCounts.addLayer(t.topologyKey, g.topologyCounts(t.topologyKey), g.domainCounts(t.topologyKey));
        }
      }
    } else {
      for (const ni of snap.havePodsWithRequiredAntiAffinityList) {
        for (const existing of ni.podsWithRequiredAntiAffinity) {
          for (const t of existing.requiredAntiAffinityTerms) {
            if (!t.matches(pod.pod, nsLabels)) continue;
            const v = ni.labels[t.topologyKey];
            if (v !== undefined) s.existingAntiAffinityCounts.add(t.topologyKey, v, 1);
          }
        }
      }
    }
    const aff = pod.requiredAffinityTerms;
    const anti = pod.requiredAntiAffinityTerms;
    if (aff.length || anti.length) {
      const terms = [...aff, ...anti];
      // Namespace labels are only looked up when a term has a namespaceSelector.
      const needNs = terms.some((t) => !t.namespaceSelector.nothing);
      if (needNs || !snap.podGroups) {
        for (const ni of snap.nodeInfoList) {
          for (const p of ni.pods) {
            const ep = p.pod;
            const epNs = needNs ? snap.namespaceLabels(ep.metadata.namespace ?? '') : undefined;
            if (aff.length && allMatch(aff, ep, epNs)) {
              for (const t of aff) {
                const v = ni.labels[t.topologyKey];
                if (v !== undefined) s.affinityCounts.add(t.topologyKey, v, 1);
              }
            }
            for (const t of anti) {
              if (!t.matches(ep, epNs)) continue;
              const v = ni.labels[t.topologyKey];
              if (v !== undefined) s.antiAffinityCounts.add(t.topologyKey, v, 1);
            }
          }
        }
      } else {
        // Terms name their namespaces: only groups of pods there can match, once per group.
        const namespaces = new Set<string>();
        for (const t of terms) for (const ns of t.namespaces) namespaces.add(ns);
        for (const ns of namespaces) {
          for (const g of snap.podGroups(ns)) {
            const ep = g.rep.pod;
            if (aff.length && allMatch(aff, ep, undefined)) {
              for (const t of aff) s.affinityCounts.addLayer(t.topologyKey, g.topologyCounts(t.topologyKey));
            }
            for (const t of anti) if (t.matches(ep, undefined)) s.antiAffinityCounts.addLayer(t.topologyKey, g.topologyCounts(t.topologyKey), g.domainCounts(t.topologyKey));
          }
        }
      }
    } else if (s.existingAntiAffinityCounts.empty) {
      return { status: SKIP };
    }
    if (!s.antiAffinityCounts.empty) {
      for (const t of pod.requiredAntiAffinityTerms) {
        const k = t.topologyKey;
        s.antiChecks.push(layerCheck(k, s.antiAffinityCounts.layersOf(k), s.antiAffinityCounts.domainLayersOf(k)));
      }
    }
    if (!s.existingAntiAffinityCounts.empty) {
      for (const key of s.existingAntiAffinityCounts.keys()) {
        const covered = s.antiAffinityCounts.empty ? [] : s.antiAffinityCounts.layersOf(key);
        const all = s.existingAntiAffinityCounts.layersOf(key);
        const byDomain = s.existingAntiAffinityCounts.domainLayersOf(key);
        const keep = all.map((m) => !covered.includes(m));
        const layers = all.filter((_, i) => keep[i]);
        if (layers.length) s.existingChecks.push(layerCheck(key, layers, byDomain?.filter((_, i) => keep[i])));
      }
    }
    state.write(preFilterKey, s);
    return { status: null };
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(preFilterKey);
    if (!s) return null;
    if (!satisfyPodAffinity(s, node)) return InterPodAffinity.affinityStatus;
    if (!satisfyPodAntiAffinity(s, node)) return InterPodAffinity.antiAffinityStatus;
    if (!satisfyExistingPodsAntiAffinity(s, node)) return InterPodAffinity.existingStatus;
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[]): Status | null {
    const snap = this.snapshot();
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (!hasConstraints && (this.ignorePreferredTermsOfExistingPods || !havePodsWithAffinity(snap))) return SKIP;
    const nsLabels = snap.namespaceLabels(pod.pod.metadata.namespace ?? '');
    const topoScore: TopologyCounts = new Map();
    const needNs = [...pod.preferredAffinityTerms, ...pod.preferredAntiAffinityTerms].some((w) => !w.term.namespaceSelector.nothing);
    // What one existing pod (on node, or n of them in a group) adds to the topology scores.
    const processExisting = (existing: PodInfo, n: number, add: (key: string, weight: number) => void): void => {
      const ep = existing.pod;
      const epNs = needNs ? snap.namespaceLabels(ep.metadata.namespace ?? '') : undefined;
      for (const w of pod.preferredAffinityTerms) if (w.term.matches(ep, epNs)) add(w.term.topologyKey, w.weight * n);
      for (const w of pod.preferredAntiAffinityTerms) if (w.term.matches(ep, epNs)) add(w.term.topologyKey, -w.weight * n);
      if (this.hardPodAffinityWeight > 0) {
        for (const t of existing.requiredAffinityTerms) if (t.matches(pod.pod, nsLabels)) add(t.topologyKey, this.hardPodAffinityWeight * n);
      }
      if (!this.ignorePreferredTermsOfExistingPods) {
        for (const w of existing.preferredAffinityTerms) if (w.term.matches(pod.pod, nsLabels)) add(w.term.topologyKey, w.weight * n);
        for (const w of existing.preferredAntiAffinityTerms) if (w.term.matches(pod.pod, nsLabels)) add(w.term.topologyKey, -w.weight * n);
      }
    };
    const groups = hasConstraints ? snap.podGroups?.() : snap.podGroupsWithAffinity?.();
    if (groups) {
      // Once per group: its pods' counts per topology value carry the weights.
      for (const g of groups) {
        processExisting(g.rep, 1, (key, weight) => {
          for (const [v, n] of g.topologyCounts(key)) bump(topoScore, key, v, weight * n);
        });
      }
    } else {
      const list = hasConstraints ? snap.nodeInfoList : snap.havePodsWithAffinityList;
      for (const ni of list) {
        if (isEmpty(ni.labels)) continue;
        for (const existing of hasConstraints ? ni.pods : ni.podsWithAffinity) {
          processExisting(existing, 1, (key, weight) => {
            const v = ni.labels[key];
            if (v !== undefined) bump(topoScore, key, v, weight);
          });
        }
      }
    }
    if (topoScore.size === 0) return SKIP;
    state.write(preScoreKey, topoScore);
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const topoScore = state.read<TopologyCounts>(preScoreKey);
    if (!topoScore) return 0;
    let score = 0;
    for (const [key, values] of topoScore) {
      const v = node.labels[key];
      if (v !== undefined) score += values.get(v) ?? 0;
    }
    return score;
  }

  scoreNodes(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    const topoScore = state.read<TopologyCounts>(preScoreKey);
    if (!topoScore) return;
    for (let i = 0; i < nodes.length; i++) {
      const labels = nodes[i].labels;
      let score = 0;
      for (const [key, values] of topoScore) {
        const v = labels[key];
        if (v !== undefined) score += values.get(v) ?? 0;
      }
      scores[i] = score;
    }
  }

  normalizeScore(state: CycleState, _p: PodInfo, scores: number[]): void {
    if (!state.read<TopologyCounts>(preScoreKey)) return;
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      if (s < min) min = s;
      if (s > max) max = s;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc(MaxNodeScore * ((scores[i] - min) / diff)) : 0;
    }
  }
}

function allMatch(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels): boolean {
  for (const t of terms) if (!t.matches(pod, nsLabels)) return false;
  return true;
}

function satisfyPodAffinity(s: PreFilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.pod.requiredAffinityTerms) {
    const v = node.labels[t.topologyKey];
    // Every topology key must exist on the node.
    if (v === undefined) return false;
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a group with affinity to itself may go anywhere that has the keys.
    return s.affinityCounts.empty && podMatchesAllAffinityTerms(s.pod.requiredAffinityTerms, s.pod.pod, s.nsLabels);
  }
  return true;
}

function satisfyPodAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  return noneMatch(s.antiChecks, node);
}

function satisfyExistingPodsAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  return noneMatch(s.existingChecks, node);
}

function noneMatch(checks: readonly LayerCheck[], node: NodeInfo): boolean {
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i];
    if (c.field !== undefined) {
      // The node's domain number indexes the counts: no label or map lookup.
      const d = node[c.field];
      if (d >= 0) {
        const layers = c.byDomain!;
        let n = 0;
        for (let j = 0; j < layers.length; j++) n += layers[j][d] ?? 0;
        if (n > 0) return false;
        continue;
      }
    }
    const v = node.labels[c.key];
    if (v !== undefined && positive(c.layers, v)) return false;
  }
  return true;
}

/** Whether any pod has (anti-)affinity terms; groups answer without a walk over the nodes. */
function havePodsWithAffinity(snap: Snapshot): boolean {
  if (snap.podGroupsWithAffinity) {
    for (const _ of snap.podGroupsWithAffinity()) return true;
    return false;
  }
  return snap.havePodsWithAffinityList.length > 0;
}

function isEmpty(o: Record<string, string>): boolean {
  for (const _ in o) return false;
  return true;
}
