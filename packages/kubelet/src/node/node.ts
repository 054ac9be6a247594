// The Node object a kubelet registers (kubelet_node_status.go): labels, taints, capacity,
// allocatable, addresses, nodeInfo, and the four conditions it owns.
import { randomUUID } from 'node:crypto';
import { readFileSync, statfsSync } from 'node:fs';
import { arch, cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';
import { parseQuantity } from '@mk/api';
import type { ContainerImage, Node, NodeCondition, NodeStatus, NodeSystemInfo, ResourceList, Taint } from '@mk/api';

export const KUBELET_VERSION = 'v1.32.0+mk';
export const KUBELET_PORT = 10250;

export interface NodeSpecInput {
  nodeName: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  podCIDR?: string;
  capacity: ResourceList;
  allocatable: ResourceList;
  nodeIP: string;
  hostname?: string;
  nodeInfo: NodeSystemInfo;
  /** Images on the node, biggest first (kubelet reports up to 50). */
  images?: ContainerImage[];
  /** The port the kubelet server listens on. */
  kubeletPort?: number;
  /**
   * A pod-network agent (mk-proxy) sets this node's network up: register with
   * NetworkUnavailable=True until it says otherwise (providerRequiresNetworkingConfiguration).
   */
  podNetworkAgent?: boolean;
}

/** The conditions the kubelet writes; others (NetworkUnavailable) belong to whoever set them. */
export const KUBELET_CONDITIONS = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);

/** A status to send as a strategic merge patch: conditions merge by type, so only ours go. */
export function kubeletStatusPatch(status: NodeStatus): NodeStatus {
  return { ...status, conditions: status.conditions?.filter((c) => KUBELET_CONDITIONS.has(c.type)) };
}

/** Go's runtime.GOARCH names. */
export function goArch(a: string = arch()): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[a] ?? a;
}

export function nodeLabels(nodeName: string, extra: Record<string, string> = {}): Record<string, string> {
  const os = 'linux';
  return {
    'beta.kubernetes.io/arch': goArch(),
    'beta.kubernetes.io/os': os,
    'kubernetes.io/arch': goArch(),
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': os,
    ...extra,
  };
}

export function nodeConditions(now: string, old?: NodeCondition[]): NodeCondition[] {
  const want: Array<Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>> = [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ];
  const owned = want.map((c) => {
    const prev = old?.find((o) => o.type === c.type);
    const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime };
  });
  // Conditions others own are kept as last seen (the kubelet never writes them).
  return [...(old ?? []).filter((o) => !KUBELET_CONDITIONS.has(o.type)), ...owned];
}

export function nodeStatus(input: NodeSpecInput, now: string, old?: NodeStatus): NodeStatus {
  return {
    capacity: input.capacity,
    allocatable: input.allocatable,
    conditions: nodeConditions(now, old?.conditions),
    addresses: [
      { type: 'InternalIP', address: input.nodeIP },
      { type: 'Hostname', address: input.hostname ?? input.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: input.kubeletPort ?? KUBELET_PORT } },
    nodeInfo: input.nodeInfo,
    ...(input.images ? { images: input.images } : old?.images ? { images: old.images } : {}),
  };
}

export function buildNode(input: NodeSpecInput, now: string): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.nodeName,
      labels: nodeLabels(input.nodeName, input.labels),
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: nodeStatus(input, now),
  };
  if (input.taints?.length) node.spec!.taints = input.taints;
  if (input.podNetworkAgent) {
    // As the kubelet's initialNode does when the network needs configuring: the node
    // lifecycle controller taints it node.kubernetes.io/network-unavailable until it is False.
    node.status!.conditions!.unshift({ type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated', message: 'Node created without a route', lastHeartbeatTime: now, lastTransitionTime: now });
  }
  if (input.podCIDR) {
    node.spec!.podCIDR = input.podCIDR;
    node.spec!.podCIDRs = [input.podCIDR];
  }
  return node;
}

/** What changed in status apart from heartbeat times (kubelet writes on change, else every few minutes). */
export function nodeStatusChanged(a: NodeStatus | undefined, b: NodeStatus | undefined): boolean {
  const strip = (s: NodeStatus | undefined): string =>
    JSON.stringify({ ...s, conditions: s?.conditions?.map((c) => ({ ...c, lastHeartbeatTime: undefined })) });
  return strip(a) !== strip(b);
}

// ---- this machine ----------------------------------------------------------------------

function osImage(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) return m[1];
  } catch {
    // no os-release: fall through
  }
  return 'Linux';
}

function machineID(): string {
  try {
    return readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {
    return randomUUID().replace(/-/g, '');
  }
}

const BOOT_ID = (() => {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return randomUUID();
  }
})();

export function hostNodeInfo(containerRuntimeVersion: string): NodeSystemInfo {
  const id = machineID();
  return {
    machineID: id,
    systemUUID: id,
    bootID: BOOT_ID,
    kernelVersion: release(),
    osImage: osImage(),
    containerRuntimeVersion,
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: KUBELET_VERSION,
    operatingSystem: 'linux',
    architecture: goArch(),
  };
}

/** The first non-internal IPv4 address, as the kubelet picks its InternalIP. */
export function hostIP(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('172.17.')) return a.address;
  }
  return '127.0.0.1';
}

export function defaultNodeName(): string {
  return hostname().toLowerCase();
}

export interface Reserved {
  cpu?: string;
  memory?: string;
}

/**
 * Capacity of this machine, and allocatable = capacity - reserved - eviction threshold
 * (memory.available<100Mi, nodefs.available<10%), as the kubelet computes it.
 */
export function hostResources(rootDir: string, reserved: Reserved = {}): { capacity: ResourceList; allocatable: ResourceList } {
  const memBytes = totalmem();
  let disk = 0;
  try {
    const s = statfsSync(rootDir);
    disk = s.blocks * s.bsize;
  } catch {
    disk = 0;
  }
  const memKi = Math.floor(memBytes / 1024);
  const cpuCount = cpus().length;
  const resCpuMilli = reserved.cpu ? parseQuantity(reserved.cpu).milliValue() : 0;
  const resMemKi = Math.floor((reserved.memory ? parseQuantity(reserved.memory).value() : 0) / 1024) + 100 * 1024;
  const capacity: ResourceList = {
    cpu: String(cpuCount),
    'ephemeral-storage': `${Math.floor(disk / 1024)}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${memKi}Ki`,
    pods: '110',
  };
  const cpuAlloc = cpuCount * 1000 - resCpuMilli;
  const allocatable: ResourceList = {
    cpu: cpuAlloc % 1000 === 0 ? String(cpuAlloc / 1000) : `${cpuAlloc}m`,
    'ephemeral-storage': String(Math.floor(disk * 0.9)),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${Math.max(0, memKi - resMemKi)}Ki`,
    pods: '110',
  };
  return { capacity, allocatable };
}
