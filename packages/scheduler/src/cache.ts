// The scheduler's cache (internal/cache): NodeInfos built from the node and pod informers,
// plus assumed pods, placed at the end of a scheduling cycle and confirmed by their watch
// event. It is also the cycle's Snapshot: cycles run synchronously, so nothing moves under them.
import { NodeInfo, type ImageStateSummary } from './framework/nodeinfo.js';
import { PodInfo, podKey } from './framework/podinfo.js';
import type { Labels, Selector } from './framework/selector.js';
import { PodGroup, podGroupKey } from './framework/podgroups.js';
import { scanTopologyDomains, type PodPlacement, type Snapshot } from './framework/snapshot.js';
import { LabelHostname, LabelTopologyZone, type Node, type Pod } from './framework/types.js';
import { normalizedImageName } from './plugins/imagelocality.js';

interface PodState {
  pi: PodInfo;
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
}

export class SchedulerCache implements Snapshot {
  private nodes = new Map<string, NodeInfo>();
  private podStates = new Map<string, PodState>();
  private images = new Map<string, ImageStateSummary>();
  private nsLabels = new Map<string, Record<string, string>>();
  private list: NodeInfo[] = [];
  private withAffinity: NodeInfo[] = [];
  private withAntiAffinity: NodeInfo[] = [];
  private listDirty = true;
  /** Pods by namespace, with their nodes, for affinity and spreading over one namespace. */
  private byNamespace = new Map<string, Map<string, PodPlacement>>();
  /** topologyDomains results, until a node changes. */
  private domainCache = new Map<string, Array<Set<string>>>();
  /** namespace -> group key -> group. */
  private groups = new Map<string, Map<string, PodGroup>>();
  private antiGroups = new Map<string, PodGroup>();
  private groupOf = new Map<string, PodGroup>();
  /** Groups whose pods have affinity terms of any kind (for scoring). */
  private affinityGroups = new Map<string, PodGroup>();
  private affinityDirty = true;
  defaultSelectors?: (pod: Pod) => Selector[];

  // ---- Snapshot ----------------------------------------------------------------------

  get nodeInfoList(): readonly NodeInfo[] {
    this.refresh();
    return this.list;
  }
  get havePodsWithAffinityList(): readonly NodeInfo[] {
    this.refreshAffinity();
    return this.withAffinity;
  }
  get havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    this.refreshAffinity();
    return this.withAntiAffinity;
  }
  get imageCount(): number {
    return this.images.size;
  }
  get(name: string): NodeInfo | undefined {
    const n = this.nodes.get(name);
    return n?.node ? n : undefined;
  }
  namespaceLabels(ns: string): Labels {
    return this.nsLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns };
  }

  podsInNamespace(ns: string): Iterable<PodPlacement> {
    const m = this.byNamespace.get(ns);
    return m ? m.values() : [];
  }

  podGroups(ns?: string): Iterable<PodGroup> {
    if (ns === undefined) return [...this.groups.values()].flatMap((m) => [...m.values()]);
    const m = this.groups.get(ns);
    return m ? m.values() : [];
  }

  podGroupsWithAffinity(): Iterable<PodGroup> {
    return this.affinityGroups.values();
  }

  antiAffinityGroups(): Iterable<PodGroup> {
    return this.antiGroups.values();
  }

  private invalidateGroups(): void {
    for (const m of this.groups.values()) for (const g of m.values()) g.invalidate();
  }

  topologyDomains(keys: readonly string[]): ReadonlyArray<ReadonlySet<string>> {
    const k = keys.join('\0');
    let d = this.domainCache.get(k);
    if (!d) {
      d = scanTopologyDomains(this.nodeInfoList, keys);
      this.domainCache.set(k, d);
    }
    return d;
  }

  private refresh(): void {
    if (this.listDirty) {
      this.list = [...this.nodes.values()].filter((n) => n.node !== null);
      this.listDirty = false;
      this.affinityDirty = true;
    }
  }

  /** The affinity lists are rebuilt only when asked for: pods with affinity come and go every cycle. */
  private refreshAffinity(): void {
    this.refresh();
    if (this.affinityDirty) {
      this.withAffinity = this.list.filter((n) => n.podsWithAffinity.length > 0);
      this.withAntiAffinity = this.list.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
      this.affinityDirty = false;
    }
  }

  get nodeCount(): number {
    return this.nodeInfoList.length;
  }

  // ---- namespaces --------------------------------------------------------------------

  setNamespace(name: string, labels: Record<string, string> | undefined): void {
    this.nsLabels.set(name, { 'kubernetes.io/metadata.name': name, ...(labels ?? {}) });
  }
  removeNamespace(name: string): void {
    this.nsLabels.delete(name);
  }

  // ---- nodes -------------------------------------------------------------------------

  private nodeInfo(name: string): NodeInfo {
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo(name);
      this.nodes.set(name, ni);
    }
    return ni;
  }

  addOrUpdateNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.nodeInfo(name);
    if (!ni.node) this.listDirty = true;
    if (!ni.node || JSON.stringify(ni.node.metadata.labels) !== JSON.stringify(node.metadata.labels)) {
      this.domainCache.clear();
      this.invalidateGroups();
    }
    this.removeImages(ni);
    ni.setNode(node);
    ni.hostnameDomain = this.domainId(this.hostnameIds, ni.labels[LabelHostname]);
    ni.zoneDomain = this.domainId(this.zoneIds, ni.labels[LabelTopologyZone]);
    this.addImages(ni, node);
  }

  /** Numbers for hostname and zone values, never reused, so they stay valid as nodes change. */
  private hostnameIds = new Map<string, number>();
  private zoneIds = new Map<string, number>();

  private domainId(ids: Map<string, number>, value: string | undefined): number {
    if (value === undefined) return -1;
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  }

  removeNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.removeImages(ni);
    // Pods still on the node keep a ghost NodeInfo until they are deleted too.
    if (ni.pods.length) ni.node = null;
    else this.nodes.delete(name);
    this.listDirty = true;
    this.domainCache.clear();
    this.invalidateGroups();
  }

  private addImages(ni: NodeInfo, node: Node): void {
    for (const img of node.status?.images ?? []) {
      for (const raw of img.names ?? []) {
        const name = normalizedImageName(raw);
        let st = this.images.get(name);
        if (!st) this.images.set(name, (st = { size: img.sizeBytes ?? 0, nodes: new Set() }));
        st.nodes.add(ni.name);
        ni.imageStates.set(name, st);
      }
    }
  }

  private removeImages(ni: NodeInfo): void {
    for (const [name, st] of ni.imageStates) {
      st.nodes.delete(ni.name);
      if (st.nodes.size === 0) this.images.delete(name);
    }
    ni.imageStates = new Map();
  }

  // ---- pods --------------------------------------------------------------------------

  isAssumed(key: string): boolean {
    return this.podStates.get(key)?.assumed ?? false;
  }

  /** Places a pod on its node at the end of a scheduling cycle, before binding. */
  assumePod(pi: PodInfo, nodeName: string): void {
    if (this.podStates.has(pi.key)) throw new Error(`pod ${pi.key} is in the cache, so can't be assumed`);
    this.place(pi, nodeName);
    this.podStates.set(pi.key, { pi, nodeName, assumed: true, bindingFinished: false });
  }

  finishBinding(key: string): void {
    const s = this.podStates.get(key);
    if (s) s.bindingFinished = true;
  }

  /** Binding failed: the assumed pod leaves its node. */
  forgetPod(key: string): void {
    const s = this.podStates.get(key);
    if (!s || !s.assumed) return;
    this.unplace(s);
    this.podStates.delete(key);
  }

  /** A bound pod seen through the informer (confirms an assumed one). */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    const s = this.podStates.get(key);
    if (s) {
      // The informer's version of a pod placed here, same node, nothing the cache keeps
      // changed (a binding confirmed): it takes the old one's place without re-placing.
      if (s.nodeName === nodeName && s.pi.adoptIfUnchanged(pod)) {
        s.assumed = false;
        s.bindingFinished = true;
        return;
      }
      // Assumed here, or re-listed with changes: the informer's version wins.
      this.unplace(s);
    }
    const pi = new PodInfo(pod);
    this.place(pi, nodeName);
    this.podStates.set(key, { pi, nodeName, assumed: false, bindingFinished: true });
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const s = this.podStates.get(key);
    if (!s) return;
    this.unplace(s);
    this.podStates.delete(key);
  }

  private place(pi: PodInfo, nodeName: string): void {
    const ni = this.nodeInfo(nodeName);
    ni.addPod(pi);
    const ns = pi.pod.metadata.namespace ?? '';
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    m.set(pi.key, { pi, node: ni });
    const gk = podGroupKey(pi);
    let gm = this.groups.get(ns);
    if (!gm) this.groups.set(ns, (gm = new Map()));
    let g = gm.get(gk);
    if (!g) {
      gm.set(gk, (g = new PodGroup(gk, pi, !!pi.pod.metadata.deletionTimestamp)));
      if (pi.requiredAntiAffinityTerms.length) this.antiGroups.set(gk, g);
      if (pi.hasAffinity) this.affinityGroups.set(gk, g);
    }
    g.add(ni, 1);
    this.groupOf.set(pi.key, g);
    if (pi.hasAffinity) this.affinityDirty = true;
  }

  private unplace(s: PodState): void {
    const ns = s.pi.pod.metadata.namespace ?? '';
    const m = this.byNamespace.get(ns);
    if (m) {
      m.delete(s.pi.key);
      if (m.size === 0) this.byNamespace.delete(ns);
    }
    const ni = this.nodes.get(s.nodeName);
    if (!ni) return;
    const g = this.groupOf.get(s.pi.key);
    if (g) {
      this.groupOf.delete(s.pi.key);
      g.add(ni, -1);
      if (g.size === 0) {
        this.groups.get(ns)?.delete(g.key);
        if (this.groups.get(ns)?.size === 0) this.groups.delete(ns);
        this.antiGroups.delete(g.key);
        this.affinityGroups.delete(g.key);
      } else if (g.rep.key === s.pi.key) {
        // Keep a live member as the representative.
        for (const p of this.byNamespace.get(ns)?.values() ?? []) if (this.groupOf.get(p.pi.key) === g) { g.rep = p.pi; break; }
      }
    }
    ni.removePod(s.pi.key);
    if (s.pi.hasAffinity) this.affinityDirty = true;
    if (!ni.node && ni.pods.length === 0) this.nodes.delete(s.nodeName);
  }

  podCount(): number {
    return this.podStates.size;
  }
}
