// The cluster as one scheduling cycle sees it. Cycles run synchronously, so the cache's
// NodeInfos can be shared without copying; lists are rebuilt only when they change.
import type { NodeInfo } from './nodeinfo.js';
import type { Pod } from './types.js';
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
