// The LevelDB key layout, after Kubernetes' etcd layout:
//   /registry/<group-or-core>/<plural>/<namespace>/<name>   (namespaced)
//   /registry/<group-or-core>/<plural>/<name>               (cluster-scoped)
// Inside the store an object is addressed by its resource id (`<group-or-core>/<plural>`) and
// its key within the resource (`<namespace>/<name>` or `<name>`), which sorts like etcd's.
import type { ResourceInfo } from '@mk/api';

export const REGISTRY_PREFIX = '/registry/';
/** Outside /registry/ so a scan of objects never meets it. */
export const RESOURCE_VERSION_KEY = '/mk/resourceVersion';

export function resourceId(r: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return `${r.group === '' ? 'core' : r.group}/${r.plural}`;
}

/** `pods` for the core group, `deployments.apps` otherwise: the resource as Kubernetes names it in errors. */
export function qualifiedResource(r: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function backendKey(resId: string, key: string): string {
  return `${REGISTRY_PREFIX}${resId}/${key}`;
}

/** Split a backend key into resource id and key within the resource; undefined if it is not an object key. */
export function parseBackendKey(k: string): { resId: string; key: string } | undefined {
  if (!k.startsWith(REGISTRY_PREFIX)) return undefined;
  const rest = k.slice(REGISTRY_PREFIX.length);
  const g = rest.indexOf('/');
  const p = g < 0 ? -1 : rest.indexOf('/', g + 1);
  if (p < 0 || p === rest.length - 1) return undefined;
  return { resId: rest.slice(0, p), key: rest.slice(p + 1) };
}
