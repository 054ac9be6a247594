// mk delete (-f FILE | TYPE NAME... | TYPE/NAME | TYPE -l SEL | TYPE --all)
import type { KubeObject, ResourceInfo } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, int, str } from '../cli/command.js';
import { ALL_NAMESPACES, DRY_RUN, dryRun, dryRunSuffix, FILENAME, OUTPUT, RECURSIVE, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { loadManifests } from '../cli/manifests.js';
import { resourceOfManifest, setNamespace } from '../cli/objects.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession, parseTypeArgs, type Session } from '../cli/session.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  SELECTOR,
  ALL_NAMESPACES,
  DRY_RUN,
  OUTPUT,
  { name: 'all', type: 'bool', usage: 'Delete all resources, in the namespace of the specified resource types.' },
  { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on.' },
  { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).' },
  { name: 'force', type: 'bool', usage: 'If true, immediately remove resources from API and bypass graceful deletion.' },
  { name: 'now', type: 'bool', usage: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).' },
  { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background', usage: 'Must be "background", "orphan", or "foreground". Defaults to background.' },
  { name: 'wait', type: 'bool', default: true, usage: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
  { name: 'ignore-not-found', type: 'bool', usage: 'Treat "resource not found" as a successful delete.' },
  { name: 'timeout', type: 'string', default: '0s', usage: 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object' },
];

export const help = `Delete resources by file names, stdin, resources and names, or by resources and label selector.

Examples:
  mk delete -f ./pod.json
  mk delete pod foo --grace-period=0 --force
  mk delete pods --all -n test

Usage:
  mk delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]`;

export function propagation(c: string | undefined): 'Background' | 'Foreground' | 'Orphan' {
  switch (c) {
    case undefined:
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
    default:
      throw new CliError(`invalid cascade value (${c}). Must be "background", "foreground", or "orphan".`);
  }
}

interface Target {
  r: ResourceInfo;
  namespace: string | undefined;
  name: string;
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const dr = dryRun(str(f, 'dry-run'));
  const s = openSession(ctx.global);
  const policy = propagation(str(f, 'cascade'));
  let grace = int(f, 'grace-period') ?? -1;
  const force = bool(f, 'force');
  if (bool(f, 'now')) {
    if (grace !== -1) throw new CliError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (force && grace === -1) grace = 0;
  if (!force && grace === 0) grace = 1; // kubectl: 0 means "immediately" only with --force
  if (force) process.stderr.write('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');

  const targets: Target[] = [];
  const files = arr(f, 'filename');
  const allNs = bool(f, 'all-namespaces');
  if (files.length) {
    for (const m of await loadManifests(files, bool(f, 'recursive'), 'delete')) {
      const r = resourceOfManifest(m);
      const ns = setNamespace(r, m.object, s);
      targets.push({ r, namespace: ns, name: m.object.metadata.name ?? '' });
    }
  } else {
    if (!ctx.args.length) throw new CliError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    const typed = parseTypeArgs(ctx.args);
    const selector = str(f, 'selector');
    const fieldSelector = str(f, 'field-selector');
    if (bool(f, 'all') && selector) throw new CliError("setting 'all' parameter but found a non empty selector. ");
    for (const t of typed) {
      const ns = t.resource.namespaced ? (allNs ? undefined : s.namespace) : undefined;
      if (t.names.length) {
        if (bool(f, 'all')) throw new CliError('name cannot be provided when a selector or --all is specified');
        for (const name of t.names) targets.push({ r: t.resource, namespace: ns, name });
        continue;
      }
      if (!selector && !fieldSelector && !bool(f, 'all')) throw new CliError(`resource(s) were provided, but no name was specified`);
      const list = await s.client.list(t.resource, { namespace: ns, labelSelector: selector, fieldSelector });
      for (const o of list.items) targets.push({ r: t.resource, namespace: o.metadata.namespace, name: o.metadata.name ?? '' });
    }
    if (!targets.length) {
      // kubectl delete names no namespace here (get does).
      process.stdout.write('No resources found\n');
      return 0;
    }
  }

  let failed = false;
  const deleted: Array<Target & { uid?: string }> = [];
  for (const t of targets) {
    try {
      if (dr !== 'client') {
        const res = await s.client.delete(t.r, t.namespace, t.name, {
          gracePeriodSeconds: grace >= 0 ? grace : undefined,
          propagationPolicy: policy,
          dryRun: dr === 'server',
        });
        deleted.push({ ...t, uid: (res as KubeObject).metadata?.uid ?? (res as { details?: { uid?: string } }).details?.uid });
      }
      if (str(f, 'output') === 'name') process.stdout.write(`${kindName(t.r)}/${t.name}\n`);
      else process.stdout.write(`${kindName(t.r)} "${t.name}" ${force ? 'force deleted' : 'deleted'}${dryRunSuffix(dr)}\n`);
    } catch (e) {
      if (bool(f, 'ignore-not-found') && (e as { code?: number }).code === 404) continue;
      failed = true;
      process.stderr.write(`${renderError(e).message}\n`);
    }
  }
  if (bool(f, 'wait') && dr === 'none' && grace !== 0) await waitGone(s, deleted);
  return failed ? 1 : 0;
}

/** Poll until each deleted object (same uid) is gone: finalizers and graceful deletion. */
export async function waitGone(s: Session, targets: Array<Target & { uid?: string }>, timeoutMs = 0): Promise<void> {
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  for (const t of targets) {
    for (;;) {
      try {
        const o = await s.client.get(t.r, t.namespace, t.name);
        if (t.uid && o.metadata.uid !== t.uid) break;
      } catch (e) {
        if ((e as { code?: number }).code === 404) break;
        throw e;
      }
      if (Date.now() > deadline) throw new CliError(`timed out waiting for the condition on ${t.r.plural}/${t.name}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
