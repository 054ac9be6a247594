// Helpers for commands that act on objects read from files: which resource, which
// namespace, and kubectl's wording for errors about a file's object.
import { resourceForKind, StatusError, type KubeObject, type ResourceInfo } from '@mk/api';
import { CliError } from './errors.js';
import type { Manifest } from './manifests.js';
import type { Session } from './session.js';

export function resourceOfManifest(m: Manifest): ResourceInfo {
  const o = m.object;
  const r = resourceForKind(o.apiVersion, o.kind);
  if (!r) {
    throw new CliError(
      `resource mapping not found for name: "${o.metadata.name ?? ''}" namespace: "${o.metadata.namespace ?? ''}" from "${m.source}": no matches for kind "${o.kind}" in version "${o.apiVersion}"\nensure CRDs are installed first`,
    );
  }
  return r;
}

/**
 * Put the object in the namespace in effect, as kubectl's builder does; an explicit -n that
 * disagrees with the file is an error.
 */
export function setNamespace(r: ResourceInfo, obj: KubeObject, s: Session): string | undefined {
  if (!r.namespaced) {
    delete obj.metadata.namespace;
    return undefined;
  }
  const fileNs = obj.metadata.namespace;
  if (fileNs && s.config.namespaceExplicit && fileNs !== s.namespace) {
    throw new CliError(
      `the namespace from the provided object "${fileNs}" does not match the namespace "${s.namespace}". You must pass '--namespace=${fileNs}' to perform this operation.`,
    );
  }
  const ns = fileNs || s.namespace;
  obj.metadata.namespace = ns;
  return ns;
}

/** `Error from server (X): error when creating "f.yaml": ...`: the Status message gains the source. */
export function withSource(e: unknown, verb: string, source: string): unknown {
  if (e instanceof StatusError) {
    return new StatusError({ ...e.status, message: `error when ${verb} "${source}": ${e.status.message ?? ''}` });
  }
  return e;
}
