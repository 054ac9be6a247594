// framework.NodeInfo: a node with the pods on it and what they use.
import { LabelHostname, LabelTopologyZone, type Node, type Taint } from './types.js';
import type { PodInfo } from './podinfo.js';
import { Resource } from './resource.js';

export const DefaultBindAllHostIP = '0.0.0.0';

/** Host ports in use on a node: ip -> "protocol/port" -> count. */
export class HostPortInfo {
  private byIP = new Map<string, Map<string, number>>();

  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const i = ip || DefaultBindAllHostIP;
    const pp = `${protocol || 'TCP'}/${port}`;
    let m = this.byIP.get(i);
    if (!m) this.byIP.set(i, (m = new Map()));
    m.set(pp, (m.get(pp) ?? 0) + 1);
  }

  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const i = ip || DefaultBindAllHostIP;
    const pp = `${protocol || 'TCP'}/${port}`;
    const m = this.byIP.get(i);
    if (!m) return;
    const n = (m.get(pp) ?? 0) - 1;
    if (n > 0) m.set(pp, n);
    else m.delete(pp);
    if (m.size === 0) this.byIP.delete(i);
  }

  /** 0.0.0.0 conflicts with the same protocol/port on any IP; an IP with itself and 0.0.0.0. */
  checkConflict(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (port <= 0) return false;
    const i = ip || DefaultBindAllHostIP;
    const pp = `${protocol || 'TCP'}/${port}`;
    if (i === DefaultBindAllHostIP) {
      for (const m of this.byIP.values()) if (m.has(pp)) return true;
      return false;
    }
    return !!(this.byIP.get(DefaultBindAllHostIP)?.has(pp) || this.byIP.get(i)?.has(pp));
  }

  get size(): number {
    return this.byIP.size;
  }

  clone(): HostPortInfo {
    const h = new HostPortInfo();
    for (const [ip, m] of this.byIP) h.byIP.set(ip, new Map(m));
    return h;
  }
}

export interface ImageStateSummary {
  size: number;
  /** Names of the nodes that have the image (shared across NodeInfos). */
  nodes: Set<string>;
}

const noTaints: Taint[] = [];

export class NodeInfo {
  // First, what every filter pass reads, copied into this object itself and declared first
  // so it shares its first cache lines: a cycle visits thousands of nodes, and each other
  // object a filter touches per node is another cache miss.
  /** spec.unschedulable. */
  unschedulable = false;
  taints: Taint[] = noTaints;
  labels: Record<string, string> = {};
  /** pods.length. */
  podCount = 0;
  allowedPodNumber = 0;
  allocMilliCPU = 0;
  reqMilliCPU = 0;
  allocMemory = 0;
  reqMemory = 0;
  allocEphemeralStorage = 0;
  reqEphemeralStorage = 0;
  /** nonZeroRequested cpu and memory (scoring). */
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  /**
   * Small numbers for this node's hostname and zone label values, given by the cache (the
   * same value, the same number; -1 without the label or outside the cache): counts per
   * domain can then be array slots instead of map entries keyed by strings.
   */
  hostnameDomain = -1;
  zoneDomain = -1;
  node: Node | null = null;
  name: string;
  allocatable = new Resource();
  requested = new Resource();
  nonZeroRequested = new Resource();
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  imageStates = new Map<string, ImageStateSummary>();
  generation = 0;

  constructor(name: string) {
    this.name = name;
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? noTaints;
    this.allocatable = Resource.fromList(node.status?.allocatable ?? node.status?.capacity);
    this.unschedulable = !!node.spec?.unschedulable;
    this.allowedPodNumber = this.allocatable.allowedPodNumber;
    this.allocMilliCPU = this.allocatable.milliCPU;
    this.allocMemory = this.allocatable.memory;
    this.allocEphemeralStorage = this.allocatable.ephemeralStorage;
    this.generation++;
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length) this.podsWithRequiredAntiAffinity.push(pi);
    this.updateUsage(pi, 1);
    this.generation++;
  }

  /** Removes the pod with this key; returns whether it was there. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i];
    // Swap-remove: order of pods on a node carries no meaning.
    this.pods[i] = this.pods[this.pods.length - 1];
    this.pods.pop();
    removeFrom(this.podsWithAffinity, key);
    removeFrom(this.podsWithRequiredAntiAffinity, key);
    this.updateUsage(pi, -1);
    this.generation++;
    return true;
  }

  private updateUsage(pi: PodInfo, sign: 1 | -1): void {
    this.requested.add(pi.requests, sign);
    this.podCount = this.pods.length;
    this.reqMilliCPU = this.requested.milliCPU;
    this.reqMemory = this.requested.memory;
    this.reqEphemeralStorage = this.requested.ephemeralStorage;
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroRequests.milliCPU;
    this.nonZeroRequested.memory += sign * pi.nonZeroRequests.memory;
    this.nonZeroMilliCPU = this.nonZeroRequested.milliCPU;
    this.nonZeroMemory = this.nonZeroRequested.memory;
    const spec = pi.pod.spec;
    if (!spec) return;
    for (const c of spec.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.hostPort) sign > 0 ? this.usedPorts.add(p.hostIP, p.protocol, p.hostPort) : this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort);
      }
    }
    for (const c of spec.initContainers ?? []) {
      if (c.restartPolicy !== 'Always') continue;
      for (const p of c.ports ?? []) {
        if (p.hostPort) sign > 0 ? this.usedPorts.add(p.hostIP, p.protocol, p.hostPort) : this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort);
      }
    }
  }

  /** A copy whose pod list and usage can change without touching this one (preemption dry runs). */
  clone(): NodeInfo {
    const n = new NodeInfo(this.name);
    n.node = this.node;
    n.labels = this.labels;
    n.taints = this.taints;
    n.allocatable = this.allocatable;
    n.requested = this.requested.clone();
    n.nonZeroRequested = this.nonZeroRequested.clone();
    n.pods = this.pods.slice();
    n.podsWithAffinity = this.podsWithAffinity.slice();
    n.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    n.usedPorts = this.usedPorts.clone();
    n.imageStates = this.imageStates;
    n.generation = this.generation;
    n.unschedulable = this.unschedulable;
    n.podCount = this.podCount;
    n.allowedPodNumber = this.allowedPodNumber;
    n.allocMilliCPU = this.allocMilliCPU;
    n.allocMemory = this.allocMemory;
    n.allocEphemeralStorage = this.allocEphemeralStorage;
    n.reqMilliCPU = this.reqMilliCPU;
    n.reqMemory = this.reqMemory;
    n.reqEphemeralStorage = this.reqEphemeralStorage;
    n.nonZeroMilliCPU = this.nonZeroMilliCPU;
    n.nonZeroMemory = this.nonZeroMemory;
    n.hostnameDomain = this.hostnameDomain;
    n.zoneDomain = this.zoneDomain;
    return n;
  }
}

function removeFrom(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.key === key);
  if (i >= 0) list.splice(i, 1);
}

/** The NodeInfo field holding the domain number for a topology key, if the key has one. */
export function domainField(key: string): 'hostnameDomain' | 'zoneDomain' | undefined {
  return key === LabelHostname ? 'hostnameDomain' : key === LabelTopologyZone ? 'zoneDomain' : undefined;
}
