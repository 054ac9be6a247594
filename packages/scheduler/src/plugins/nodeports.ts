// NodePorts: a node must have the pod's host ports free.
import { stateKey, type CycleState, type FilterPlugin, type PreFilterPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import { Code, newStatus, SKIP, type Status } from '../framework/status.js';
import type { ContainerPort, Pod } from '../framework/types.js';
import * as names from './names.js';

export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";
const key = stateKey('PreFilter' + names.NodePorts);

/** Host ports of containers and of restartable (sidecar) init containers. */
export function getContainerPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  }
  return out;
}

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = names.NodePorts;
  private static readonly status = newStatus(Code.Unschedulable, ErrReasonNodePorts);

  preFilter(state: CycleState, pod: PodInfo): { status: Status | null } {
    const ports = getContainerPorts(pod.pod);
    if (ports.length === 0) return { status: SKIP };
    state.write(key, ports);
    return { status: null };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const ports = state.read<ContainerPort[]>(key) ?? getContainerPorts(pod.pod);
    if (node.usedPorts.size === 0) return null;
    for (const p of ports) {
      if (node.usedPorts.checkConflict(p.hostIP, p.protocol, p.hostPort ?? 0)) return NodePorts.status;
    }
    return null;
  }
}
