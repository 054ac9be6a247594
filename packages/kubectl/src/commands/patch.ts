// mk patch TYPE NAME -p PATCH [--type strategic|merge|json]
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, str } from '../cli/command.js';
import { DRY_RUN, dryRun, dryRunSuffix, FILENAME, OUTPUT, RECURSIVE } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession } from '../cli/session.js';
import { resolveTargets } from '../cli/targets.js';
import { parseOutput, printObjects } from '../printers/output.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  DRY_RUN,
  OUTPUT,
  { name: 'patch', short: 'p', type: 'string', usage: 'The patch to be applied to the resource JSON file.' },
  { name: 'patch-file', type: 'string', usage: 'A file containing a patch to be applied to the resource.' },
  { name: 'type', type: 'string', default: 'strategic', usage: 'The type of patch being provided; one of [json merge strategic]' },
  { name: 'subresource', type: 'string', usage: "If specified, patch will operate on the subresource of the requested object. Supported: 'status', 'scale'." },
  { name: 'local', type: 'bool', usage: 'If true, patch will operate on the content of the file, not the server-side resource.' },
];

export const help = `Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.

Examples:
  mk patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'
  mk patch sts web -p '{"spec":{"replicas":2}}'
  mk patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'

Usage:
  mk patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]`;

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const type = str(f, 'type') ?? 'strategic';
  if (!['json', 'merge', 'strategic'].includes(type)) throw new CliError(`--type must be one of [json merge strategic], not "${type}"`);
  let text = str(f, 'patch');
  const file = str(f, 'patch-file');
  if (text && file) throw new CliError('--patch and --patch-file are mutually exclusive');
  if (file) text = readFileSync(file, 'utf8');
  if (!text) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
  let patch: unknown;
  try {
    patch = parse(text);
  } catch (e) {
    throw new CliError(`unable to parse "${text}": yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  const dr = dryRun(str(f, 'dry-run'));
  const out = str(f, 'output') ? parseOutput(str(f, 'output')) : undefined;
  const s = openSession(ctx.global);
  const targets = await resolveTargets(s, ctx.args, { filenames: arr(f, 'filename'), recursive: bool(f, 'recursive') });
  let failed = false;
  for (const t of targets) {
    try {
      const before = await s.client.get(t.r, t.namespace, t.name);
      const after =
        dr === 'client'
          ? before
          : await s.client.patch(t.r, t.namespace, t.name, patch, type as 'json' | 'merge' | 'strategic', { dryRun: dr === 'server', subresource: str(f, 'subresource') });
      if (out) process.stdout.write(printObjects([after], out, true));
      else {
        const same = before.metadata.resourceVersion === after.metadata.resourceVersion && dr === 'none';
        process.stdout.write(`${kindName(t.r)}/${t.name} patched${same ? ' (no change)' : ''}${dryRunSuffix(dr)}\n`);
      }
    } catch (e) {
      failed = true;
      process.stderr.write(`${renderError(e).message}\n`);
    }
  }
  return failed ? 1 : 0;
}
