// Pod admission plugins: DefaultTolerationSeconds and Priority (plugin/pkg/admission/...).
import { RESOURCES, type KubeObject } from '@mk/api';
import type { Store } from '../storage/types.js';

const PRIORITY_CLASSES = RESOURCES.find((r) => r.kind === 'PriorityClass')!;

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

function tolerates(t: Toleration, key: string): boolean {
  if (t.effect && t.effect !== 'NoExecute') return false;
  if (!t.key) return t.operator === 'Exists';
  return t.key === key;
}

/** Adds `not-ready` and `unreachable` NoExecute tolerations (300 s) unless the pod has its own. */
export function defaultTolerationSeconds(pod: KubeObject): void {
  const spec = (pod.spec ?? {}) as { tolerations?: Toleration[] };
  const tols = spec.tolerations ?? [];
  const add: Toleration[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tols.some((t) => tolerates(t, key))) {
      add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  if (add.length) spec.tolerations = [...tols, ...add];
  pod.spec = spec;
}

/** Kubernetes' built-in classes, created at start. */
export const SYSTEM_PRIORITY_CLASSES: KubeObject[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
    preemptionPolicy: 'PreemptLowerPriority',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    preemptionPolicy: 'PreemptLowerPriority',
  },
];

/**
 * Resolves spec.priorityClassName (or the global default class) into spec.priority and
 * spec.preemptionPolicy. Returns a reason for 403 Forbidden, or undefined.
 */
export function admitPriority(
  store: Store,
  pod: KubeObject,
  asked?: { priority?: number; preemptionPolicy?: string },
): string | undefined {
  const spec = (pod.spec ?? {}) as { priorityClassName?: string; priority?: number; preemptionPolicy?: string };
  // What the user set (defaulting may have filled the fields in since).
  const userPriority = asked ? asked.priority : spec.priority;
  const userPolicy = asked ? asked.preemptionPolicy : spec.preemptionPolicy;
  let value = 0;
  let policy: string | undefined;
  if (spec.priorityClassName) {
    const pc = store.get(PRIORITY_CLASSES, undefined, spec.priorityClassName);
    if (!pc) return `no PriorityClass with name ${spec.priorityClassName} was found`;
    value = Number(pc.object.value ?? 0);
    policy = pc.object.preemptionPolicy as string | undefined;
  } else {
    const def = store.list(PRIORITY_CLASSES, {}).items.find((e) => e.object.globalDefault === true);
    if (def) {
      spec.priorityClassName = def.object.metadata.name;
      value = Number(def.object.value ?? 0);
      policy = def.object.preemptionPolicy as string | undefined;
    }
  }
  if (userPriority !== undefined && userPriority !== null && userPriority !== value) {
    return `the integer value of priority (${userPriority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`;
  }
  spec.priority = value;
  spec.preemptionPolicy = userPolicy ?? policy ?? 'PreemptLowerPriority';
  pod.spec = spec;
  return undefined;
}
