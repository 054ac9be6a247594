// podFailurePolicy (pkg/controller/job/pod_failure_policy.go): the first rule that matches a
// failed pod decides: FailJob fails the Job at once, Ignore does not count the failure
// against backoffLimit, Count (and FailIndex, without per-index limits) counts it.
import type { Job, Pod, PodFailurePolicyRule } from '@mk/api';

export interface PolicyMatch {
  action: PodFailurePolicyRule['action'];
  /** The Job condition message for FailJob. */
  message: string;
}

export function matchPodFailurePolicy(job: Job, pod: Pod): PolicyMatch | undefined {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (r.onExitCodes) {
      const req = r.onExitCodes;
      for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
        if (req.containerName && req.containerName !== cs.name) continue;
        const code = cs.state?.terminated?.exitCode;
        if (code === undefined || code === 0) continue;
        const inSet = req.values.includes(code);
        if (req.operator === 'In' ? inSet : !inSet) {
          return { action: r.action, message: `Container ${cs.name} for pod ${who} failed with exit code ${code} matching ${r.action} rule at index ${i}` };
        }
      }
    }
    for (const pattern of r.onPodConditions ?? []) {
      if (pod.status?.conditions?.some((c) => c.type === pattern.type && c.status === (pattern.status ?? 'True'))) {
        return { action: r.action, message: `Pod ${who} has condition ${pattern.type} matching ${r.action} rule at index ${i}` };
      }
    }
  }
  return undefined;
}
