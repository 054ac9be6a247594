// Taints and tolerations (k8s.io/api/core/v1 toleration.go, taint.go).
import type { Node, Pod, Taint, Toleration } from '@mk/api';
import { matchNodeSelectorTerms } from '@mk/api';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function tolerationFor(tolerations: Toleration[] | undefined, taint: Taint): Toleration | undefined {
  return (tolerations ?? []).find((t) => toleratesTaint(t, taint));
}

/** The node's NoSchedule/NoExecute taints the pod does not tolerate. */
export function untoleratedTaints(node: Node, tolerations: Toleration[] | undefined, effects: string[] = ['NoSchedule', 'NoExecute']): Taint[] {
  return (node.spec?.taints ?? []).filter((taint) => effects.includes(taint.effect) && !tolerationFor(tolerations, taint));
}

/** nodeSelector and required node affinity. */
export function nodeMatchesPod(node: Node, pod: Pick<Pod, 'spec'>): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req && req.nodeSelectorTerms?.length) return matchNodeSelectorTerms(req.nodeSelectorTerms, labels, node.metadata.name ?? '');
  return true;
}
