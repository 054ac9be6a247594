// The scale subresource (autoscaling/v1 Scale) of Deployments and ReplicaSets.
import { badRequest, type KubeObject, type LabelSelector, type ResourceInfo } from '@mk/api';
import { selectorString } from '../table/index.js';
import type { ApiContext } from './context.js';
import { conflictFor, invalidFor, updateObject, type UpdateResult } from './registry.js';

export function scaleOf(obj: KubeObject): KubeObject {
  const m = obj.metadata;
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (obj.status ?? {}) as { replicas?: number };
  const metadata: KubeObject['metadata'] = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

const SCALE: ResourceInfo = { group: 'autoscaling', version: 'v1', kind: 'Scale', plural: 'scale', singular: 'scale', namespaced: true };

/**
 * Writes spec.replicas from a Scale (PUT, or a patch applied to the current Scale by the caller
 * through toScale). A resourceVersion in the Scale is a precondition on the parent object.
 */
export async function updateScale(
  ctx: ApiContext,
  r: ResourceInfo,
  namespace: string | undefined,
  name: string,
  toScale: (current: KubeObject) => KubeObject,
  dryRun: boolean,
): Promise<{ result: UpdateResult; scale: KubeObject }> {
  const result = await updateObject(
    ctx,
    r,
    namespace,
    name,
    (cur, entry) => {
      const scale = toScale(scaleOf({ ...cur, metadata: { ...cur.metadata, resourceVersion: String(entry.resourceVersion) } }));
      if (scale.metadata?.name !== undefined && scale.metadata.name !== name) {
        throw badRequest(`the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`);
      }
      const rv = scale.metadata?.resourceVersion;
      // A stale resourceVersion fails on every retry too, so retrying is always safe.
      if (rv && rv !== String(entry.resourceVersion)) throw conflictFor(r, name);
      const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw invalidFor(SCALE, name, [
          { reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` },
        ]);
      }
      cur.spec = { ...((cur.spec as object | undefined) ?? {}), replicas };
      return cur;
    },
    { dryRun, retry: true },
  );
  return { result, scale: scaleOf(result.object) };
}
