// Where a DaemonSet's pods belong (daemon_controller.go NodeShouldRunDaemonPod, util.go).
import type { DaemonSet, Node, Pod, PodSpec, Toleration } from '@mk/api';
import { clone } from '../../util/owner.js';
import {
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  nodeMatchesPod,
  untoleratedTaints,
} from '../../util/taints.js';

/** AddOrUpdateDaemonPodTolerations: daemons keep running through node trouble. */
export function daemonPodTolerations(spec: PodSpec): Toleration[] {
  const add: Toleration[] = [
    { key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_NODE_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_PID_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) add.push({ key: TAINT_NODE_NETWORK_UNAVAILABLE, operator: 'Exists', effect: 'NoSchedule' });
  const out = [...(spec.tolerations ?? [])];
  for (const t of add) {
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** shouldRun: a pod belongs here; shouldContinueRunning: an existing one may stay (NoSchedule only). */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = ds.spec?.template.spec ?? { containers: [] };
  const pod = { spec: { ...spec, tolerations: daemonPodTolerations(spec) } };
  if (!nodeMatchesPod(node, pod)) return { shouldRun: false, shouldContinueRunning: false };
  if (untoleratedTaints(node, pod.spec.tolerations, ['NoExecute']).length) return { shouldRun: false, shouldContinueRunning: false };
  if (untoleratedTaints(node, pod.spec.tolerations, ['NoSchedule']).length) return { shouldRun: false, shouldContinueRunning: true };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** The node a daemon pod is for: its nodeName, or the metadata.name its affinity pins. */
export function daemonPodNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the scheduler places it on exactly this node. */
export function podSpecForNode(spec: PodSpec, nodeName: string): PodSpec {
  const s = clone(spec);
  s.tolerations = daemonPodTolerations(s);
  s.affinity = { ...(s.affinity ?? {}) };
  s.affinity.nodeAffinity = {
    ...(s.affinity.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
    },
  };
  return s;
}
