// Resolving `TYPE NAME...`, `TYPE/NAME`, `-l`, `--all` and `-f` to the objects a mutating
// command (label, annotate, scale, patch, set, taint, wait) acts on.
import type { KubeObject, ResourceInfo } from '@mk/api';
import { CliError } from './errors.js';
import { loadManifests } from './manifests.js';
import { resourceOfManifest, setNamespace } from './objects.js';
import { parseTypeArgs, type Session } from './session.js';

export interface ObjectRef {
  r: ResourceInfo;
  namespace: string | undefined;
  name: string;
  /** Present when the object was listed rather than named. */
  object?: KubeObject;
}

export interface TargetOptions {
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  filenames?: string[];
  recursive?: boolean;
}

export async function resolveTargets(s: Session, args: string[], o: TargetOptions): Promise<ObjectRef[]> {
  const out: ObjectRef[] = [];
  if (o.filenames?.length) {
    for (const m of await loadManifests(o.filenames, Boolean(o.recursive), 'process')) {
      const r = resourceOfManifest(m);
      out.push({ r, namespace: setNamespace(r, m.object, s), name: m.object.metadata.name ?? '' });
    }
    return out;
  }
  if (!args.length) throw new CliError('You must provide one or more resources by argument or filename.');
  for (const t of parseTypeArgs(args)) {
    const ns = t.resource.namespaced ? (o.allNamespaces ? undefined : s.namespace) : undefined;
    if (t.names.length) {
      for (const name of t.names) out.push({ r: t.resource, namespace: t.resource.namespaced ? s.namespace : undefined, name });
      continue;
    }
    if (!o.selector && !o.all) throw new CliError(`resource(s) were provided, but no name was specified`);
    const list = await s.client.list(t.resource, { namespace: ns, labelSelector: o.selector });
    for (const obj of list.items) out.push({ r: t.resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '', object: obj });
  }
  return out;
}
