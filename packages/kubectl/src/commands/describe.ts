// mk describe TYPE [NAME_PREFIX | -l SELECTOR] | TYPE/NAME
import type { KubeObject, ResourceInfo } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, str } from '../cli/command.js';
import { ALL_NAMESPACES, FILENAME, RECURSIVE, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { loadManifests } from '../cli/manifests.js';
import { resourceOfManifest, setNamespace } from '../cli/objects.js';
import { renderError } from '../cli/render-error.js';
import { openSession, parseTypeArgs, resourceArg, type Session } from '../cli/session.js';
import { describePod } from '../describe/pod.js';
import {
  describeConfigMap, describeDaemonSet, describeDeployment, describeEndpoints, describeGeneric, describeNamespace,
  describeNode, describeReplicaSet, describeSecret, describeService,
} from '../describe/others.js';
import type { CoreEvent } from '../describe/writer.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  SELECTOR,
  ALL_NAMESPACES,
  { name: 'show-events', type: 'bool', default: true, usage: 'If true, display events related to the described object.' },
];

export const help = `Show details of a specific resource or group of resources.

Examples:
  mk describe nodes kubernetes-node-emt8.c.myproject.internal
  mk describe pods/nginx
  mk describe pods -l name=myLabel

Usage:
  mk describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]`;

async function eventsFor(s: Session, obj: KubeObject, show: boolean): Promise<CoreEvent[] | undefined> {
  if (!show) return undefined;
  const ns = obj.metadata.namespace ?? 'default';
  try {
    const list = await s.client.list<CoreEvent>('events', { namespace: ns });
    return list.items.filter((e) =>
      e.involvedObject?.uid ? e.involvedObject.uid === obj.metadata.uid : e.involvedObject?.name === obj.metadata.name && e.involvedObject?.kind === obj.kind,
    );
  } catch {
    return [];
  }
}

function ownedBy(o: KubeObject, owner: KubeObject): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

export async function describeObject(s: Session, r: ResourceInfo, obj: KubeObject, showEvents: boolean): Promise<string> {
  obj.kind ??= r.kind;
  obj.apiVersion ??= r.group ? `${r.group}/${r.version}` : r.version;
  const ns = obj.metadata.namespace;
  const ev = (): Promise<CoreEvent[] | undefined> => eventsFor(s, obj, showEvents);
  switch (r.kind) {
    case 'Pod':
      return describePod(obj, await ev());
    case 'Node': {
      const pods = (await s.client.list('pods', { fieldSelector: `spec.nodeName=${obj.metadata.name}` }).catch(() => ({ items: [] as KubeObject[] }))).items.filter((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName === obj.metadata.name);
      const lease = await s.client.get('leases', 'kube-node-lease', obj.metadata.name!).catch(() => undefined);
      return describeNode(obj, pods, lease, await ev());
    }
    case 'Deployment': {
      const rss = (await s.client.list('replicasets', { namespace: ns })).items.filter((rs) => ownedBy(rs, obj));
      const revision = (x: KubeObject): string | undefined => x.metadata.annotations?.['deployment.kubernetes.io/revision'];
      const depRev = revision(obj);
      let newRS = rss.find((rs) => depRev !== undefined && revision(rs) === depRev);
      newRS ??= rss.sort((a, b) => Number(revision(b) ?? 0) - Number(revision(a) ?? 0))[0];
      const old = rss.filter((rs) => rs !== newRS && ((rs as { spec?: { replicas?: number } }).spec?.replicas ?? 0) > 0);
      return describeDeployment(obj, newRS, old, await ev());
    }
    case 'ReplicaSet':
    case 'DaemonSet': {
      const pods = (await s.client.list('pods', { namespace: ns })).items.filter((p) => ownedBy(p, obj));
      return r.kind === 'ReplicaSet' ? describeReplicaSet(obj, pods, await ev()) : describeDaemonSet(obj, pods, await ev());
    }
    case 'Service': {
      const slices = await s.client
        .list('endpointslices', { namespace: ns, labelSelector: `kubernetes.io/service-name=${obj.metadata.name}` })
        .then((l) => l.items, () => [] as KubeObject[]);
      return describeService(obj, slices, await ev());
    }
    case 'Endpoints':
      return describeEndpoints(obj, await ev());
    case 'Namespace':
      return describeNamespace(obj);
    case 'ConfigMap':
      return describeConfigMap(obj, await ev());
    case 'Secret':
      return describeSecret(obj);
    default:
      return describeGeneric(obj, await ev());
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const s = openSession(ctx.global);
  const show = f['show-events'] !== false;
  const allNs = bool(f, 'all-namespaces');
  const found: Array<{ r: ResourceInfo; obj: KubeObject }> = [];
  const errors: string[] = [];
  const files = arr(f, 'filename');
  if (files.length) {
    for (const m of await loadManifests(files, bool(f, 'recursive'), 'describe')) {
      const r = resourceOfManifest(m);
      const ns = setNamespace(r, m.object, s);
      try {
        found.push({ r, obj: await s.client.get(r, ns, m.object.metadata.name ?? '') });
      } catch (e) {
        errors.push(renderError(e).message);
      }
    }
  } else {
    if (!ctx.args.length) throw new CliError('You must specify the type of resource to describe. Use "mk api-resources" for a complete list of supported resources.');
    const typed = ctx.args.some((a) => a.includes('/')) ? parseTypeArgs(ctx.args) : ctx.args[0].split(',').map((t) => ({ resource: resourceArg(t), names: ctx.args.slice(1) }));
    for (const t of typed) {
      const r = t.resource;
      const ns = r.namespaced ? (allNs ? undefined : s.namespace) : undefined;
      if (!t.names.length) {
        const list = await s.client.list(r, { namespace: ns, labelSelector: str(f, 'selector') });
        for (const o of list.items) found.push({ r, obj: o });
        continue;
      }
      for (const name of t.names) {
        try {
          found.push({ r, obj: await s.client.get(r, ns, name) });
        } catch (e) {
          // kubectl falls back to a name-prefix match before reporting NotFound.
          if ((e as { code?: number }).code === 404) {
            const list = await s.client.list(r, { namespace: ns });
            const matches = list.items.filter((o) => (o.metadata.name ?? '').startsWith(name));
            if (matches.length) {
              for (const o of matches) found.push({ r, obj: o });
              continue;
            }
          }
          errors.push(renderError(e).message);
        }
      }
    }
    if (!found.length && !errors.length) {
      const nsd = typed.some((t) => t.resource.namespaced);
      process.stderr.write(nsd && !allNs ? `No resources found in ${s.namespace} namespace.\n` : 'No resources found\n');
      return 0;
    }
  }
  let out = '';
  for (const { r, obj } of found) {
    const text = await describeObject(s, r, obj, show);
    out += out ? `\n\n${text}` : text;
  }
  process.stdout.write(out);
  for (const e of errors) process.stderr.write(`${e}\n`);
  return errors.length ? 1 : 0;
}
