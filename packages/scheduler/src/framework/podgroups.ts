// Pods grouped by what affinity and spreading look at (namespace, labels, terminating, and
// required anti-affinity), with per-topology-key counts kept up to date. Pods stamped from
// one template share a group, so a cycle evaluates a term once per group, not once per pod.
import { domainField, type NodeInfo } from './nodeinfo.js';
import type { PodInfo } from './podinfo.js';
import type { Affinity } from './types.js';

export class PodGroup {
  /** Pods of the group per node. */
  readonly nodes = new Map<NodeInfo, number>();
  /** topologyKey -> value -> pods, built on first use and then maintained. */
  private byKey = new Map<string, Map<string, number>>();
  size = 0;

  constructor(
    readonly key: string,
    /** A member, for matching terms and reading the group's own terms. */
    public rep: PodInfo,
    readonly terminating: boolean,
  ) {}

  add(node: NodeInfo, by: 1 | -1): void {
    const n = (this.nodes.get(node) ?? 0) + by;
    if (n > 0) this.nodes.set(node, n);
    else this.nodes.delete(node);
    this.size += by;
    if (!node.node) return;
    for (const [field, arr] of this.byDomain) {
      const d = node[field];
      if (d >= 0) arr[d] = (arr[d] ?? 0) + by;
    }
    for (const [key, m] of this.byKey) {
      const v = node.labels[key];
      if (v === undefined) continue;
      const c = (m.get(v) ?? 0) + by;
      if (c > 0) m.set(v, c);
      else m.delete(v);
    }
  }

  /** value -> number of the group's pods on nodes with that value of key (positive counts only). */
  topologyCounts(key: string): ReadonlyMap<string, number> {
    let m = this.byKey.get(key);
    if (!m) {
      m = new Map();
      for (const [node, n] of this.nodes) {
        if (!node.node) continue;
        const v = node.labels[key];
        if (v !== undefined) m.set(v, (m.get(v) ?? 0) + n);
      }
      this.byKey.set(key, m);
    }
    return m;
  }

  /** Node labels changed: counts are rebuilt on next use. */
  invalidate(): void {
    this.byKey.clear();
    this.byDomain.clear();
  }

  /** NodeInfo domain field -> pods of the group per domain number (holes are 0). */
  private byDomain = new Map<'hostnameDomain' | 'zoneDomain', number[]>();

  /**
   * The group's pods per domain number of a topology key that has numbers (hostname, zone;
   * see NodeInfo.hostnameDomain), or undefined for other keys.
   */
  domainCounts(key: string): readonly number[] | undefined {
    const field = domainField(key);
    if (!field) return undefined;
    let arr = this.byDomain.get(field);
    if (!arr) {
      arr = [];
      for (const [node, n] of this.nodes) {
        if (!node.node) continue;
        const d = node[field];
        if (d >= 0) arr[d] = (arr[d] ?? 0) + n;
      }
      this.byDomain.set(field, arr);
    }
    return arr;
  }
}

export function podGroupKey(pi: PodInfo): string {
  const p = pi.pod;
  const labels = p.metadata.labels ?? {};
  const ks = Object.keys(labels).sort();
  let k = `${p.metadata.namespace ?? ''}\0${p.metadata.deletionTimestamp ? 1 : 0}`;
  for (const l of ks) k += `\0${l}=${labels[l]}`;
  // Members share their affinity terms too, so a group's representative speaks for all.
  if (pi.hasAffinity) k += '\0aff:' + affinityText(p.spec!.affinity!);
  return k;
}

// Pods placed by the scheduler share their spec's affinity object with the queued pod.
const affinityTexts = new WeakMap<object, string>();

function affinityText(a: Affinity): string {
  let t = affinityTexts.get(a);
  if (t === undefined) affinityTexts.set(a, (t = JSON.stringify([a.podAffinity, a.podAntiAffinity])));
  return t;
}
