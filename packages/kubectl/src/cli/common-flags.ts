// Flags several commands share, with kubectl's names and wording.
import type { FlagSpec } from './flags.js';
import { CliError } from './errors.js';

export const FILENAME: FlagSpec = { name: 'filename', short: 'f', type: 'stringArray', usage: 'Filename, directory, or URL to files to use.' };
export const RECURSIVE: FlagSpec = { name: 'recursive', short: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively.' };
export const OUTPUT: FlagSpec = { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name, go-template, jsonpath, custom-columns).' };
export const DRY_RUN: FlagSpec = {
  name: 'dry-run',
  type: 'string',
  default: 'none',
  noOptDefault: 'unchanged',
  usage: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};
export const SELECTOR: FlagSpec = { name: 'selector', short: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'." };
export const ALL_NAMESPACES: FlagSpec = { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'If true, check the specified action in all namespaces.' };
export const FIELD_MANAGER: FlagSpec = { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply', usage: 'Name of the manager used to track field ownership.' };

export type DryRun = 'none' | 'client' | 'server';

export function dryRun(v: string | undefined): DryRun {
  if (v === undefined || v === 'none' || v === 'false') return 'none';
  if (v === 'unchanged' || v === 'true') {
    process.stderr.write('W1123 --dry-run is deprecated and can be replaced with --dry-run=client.\n');
    return 'client';
  }
  if (v === 'client' || v === 'server') return v;
  throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** ` (dry run)` / ` (server dry run)` after an operation's past tense. */
export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}
