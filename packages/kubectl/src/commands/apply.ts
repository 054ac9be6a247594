// mk apply: kubectl's client-side apply (last-applied annotation + three-way strategic
// merge), --server-side, --dry-run, --prune.
import { createThreeWayJsonMergePatch, createThreeWayMergePatch, hasStrategicMeta, type KubeObject, type ResourceInfo } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, str } from '../cli/command.js';
import { DRY_RUN, dryRun, dryRunSuffix, FILENAME, OUTPUT, RECURSIVE, SELECTOR, ALL_NAMESPACES, type DryRun } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { loadManifests } from '../cli/manifests.js';
import { resourceOfManifest, setNamespace, withSource } from '../cli/objects.js';
import { renderError } from '../cli/render-error.js';
import { runOrdered, type OrderedTask } from '../cli/ordered.js';
import { kindName, openSession, resourceArg, type Session } from '../cli/session.js';
import { lastApplied, modifiedConfiguration } from '../apply/last-applied.js';
import { objectName, parseOutput, printObjects } from '../printers/output.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  OUTPUT,
  DRY_RUN,
  SELECTOR,
  ALL_NAMESPACES,
  { name: 'prune', type: 'bool', usage: 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.' },
  { name: 'all', type: 'bool', usage: 'Select all resources in the namespace of the specified resource types.' },
  { name: 'server-side', type: 'bool', usage: 'If true, apply runs in the server instead of the client.' },
  { name: 'force-conflicts', type: 'bool', usage: 'If true, server-side apply will force the changes against conflicts.' },
  { name: 'field-manager', type: 'string', usage: 'Name of the manager used to track field ownership.' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
  { name: 'overwrite', type: 'bool', default: true, usage: 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration' },
  { name: 'force', type: 'bool', usage: 'If true, immediately remove resources from API and bypass graceful deletion.' },
];

export const help = `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet.

Examples:
  mk apply -f ./pod.yaml
  mk apply -f ./manifests/ -R
  cat pod.json | mk apply -f -

Usage:
  mk apply (-f FILENAME | -k DIRECTORY) [options]`;

/** Requests in flight at once while applying many objects. */
const APPLY_CONCURRENCY = 8;

// kubectl's default prune allowlist.
const PRUNE_TYPES = ['configmaps', 'endpoints', 'namespaces', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'replicationcontrollers', 'secrets', 'services', 'jobs', 'cronjobs', 'ingresses', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'];

export function fieldValidation(v: string | undefined): 'Strict' | 'Warn' | 'Ignore' {
  if (v === 'warn') return 'Warn';
  if (v === 'ignore' || v === 'false') return 'Ignore';
  return 'Strict';
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const files = arr(f, 'filename');
  if (!files.length) throw new CliError('must specify one of -f and -k');
  if (ctx.args.length) throw new CliError(`Unexpected args: [${ctx.args.join(' ')}]\nSee '${ctx.path} -h' for help and examples`);
  const dr = dryRun(str(f, 'dry-run'));
  const out = str(f, 'output') ? parseOutput(str(f, 'output')) : undefined;
  if (bool(f, 'prune') && !str(f, 'selector') && !bool(f, 'all')) throw new CliError('all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector');
  const manifests = await loadManifests(files, bool(f, 'recursive'), 'apply');
  const s = openSession(ctx.global);
  const results: KubeObject[] = [];
  const applied = new Set<string>();
  const visited = new Set<string>();
  let failed = false;
  // Objects are applied several at a time (Namespaces alone, so what follows can use them);
  // messages come out in file order, as kubectl prints them.
  const tasks: OrderedTask<{ obj: KubeObject; op: string; r: ResourceInfo }>[] = manifests.map((m) => ({
    key: `${m.object.apiVersion}/${m.object.kind}/${m.object.metadata.namespace ?? ''}/${m.object.metadata.name ?? ''}`,
    barrier: m.object.kind === 'Namespace' || m.object.kind === 'CustomResourceDefinition',
    run: async () => {
      const r = resourceOfManifest(m);
      const ns = setNamespace(r, m.object, s);
      if (ns) visited.add(ns);
      if (!m.object.metadata.name) throw new CliError(`error when retrieving current configuration of:\nResource: "${r.plural}", GroupVersionKind: "${m.object.apiVersion}, Kind=${m.object.kind}"\nName: "", Namespace: "${ns ?? ''}"\nfrom server for: "${m.source}": resource name may not be empty`);
      const res = bool(f, 'server-side') ? await serverSideApply(s, r, m.object, dr, ctx) : await clientSideApply(s, r, m.object, dr, str(f, 'validate'), m.source);
      return { ...res, r };
    },
  }));
  await runOrdered(tasks, APPLY_CONCURRENCY, (i, res) => {
    const m = manifests[i];
    if (res.status === 'rejected') {
      failed = true;
      process.stderr.write(`${renderError(res.reason).message}\n`);
      return;
    }
    const { obj, op, r } = res.value;
    applied.add(`${r.plural}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`);
    results.push(obj);
    if (!out) process.stdout.write(`${objectName(obj.kind ? obj : { ...obj, kind: m.object.kind, apiVersion: m.object.apiVersion })} ${op}${dryRunSuffix(dr)}\n`);
    else if (out.kind === 'name') process.stdout.write(`${objectName(obj)}\n`);
  });
  if (out && out.kind !== 'name') process.stdout.write(printObjects(results, out, results.length === 1));
  if (bool(f, 'prune') && !failed) await prune(s, applied, visited, str(f, 'selector'), dr, bool(f, 'all-namespaces'));
  return failed ? 1 : 0;
}

async function clientSideApply(s: Session, r: ResourceInfo, obj: KubeObject, dr: DryRun, validate: string | undefined, source: string): Promise<{ obj: KubeObject; op: string }> {
  const modified = modifiedConfiguration(obj);
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name!;
  let current: KubeObject | undefined;
  try {
    current = await s.client.get(r, ns, name);
  } catch (e) {
    if ((e as { code?: number }).code !== 404) throw withSource(e, 'retrieving current configuration of', source);
  }
  if (!current) {
    if (dr === 'client') return { obj: modified, op: 'created' };
    try {
      const created = await s.client.create(r, modified, { dryRun: dr === 'server', fieldValidation: fieldValidation(validate), fieldManager: 'kubectl-client-side-apply' });
      return { obj: created, op: 'created' };
    } catch (e) {
      throw withSource(e, 'creating', source);
    }
  }
  const original = lastApplied(current) ?? {};
  const strategic = hasStrategicMeta(r.kind);
  const patch = strategic
    ? createThreeWayMergePatch(original, modified, current, r.kind)
    : createThreeWayJsonMergePatch(original, modified, current);
  if (Object.keys(patch).length === 0) return { obj: current, op: 'unchanged' };
  if (dr === 'client') return { obj: current, op: 'configured' };
  try {
    const patched = await s.client.patch(r, ns, name, patch, strategic ? 'strategic' : 'merge', {
      dryRun: dr === 'server',
      fieldValidation: fieldValidation(validate),
      fieldManager: 'kubectl-client-side-apply',
    });
    return { obj: patched, op: 'configured' };
  } catch (e) {
    throw withSource(e, 'applying patch', source);
  }
}

async function serverSideApply(s: Session, r: ResourceInfo, obj: KubeObject, dr: DryRun, ctx: CommandContext): Promise<{ obj: KubeObject; op: string }> {
  if (dr === 'client') throw new CliError('--dry-run=client doesn\'t work with --server-side (did you mean --dry-run=server instead?)');
  const patched = await s.client.patch(r, obj.metadata.namespace, obj.metadata.name!, obj, 'apply', {
    dryRun: dr === 'server',
    fieldManager: str(ctx.flags, 'field-manager') ?? 'kubectl',
    force: bool(ctx.flags, 'force-conflicts') || undefined,
  });
  return { obj: patched, op: 'serverside-applied' };
}

async function prune(s: Session, applied: Set<string>, visited: Set<string>, selector: string | undefined, dr: DryRun, allNs: boolean): Promise<void> {
  const namespaces = allNs ? [undefined] : visited.size ? [...visited] : [s.namespace];
  for (const t of PRUNE_TYPES) {
    let r: ResourceInfo;
    try {
      r = resourceArg(t);
    } catch {
      continue; // not served by mk
    }
    for (const ns of r.namespaced ? namespaces : [undefined]) {
      const list = await s.client.list(r, { namespace: ns, labelSelector: selector });
      for (const o of list.items) {
        if (!lastApplied(o)) continue;
        if (applied.has(`${r.plural}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)) continue;
        if (dr !== 'client') await s.client.delete(r, o.metadata.namespace, o.metadata.name!, { dryRun: dr === 'server', propagationPolicy: 'Background' });
        process.stdout.write(`${kindName(r)}/${o.metadata.name ?? ''} pruned${dryRunSuffix(dr)}\n`);
      }
    }
  }
}
