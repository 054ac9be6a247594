// Builders for plugin table tests and explain(): nodes, pods and snapshots in a few words.
import type { Container, Node, Pod, PodSpec, Taint } from './framework/types.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  extra?: Record<string, string>;
  images?: Array<{ names: string[]; sizeBytes: number }>;
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const alloc = { cpu: o.cpu ?? '4', memory: o.memory ?? '32Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { capacity: alloc, allocatable: alloc, images: o.images },
  };
}

export interface PodOpts extends Partial<PodSpec> {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  ports?: number[];
  creationTimestamp?: string;
  nominatedNodeName?: string;
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const { namespace, labels, cpu, memory, ports, creationTimestamp, nominatedNodeName, ...spec } = o;
  const requests: Record<string, string> = {};
  if (cpu) requests.cpu = cpu;
  if (memory) requests.memory = memory;
  const c: Container = { name: 'c', image: 'pause', resources: { requests } };
  if (ports) c.ports = ports.map((p) => ({ containerPort: p, hostPort: p }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: namespace ?? 'default', labels, uid: `uid-${name}`, creationTimestamp },
    spec: { containers: [c], ...spec },
    status: nominatedNodeName ? { nominatedNodeName } : {},
  };
}

/** A snapshot of nodes with pods placed by their spec.nodeName. */
export { snapshotFromObjects as makeSnapshot } from './framework/snapshot.js';
