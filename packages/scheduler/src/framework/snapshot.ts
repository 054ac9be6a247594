// The cluster as one scheduling cycle sees it. Cycles run synchronously, so the cache's
// NodeInfos can be shared without copying; lists are rebuilt only when they change.
import { NodeInfo } from './nodeinfo.js';
import { PodInfo } from './podinfo.js';
import type { PodGroup } from './podgroups.js';
import type { Node, Pod } from './types.js';
import type { Labels, Selector } from './selector.js';

export interface Snapshot {
  /** Every node, in a stable order. */
  readonly nodeInfoList: readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** Nodes with at least one pod that has (anti-)affinity terms. */
  readonly havePodsWithAffinityList: readonly NodeInfo[];
  /** Nodes with at least one pod that has required anti-affinity terms. */
  readonly havePodsWithRequiredAntiAffinityList: readonly NodeInfo[];
  /** Labels of a namespace, for namespaceSelector. */
  namespaceLabels(namespace: string): Labels;
  /** Selectors of the Services, ReplicaSets, ... that select pod (default spreading). */
  defaultSelectors?(pod: Pod): Selector[];
  /** Pods of a namespace with the node each sits on (an index; scanning works too). */
  podsInNamespace?(namespace: string): Iterable<PodPlacement>;
  /** Pods of a namespace (all pods without one) grouped by labels (podgroups.ts); absent: callers scan pods. */
  podGroups?(namespace?: string): Iterable<PodGroup>;
  /** Groups whose pods have pod (anti-)affinity terms. */
  podGroupsWithAffinity?(): Iterable<PodGroup>;
  /** Groups whose pods have required anti-affinity terms. */
  antiAffinityGroups?(): Iterable<PodGroup>;
  /** Distinct images over all nodes, when known (ImageLocality has nothing to score at 0). */
  readonly imageCount?: number;
  /** For nodes carrying every key: the distinct values of each key (aligned with keys). */
  topologyDomains?(keys: readonly string[]): ReadonlyArray<ReadonlySet<string>>;
}

export interface PodPlacement {
  pi: PodInfo;
  node: NodeInfo;
}

/** snapshot.podsInNamespace, or a scan of every node when the snapshot has no index. */
export function podsInNamespace(s: Snapshot, namespace: string): Iterable<PodPlacement> {
  if (s.podsInNamespace) return s.podsInNamespace(namespace);
  const out: PodPlacement[] = [];
  for (const node of s.nodeInfoList) for (const pi of node.pods) if (pi.pod.metadata.namespace === namespace) out.push({ pi, node });
  return out;
}

/** snapshot.topologyDomains, or a scan of every node. */
export function topologyDomains(s: Snapshot, keys: readonly string[]): ReadonlyArray<ReadonlySet<string>> {
  if (s.topologyDomains) return s.topologyDomains(keys);
  return scanTopologyDomains(s.nodeInfoList, keys);
}

export function scanTopologyDomains(nodes: readonly NodeInfo[], keys: readonly string[]): Array<Set<string>> {
  const out = keys.map(() => new Set<string>());
  outer: for (const n of nodes) {
    for (const k of keys) if (n.labels[k] === undefined) continue outer;
    for (let i = 0; i < keys.length; i++) out[i].add(n.labels[keys[i]]);
  }
  return out;
}

/** A snapshot over a fixed list of NodeInfos (tests, preemption dry runs). */
export class ListSnapshot implements Snapshot {
  readonly nodeInfoList: NodeInfo[];
  private byName = new Map<string, NodeInfo>();
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  defaultSelectors?: (pod: Pod) => Selector[];

  constructor(nodes: NodeInfo[], private nsLabels: Record<string, Record<string, string>> = {}) {
    this.nodeInfoList = nodes;
    for (const n of nodes) this.byName.set(n.name, n);
    this.refresh();
  }

  refresh(): void {
    this.havePodsWithAffinityList = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityList = this.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  namespaceLabels(ns: string): Labels {
    return this.nsLabels[ns] ?? { 'kubernetes.io/metadata.name': ns };
  }

  /** The same snapshot with one node replaced by a modified copy. */
  withNode(ni: NodeInfo): ListSnapshot {
    const s = new ListSnapshot(this.nodeInfoList.map((n) => (n.name === ni.name ? ni : n)), this.nsLabels);
    s.defaultSelectors = this.defaultSelectors;
    return s;
  }
}

/** A ListSnapshot view over any snapshot with one node swapped (preemption). */
export function overlaySnapshot(base: Snapshot, ni: NodeInfo): Snapshot {
  const list = base.nodeInfoList.map((n) => (n.name === ni.name ? ni : n));
  const s: Snapshot = {
    nodeInfoList: list,
    get: (name) => (name === ni.name ? ni : base.get(name)),
    havePodsWithAffinityList: list.filter((n) => n.podsWithAffinity.length > 0),
    havePodsWithRequiredAntiAffinityList: list.filter((n) => n.podsWithRequiredAntiAffinity.length > 0),
    namespaceLabels: (ns) => base.namespaceLabels(ns),
    defaultSelectors: base.defaultSelectors ? (p) => base.defaultSelectors!(p) : undefined,
  };
  return s;
}

/** A snapshot of nodes with pods placed by their spec.nodeName (explain, tests). */
export function snapshotFromObjects(nodes: Node[], pods: Pod[] = [], nsLabels: Record<string, Record<string, string>> = {}): ListSnapshot {
  const infos = nodes.map((n) => {
    const ni = new NodeInfo(n.metadata.name ?? '');
    ni.setNode(n);
    return ni;
  });
  const byName = new Map(infos.map((i) => [i.name, i]));
  for (const p of pods) {
    const ni = byName.get(p.spec?.nodeName ?? '');
    if (ni) ni.addPod(new PodInfo(p));
  }
  // Image states: size and the set of nodes holding each image.
  const images = new Map<string, { size: number; nodes: Set<string> }>();
  for (const n of nodes) {
    for (const img of n.status?.images ?? []) {
      for (const name of img.names ?? []) {
        let st = images.get(name);
        if (!st) images.set(name, (st = { size: img.sizeBytes ?? 0, nodes: new Set() }));
        st.nodes.add(n.metadata.name ?? '');
        byName.get(n.metadata.name ?? '')!.imageStates.set(name, st);
      }
    }
  }
  return new ListSnapshot(infos, nsLabels);
}
