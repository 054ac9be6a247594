// Pod subresources that act: binding (the scheduler's POST) and eviction (PodDisruptionBudget-
// checked deletion, as `kubectl drain` uses).
import { badRequest, labelSelectorFromObject, newStatus, RESOURCES, StatusError, type KubeObject, type LabelSelector } from '@mk/api';
import type { ApiContext } from './context.js';
import { qualifiedResource, statusError } from './errors.js';
import { deleteObject, invalidFor, notFoundFor, updateObject, type DeleteOptions } from './registry.js';
import { nowRFC3339 } from './strategy.js';

const PODS = RESOURCES.find((r) => r.kind === 'Pod')!;
const PDBS = RESOURCES.find((r) => r.kind === 'PodDisruptionBudget')!;
const BINDING = { ...PODS, kind: 'Binding', plural: 'bindings' };

/** `{"kind":"Status",...,"status":"Success","code":201}`: what binding and eviction answer. */
export const CREATED_STATUS_JSON = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** POST pods/{name}/binding: sets spec.nodeName once (BindingREST.assignPod). */
export async function bindPod(ctx: ApiContext, namespace: string, name: string, binding: KubeObject, dryRun: boolean): Promise<void> {
  if (binding.metadata.name !== undefined && binding.metadata.name !== name) {
    throw badRequest(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (binding.metadata.namespace !== undefined && binding.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const target = (binding.target ?? {}) as { kind?: string; name?: string };
  if (!target.name) {
    throw invalidFor(BINDING, name, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  }
  if (target.kind && target.kind !== 'Node') {
    throw invalidFor(BINDING, name, [
      { reason: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: ${JSON.stringify(target.kind)}: supported values: "Node"` },
    ]);
  }
  const podsBinding = qualifiedResource(PODS, 'binding');
  await updateObject(
    ctx,
    PODS,
    namespace,
    name,
    (pod) => {
      const spec = (pod.spec ?? {}) as { nodeName?: string };
      if (pod.metadata.deletionTimestamp) {
        throw conflictOn(podsBinding, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      }
      if (spec.nodeName) throw conflictOn(podsBinding, name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
      spec.nodeName = target.name;
      pod.spec = spec;
      const ann = binding.metadata.annotations;
      if (ann && Object.keys(ann).length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...ann };
      const status = (pod.status ?? {}) as { conditions?: PodCondition[] };
      const conds = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      const prev = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
      conds.push({
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: prev?.status === 'True' && prev.lastTransitionTime ? prev.lastTransitionTime : nowRFC3339(),
      });
      status.conditions = conds;
      pod.status = status;
      return pod;
    },
    { dryRun, retry: true, subresource: 'binding' },
  );
}

function conflictOn(qualified: string, name: string, why: string): StatusError {
  const [resource, ...group] = qualified.split('.');
  return new StatusError(
    newStatus(409, 'Conflict', `Operation cannot be fulfilled on ${qualified} "${name}": ${why}`, { name, group: group.join('.'), kind: resource }),
  );
}

/** Pods whose eviction needs no budget check (canIgnorePDB). */
function canIgnorePDB(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

interface PDBStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
}

function tooManyRequests(causeMessage: string): StatusError {
  return statusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: 'DisruptionBudget', message: causeMessage }],
  });
}

/** POST pods/{name}/eviction (EvictionREST.Create): checks the pod's PodDisruptionBudget, then deletes it. */
export async function evictPod(ctx: ApiContext, namespace: string, name: string, eviction: KubeObject, dryRun: boolean): Promise<void> {
  if (eviction.metadata.name !== undefined && eviction.metadata.name !== name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  const pod = ctx.store.get(PODS, namespace, name);
  if (!pod) throw notFoundFor(PODS, name);
  const opts = (eviction.deleteOptions ?? {}) as Partial<DeleteOptions> & { dryRun?: string[] };
  const del: DeleteOptions = {
    gracePeriodSeconds: opts.gracePeriodSeconds,
    preconditions: opts.preconditions,
    propagationPolicy: opts.propagationPolicy,
    dryRun: dryRun || (Array.isArray(opts.dryRun) && opts.dryRun.includes('All')),
  };
  if (!canIgnorePDB(pod.object)) {
    const labels = pod.object.metadata.labels;
    const pdbs = ctx.store
      .list(PDBS, { namespace })
      .items.filter((e) => labelSelectorFromObject((e.object.spec as { selector?: LabelSelector } | undefined)?.selector).matches(labels));
    if (pdbs.length > 1) {
      throw statusError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    if (pdbs.length === 1) {
      const pdbName = pdbs[0].object.metadata.name ?? '';
      await updateObject(
        ctx,
        PDBS,
        namespace,
        pdbName,
        (pdb) => {
          const st = (pdb.status ?? {}) as PDBStatus;
          if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
            throw tooManyRequests(`The disruption budget ${pdbName} is still being processed by the server.`);
          }
          const allowed = st.disruptionsAllowed ?? 0;
          if (allowed < 0) throw statusError(403, 'Forbidden', 'pdb disruptions allowed is negative');
          if (allowed === 0) {
            throw tooManyRequests(`The disruption budget ${pdbName} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
          }
          st.disruptionsAllowed = allowed - 1;
          st.disruptedPods = { ...(st.disruptedPods ?? {}), [name]: nowRFC3339() };
          pdb.status = st;
          return pdb;
        },
        { dryRun: del.dryRun, retry: true, subresource: 'status' },
      );
    }
  }
  await deleteObject(ctx, PODS, namespace, name, del);
}
