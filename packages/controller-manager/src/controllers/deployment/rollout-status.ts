// What `kubectl rollout status` prints while it follows a rollout (kubectl's
// polymorphichelpers/rollout_status.go status viewers), as pure functions of the object.
import type { DaemonSet, Deployment } from '@mk/api';

export interface RolloutStatus {
  /** The line kubectl prints (with its trailing newline). */
  message: string;
  done: boolean;
  /** Set when following should stop with an error, e.g. the progress deadline passed. */
  error?: string;
}

export function deploymentRolloutStatus(d: Deployment): RolloutStatus {
  const name = d.metadata.name ?? '';
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0)) {
    const cond = s.conditions?.find((c) => c.type === 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
    const updated = s.updatedReplicas ?? 0;
    const replicas = s.replicas ?? 0;
    const available = s.availableReplicas ?? 0;
    if (d.spec?.replicas !== undefined && updated < d.spec.replicas) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${d.spec.replicas} new replicas have been updated...\n`, done: false };
    }
    if (replicas > updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...\n`, done: false };
    }
    if (available < updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`, done: false };
    }
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

export function daemonSetRolloutStatus(ds: DaemonSet): RolloutStatus {
  const name = ds.metadata.name ?? '';
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  }
  const s = ds.status;
  if ((ds.metadata.generation ?? 0) <= (s?.observedGeneration ?? 0)) {
    const desired = s?.desiredNumberScheduled ?? 0;
    const updated = s?.updatedNumberScheduled ?? 0;
    const available = s?.numberAvailable ?? 0;
    if (updated < desired) {
      return { message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`, done: false };
    }
    if (available < desired) {
      return { message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`, done: false };
    }
    return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
}
