// Naming a resource: client methods take a ResourceInfo from @mk/api, or a string a user
// would type (`pods`, `deploy`, `leases.coordination.k8s.io`), or (apiVersion, kind).
import { resolveResource, resourceForKind } from '@mk/api';
import type { KubeObject, ResourceInfo } from '@mk/api';

export type ResourceRef = ResourceInfo | string;

// Names already resolved: resolveResource scans every built-in resource, and the typed verbs
// resolve their ResourceRef on every call (the built-in table never changes).
const resolved = new Map<string, ResourceInfo>();

export function toResource(ref: ResourceRef): ResourceInfo {
  if (typeof ref !== 'string') return ref;
  let r = resolved.get(ref);
  if (r) return r;
  r = resolveResource(ref);
  if (!r) throw new Error(`the server doesn't have a resource type "${ref}"`);
  if (resolved.size < 256) resolved.set(ref, r);
  return r;
}

/** The resource serving apiVersion/kind; throws kubectl's `no matches for kind` error otherwise. */
export function resourceFor(apiVersion: string, kind: string): ResourceInfo {
  const r = resourceForKind(apiVersion, kind);
  if (!r) throw new Error(`no matches for kind "${kind}" in version "${apiVersion}"`);
  return r;
}

/** The resource of an object, from its apiVersion and kind. */
export function resourceOf(obj: KubeObject): ResourceInfo {
  return resourceFor(obj.apiVersion ?? '', obj.kind ?? '');
}

/** The cache key client-go uses: `namespace/name`, or `name` for cluster-scoped objects. */
export function metaNamespaceKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name ?? ''}` : (obj.metadata.name ?? '');
}

export function splitMetaNamespaceKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i === -1 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
