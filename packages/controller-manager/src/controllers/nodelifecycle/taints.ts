// The taints the node lifecycle controller owns, from a node's conditions and spec
// (TaintNodesByCondition for NoSchedule, doNoExecuteTaintingPass for NoExecute).
import type { Node, NodeCondition, Taint } from '@mk/api';
import {
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
} from '../../util/taints.js';

const MANAGED = new Set([
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
]);

function cond(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

export function desiredManagedTaints(node: Node): Array<Pick<Taint, 'key' | 'effect'>> {
  const out: Array<Pick<Taint, 'key' | 'effect'>> = [];
  const ready = cond(node, 'Ready')?.status;
  if (ready === 'False') out.push({ key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' }, { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') out.push({ key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' });
  if (node.spec?.unschedulable) out.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  if (cond(node, 'MemoryPressure')?.status === 'True') out.push({ key: TAINT_NODE_MEMORY_PRESSURE, effect: 'NoSchedule' });
  if (cond(node, 'DiskPressure')?.status === 'True') out.push({ key: TAINT_NODE_DISK_PRESSURE, effect: 'NoSchedule' });
  if (cond(node, 'PIDPressure')?.status === 'True') out.push({ key: TAINT_NODE_PID_PRESSURE, effect: 'NoSchedule' });
  if (cond(node, 'NetworkUnavailable')?.status === 'True') out.push({ key: TAINT_NODE_NETWORK_UNAVAILABLE, effect: 'NoSchedule' });
  return out;
}

/** The node's taints with the managed ones made to match; undefined when nothing changes. */
export function reconcileTaints(node: Node, now: string): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const want = desiredManagedTaints(node);
  const has = (k: string, e: string): Taint | undefined => current.find((t) => t.key === k && t.effect === e);
  const keep = current.filter((t) => !MANAGED.has(t.key) || want.some((w) => w.key === t.key && w.effect === t.effect));
  const add = want.filter((w) => !has(w.key, w.effect)).map((w) => ({ key: w.key, effect: w.effect, timeAdded: now }) as Taint);
  if (add.length === 0 && keep.length === current.length) return undefined;
  return [...keep, ...add];
}
