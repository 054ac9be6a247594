// mk replace -f FILE: PUT each object of the file in place of the stored one (kubectl
// replace), or with --force delete it and create it again.
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, int, str } from '../cli/command.js';
import { DRY_RUN, dryRun, dryRunSuffix, FILENAME, OUTPUT, RECURSIVE } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { loadManifests } from '../cli/manifests.js';
import { resourceOfManifest, setNamespace, withSource } from '../cli/objects.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession } from '../cli/session.js';
import { LAST_APPLIED, modifiedConfiguration } from '../apply/last-applied.js';
import { objectName, parseOutput, printObjects } from '../printers/output.js';
import { fieldValidation } from './apply.js';
import { forServer } from './create.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  OUTPUT,
  DRY_RUN,
  { name: 'force', type: 'bool', usage: 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.' },
  { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).' },
  { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged.' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
];

export const help = `Replace a resource by file name or stdin.

 JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. This can be obtained by

  $ mk get TYPE NAME -o yaml

Examples:
  # Replace a pod using the data in pod.json
  mk replace -f ./pod.json

  # Force replace, delete and then re-create the resource
  mk replace --force -f ./pod.json

Usage:
  mk replace -f FILENAME [options]`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const codeOf = (e: unknown): number | undefined => (e as { status?: { code?: number } }).status?.code;

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const files = arr(f, 'filename');
  if (!files.length) throw new CliError('must specify one of -f and -k');
  const dr = dryRun(str(f, 'dry-run'));
  const force = bool(f, 'force');
  if (force && dr !== 'none') throw new CliError('--dry-run can not be used when --force is set');
  const out = str(f, 'output') ? parseOutput(str(f, 'output')) : undefined;
  const manifests = await loadManifests(files, bool(f, 'recursive'), 'replace');
  const s = openSession(ctx.global);
  const results: KubeObject[] = [];
  let failed = false;
  for (const m of manifests) {
    try {
      const r = resourceOfManifest(m);
      const ns = setNamespace(r, m.object, s);
      let obj = m.object;
      // The last-applied annotation follows the new configuration when asked, or when apply
      // manages the object already (kubectl's CreateOrUpdateAnnotation).
      if (bool(f, 'save-config') || obj.metadata.annotations?.[LAST_APPLIED]) obj = modifiedConfiguration(obj);
      const name = obj.metadata.name ?? '';
      const opts = { dryRun: dr === 'server', fieldValidation: fieldValidation(str(f, 'validate')), fieldManager: 'kubectl-replace' };
      let result: KubeObject;
      if (force) {
        try {
          const grace = int(f, 'grace-period') ?? -1;
          await s.client.delete(r, ns, name, grace >= 0 ? { gracePeriodSeconds: grace } : {});
          process.stdout.write(`${kindName(r)} "${name}" deleted\n`);
        } catch (e) {
          if (codeOf(e) !== 404) throw withSource(e, 'deleting', m.source);
        }
        // Wait until it is gone (finalizers, graceful deletion) before creating it again.
        for (;;) {
          try {
            await s.client.get(r, ns, name);
          } catch (e) {
            if (codeOf(e) === 404) break;
            throw e;
          }
          await sleep(500);
        }
        delete obj.metadata.resourceVersion;
        try {
          result = await s.client.create(r, forServer(obj), opts);
        } catch (e) {
          throw withSource(e, 'creating', m.source);
        }
      } else if (dr === 'client') result = obj;
      else {
        try {
          result = await s.client.update(r, forServer(obj), opts);
        } catch (e) {
          throw withSource(e, 'replacing', m.source);
        }
      }
      results.push(result);
      if (!out) process.stdout.write(`${objectName(result.kind ? result : obj)} replaced${dryRunSuffix(dr)}\n`);
    } catch (e) {
      failed = true;
      process.stderr.write(`${renderError(e).message}\n`);
    }
  }
  if (out) process.stdout.write(printObjects(results, out, results.length === 1));
  return failed ? 1 : 0;
}
