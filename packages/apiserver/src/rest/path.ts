// Parses a resource URL (/api/v1/..., /apis/{group}/{version}/...) into what it addresses, as
// Kubernetes' RequestInfoFactory does.
import { resourceForPath, type ResourceInfo } from '@mk/api';

export interface RequestTarget {
  r: ResourceInfo;
  /** Namespace from the path (undefined for cluster-scoped paths and all-namespace lists). */
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy /watch/ path prefix was used. */
  watchPath: boolean;
}

/** undefined when the path names no resource mk serves. */
export function parseResourcePath(pathname: string): RequestTarget | undefined {
  const segs = pathname.split('/');
  // ['', 'api', 'v1', ...] or ['', 'apis', group, version, ...]
  let group: string;
  let version: string;
  let i: number;
  if (segs[1] === 'api') {
    group = '';
    version = segs[2];
    i = 3;
  } else if (segs[1] === 'apis') {
    group = segs[2];
    version = segs[3];
    i = 4;
  } else return undefined;
  if (!version) return undefined;
  let rest = segs.slice(i);
  if (rest.length > 0 && rest[rest.length - 1] === '') rest = rest.slice(0, -1);
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return undefined;
  let dec = rest;
  if (pathname.includes('%')) {
    try {
      dec = rest.map(decodeURIComponent);
    } catch {
      return undefined;
    }
  }
  // /namespaces/{ns}/{plural}[/{name}[/{sub}]] when {plural} is a namespaced resource; otherwise
  // /namespaces/{name}[/{sub}] addresses the Namespace itself.
  if (dec[0] === 'namespaces' && dec.length >= 3) {
    const r = resourceForPath(group, version, dec[2]);
    if (r && r.namespaced) {
      if (dec.length > 5) return undefined;
      return { r, namespace: dec[1], name: dec[3], subresource: dec[4], watchPath };
    }
  }
  const r = resourceForPath(group, version, dec[0]);
  if (!r || dec.length > 3) return undefined;
  return { r, name: dec[1], subresource: dec[2], watchPath };
}
