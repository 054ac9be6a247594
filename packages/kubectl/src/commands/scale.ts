// mk scale TYPE NAME --replicas=N: through the scale subresource, as kubectl does.
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, int, str } from '../cli/command.js';
import { ALL_NAMESPACES, DRY_RUN, dryRun, dryRunSuffix, FILENAME, RECURSIVE, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession } from '../cli/session.js';
import { resolveTargets } from '../cli/targets.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  SELECTOR,
  ALL_NAMESPACES,
  DRY_RUN,
  { name: 'replicas', type: 'int', default: -1, usage: 'The new desired number of replicas. Required.' },
  { name: 'current-replicas', type: 'int', default: -1, usage: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale.' },
  { name: 'resource-version', type: 'string', usage: 'Precondition for resource version.' },
  { name: 'all', type: 'bool', usage: 'Select all resources in the namespace of the specified resource types' },
  { name: 'timeout', type: 'string', default: '0s', usage: 'The length of time to wait before giving up on a scale operation.' },
];

export const help = `Set a new size for a deployment, replica set, replication controller, or stateful set.

Examples:
  mk scale --replicas=3 deployment/nginx
  mk scale deploy nginx --replicas=3 -n web

Usage:
  mk scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]`;

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const replicas = int(f, 'replicas') ?? -1;
  if (replicas < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const dr = dryRun(str(f, 'dry-run'));
  const s = openSession(ctx.global);
  const targets = await resolveTargets(s, ctx.args, { selector: str(f, 'selector'), all: bool(f, 'all'), allNamespaces: bool(f, 'all-namespaces'), filenames: arr(f, 'filename'), recursive: bool(f, 'recursive') });
  // kubectl reads every object before scaling any: one missing stops the command.
  let found = 0;
  for (const t of targets) {
    if (t.object) {
      found++;
      continue;
    }
    try {
      await s.client.get(t.r, t.namespace ?? s.namespace, t.name);
      found++;
    } catch (e) {
      const status = (e as { status?: { message?: string; code?: number } }).status;
      if (found === 0 && targets.length === 1 && status?.code === 404) throw new CliError(`no objects passed to scale ${status.message ?? ''}`);
      throw e;
    }
  }
  let failed = false;
  for (const t of targets) {
    try {
      if (!t.r.subresources?.includes('scale')) throw new CliError(`cannot use scale on ${t.r.plural}.${t.r.group || 'core'}`);
      const cur = int(f, 'current-replicas') ?? -1;
      if (cur >= 0) {
        const sc = await s.client.getScale(t.r, t.namespace ?? s.namespace, t.name);
        if ((sc.spec.replicas ?? 0) !== cur) throw new CliError(`Expected replicas to be ${cur}, was ${sc.spec.replicas ?? 0}`);
      }
      if (dr !== 'client') {
        const patch: Record<string, unknown> = { spec: { replicas } };
        const rv = str(f, 'resource-version');
        if (rv) patch.metadata = { resourceVersion: rv };
        await s.client.patch(t.r, t.namespace, t.name, patch, 'merge', { subresource: 'scale', dryRun: dr === 'server' });
      }
      process.stdout.write(`${kindName(t.r)}/${t.name} scaled${dryRunSuffix(dr)}\n`);
    } catch (e) {
      failed = true;
      process.stderr.write(`${renderError(e).message}\n`);
    }
  }
  return failed ? 1 : 0;
}
