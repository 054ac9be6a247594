// The small plugins: PrioritySort, NodeUnschedulable, NodeName.
import type { FilterPlugin, PreFilterPlugin, QueueSortPlugin, QueuedPodInfo, CycleState } from '../framework/interface.js';
import type { NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import { Code, newStatus, SKIP, type Status } from '../framework/status.js';
import { TaintNodeUnschedulable } from '../framework/types.js';
import * as names from './names.js';
import { tolerationsTolerateTaint } from './taints.js';

/** Higher priority first, then the earlier queue timestamp. */
export class PrioritySort implements QueueSortPlugin {
  readonly name = names.PrioritySort;
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = a.podInfo.priority;
    const p2 = b.podInfo.priority;
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}

export const ErrReasonUnschedulable = 'node(s) were unschedulable';

export class NodeUnschedulable implements FilterPlugin {
  readonly name = names.NodeUnschedulable;
  private static readonly taint = { key: TaintNodeUnschedulable, effect: 'NoSchedule' };
  private static readonly status = newStatus(Code.UnschedulableAndUnresolvable, ErrReasonUnschedulable);
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    // A pod that tolerates the unschedulable taint may still land on a cordoned node.
    if (tolerationsTolerateTaint(pod.pod.spec?.tolerations, NodeUnschedulable.taint)) return null;
    return NodeUnschedulable.status;
  }
}

export const ErrReasonNodeName = "node(s) didn't match the requested node name";

export class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = names.NodeName;
  private static readonly status = newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNodeName);
  preFilter(_s: CycleState, pod: PodInfo): { status: Status | null; result?: { nodeNames?: Set<string> } } {
    const n = pod.pod.spec?.nodeName;
    if (!n) return { status: SKIP };
    return { status: null, result: { nodeNames: new Set([n]) } };
  }
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const n = pod.pod.spec?.nodeName;
    if (n && n !== node.name) return NodeName.status;
    return null;
  }
}
