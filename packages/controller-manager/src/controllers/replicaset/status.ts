// ReplicaSet status from its pods (replica_set_utils.go calculateStatus).
import type { Pod, ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from '@mk/api';
import { selectorFromSet } from '@mk/api';
import { isPodAvailable, isPodReady } from '../../util/pod.js';

export function calculateStatus(rs: ReplicaSet, pods: Pod[], manageError: unknown, now = Date.now()): ReplicaSetStatus {
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (templateLabels.matches(p.metadata.labels)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  let conditions = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const old = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  if (manageError) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : 'FailedDelete';
    const message = manageError instanceof Error ? manageError.message : String(manageError);
    const cond: ReplicaSetCondition = {
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      reason,
      message,
    };
    conditions = [...conditions, cond];
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation,
  };
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** Status as Kubernetes serialises it: zero counts and empty lists are omitted. */
export function statusPatch(s: ReplicaSetStatus): Record<string, unknown> {
  return {
    replicas: s.replicas,
    fullyLabeledReplicas: s.fullyLabeledReplicas || null,
    readyReplicas: s.readyReplicas || null,
    availableReplicas: s.availableReplicas || null,
    observedGeneration: s.observedGeneration ?? null,
    conditions: s.conditions?.length ? s.conditions : null,
  };
}

export function sameStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  if (!a) return false;
  return (
    a.replicas === b.replicas &&
    (a.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0) &&
    (a.readyReplicas ?? 0) === (b.readyReplicas ?? 0) &&
    (a.availableReplicas ?? 0) === (b.availableReplicas ?? 0) &&
    a.observedGeneration === b.observedGeneration &&
    JSON.stringify(a.conditions ?? []) === JSON.stringify(b.conditions ?? [])
  );
}
