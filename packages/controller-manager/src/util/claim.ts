// ControllerRefManager (controller_ref_manager.go): decide which objects an owner controls.
// Objects it controls that still match stay; those that stopped matching are released;
// orphans that match are adopted, unless the owner is being deleted.
import { isNotFound } from '@mk/client';
import type { KubeClient, ResourceRef } from '@mk/client';
import type { KubeObject, LabelSelectorMatcher } from '@mk/api';
import { getControllerOf, newControllerRef } from './owner.js';

export interface ClaimOptions {
  client: KubeClient;
  owner: KubeObject;
  ownerApiVersion: string;
  ownerKind: string;
  /** The owner's own resource, for the fresh read before adopting. */
  ownerResource: ResourceRef;
  /** The resource of the candidates, for the patches. */
  resource: ResourceRef;
  selector: LabelSelectorMatcher;
}

export async function claimObjects<T extends KubeObject>(o: ClaimOptions, candidates: T[]): Promise<T[]> {
  const uid = o.owner.metadata.uid;
  const claimed: T[] = [];
  let canAdopt: boolean | undefined;
  const errors: unknown[] = [];
  for (const obj of candidates) {
    const ref = getControllerOf(obj);
    const matches = o.selector.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue; // someone else's
      if (matches) {
        claimed.push(obj);
        continue;
      }
      if (o.owner.metadata.deletionTimestamp) continue;
      try {
        await release(o, obj);
      } catch (err) {
        if (!isNotFound(err)) errors.push(err);
      }
      continue;
    }
    if (!matches || o.owner.metadata.deletionTimestamp || obj.metadata.deletionTimestamp) continue;
    // Recheck the owner from the server: never adopt for an owner that is gone or going.
    canAdopt ??= await ownerStillThere(o);
    if (!canAdopt) continue;
    try {
      claimed.push(await adopt(o, obj));
    } catch (err) {
      if (!isNotFound(err)) errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
  return claimed;
}

async function ownerStillThere(o: ClaimOptions): Promise<boolean> {
  try {
    const fresh = await o.client.get(o.ownerResource, o.owner.metadata.namespace, o.owner.metadata.name ?? '');
    return fresh.metadata.uid === o.owner.metadata.uid && !fresh.metadata.deletionTimestamp;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function adopt<T extends KubeObject>(o: ClaimOptions, obj: T): Promise<T> {
  const refs = [...(obj.metadata.ownerReferences ?? []), newControllerRef(o.owner, o.ownerApiVersion, o.ownerKind)];
  // resourceVersion makes the patch fail with a Conflict if the object changed meanwhile.
  const patch = { metadata: { ownerReferences: refs, resourceVersion: obj.metadata.resourceVersion } };
  return o.client.patch<T>(o.resource, obj.metadata.namespace, obj.metadata.name ?? '', patch, 'merge');
}

async function release(o: ClaimOptions, obj: KubeObject): Promise<void> {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.owner.metadata.uid);
  const patch = { metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: obj.metadata.resourceVersion } };
  await o.client.patch(o.resource, obj.metadata.namespace, obj.metadata.name ?? '', patch, 'merge');
}
