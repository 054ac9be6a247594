// The shared body of `label` and `annotate`.
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, str } from '../cli/command.js';
import { ALL_NAMESPACES, DRY_RUN, dryRun, dryRunSuffix, FILENAME, OUTPUT, RECURSIVE, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession } from '../cli/session.js';
import { resolveTargets } from '../cli/targets.js';
import { parseOutput, printObjects } from '../printers/output.js';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Split args into resource args and KEY=VAL / KEY- changes, as kubectl does. */
export function splitChanges(args: string[]): { resources: string[]; set: Record<string, string>; remove: string[] } {
  const resources: string[] = [];
  const set: Record<string, string> = {};
  const remove: string[] = [];
  let inChanges = false;
  for (const a of args) {
    const isChange = a.includes('=') || (a.endsWith('-') && !a.includes('/'));
    if (isChange) inChanges = true;
    if (!inChanges) {
      resources.push(a);
      continue;
    }
    if (a.includes('=')) {
      const i = a.indexOf('=');
      set[a.slice(0, i)] = a.slice(i + 1);
    } else if (a.endsWith('-')) remove.push(a.slice(0, -1));
    else throw new CliError(`all resources must be specified before label changes: ${a}`);
  }
  return { resources, set, remove };
}

export function metadataCommand(field: 'labels' | 'annotations'): CommandModule {
  const noun = field === 'labels' ? 'label' : 'annotation';
  const past = field === 'labels' ? 'labeled' : 'annotated';
  const flags: CommandModule['flags'] = [
    FILENAME,
    RECURSIVE,
    SELECTOR,
    ALL_NAMESPACES,
    DRY_RUN,
    OUTPUT,
    { name: 'overwrite', type: 'bool', usage: `If true, allow ${field} to be overwritten, otherwise reject ${noun} updates that overwrite existing ${field}.` },
    { name: 'all', type: 'bool', usage: 'Select all resources, in the namespace of the specified resource types' },
    { name: 'list', type: 'bool', usage: `If true, display the ${field} for a given resource.` },
    { name: 'resource-version', type: 'string', usage: 'If non-empty, the update will only succeed if this is the current resource-version for the object.' },
  ];
  const run = async (ctx: CommandContext): Promise<number> => {
    const f = ctx.flags;
    const { resources, set, remove } = splitChanges(ctx.args);
    const listOnly = bool(f, 'list');
    if (!listOnly && !Object.keys(set).length && !remove.length) throw new CliError(`at least one ${noun} update is required`);
    for (const k of Object.keys(set)) {
      if (field === 'labels' && !LABEL_KEY.test(k)) throw new CliError(`invalid label spec: ${k}=${set[k]}`);
      if (field === 'labels' && set[k].length > 63) throw new CliError(`invalid label value: "${k}=${set[k]}": must be no more than 63 characters`);
    }
    const dr = dryRun(str(f, 'dry-run'));
    const out = str(f, 'output') ? parseOutput(str(f, 'output')) : undefined;
    const s = openSession(ctx.global);
    const targets = await resolveTargets(s, resources, { selector: str(f, 'selector'), all: bool(f, 'all'), allNamespaces: bool(f, 'all-namespaces'), filenames: arr(f, 'filename'), recursive: bool(f, 'recursive') });
    let failed = false;
    const results: KubeObject[] = [];
    for (const t of targets) {
      try {
        const obj = t.object ?? (await s.client.get(t.r, t.namespace, t.name));
        const current = { ...((obj.metadata[field] as Record<string, string> | undefined) ?? {}) };
        if (listOnly) {
          for (const k of Object.keys(current).sort()) process.stdout.write(`${k}=${current[k]}\n`);
          continue;
        }
        const patchMap: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(set)) {
          if (k in current && current[k] !== v && !bool(f, 'overwrite')) throw new CliError(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
          if (current[k] !== v) patchMap[k] = v;
        }
        for (const k of remove) {
          if (k in current) patchMap[k] = null;
          else process.stderr.write(`${noun} "${k}" not found.\n`);
        }
        const changed = Object.keys(patchMap).length > 0;
        let result = obj;
        if (changed && dr !== 'client') {
          const meta: Record<string, unknown> = { [field]: patchMap };
          const rv = str(f, 'resource-version');
          if (rv) meta.resourceVersion = rv;
          result = await s.client.patch(t.r, t.namespace, t.name, { metadata: meta }, 'merge', { dryRun: dr === 'server' });
        }
        results.push(result);
        // kubectl's updateDataChangeMsg: a label change that shrinks the object without
        // --overwrite reads "unlabeled" (annotate always says "annotated").
        let msg = changed ? past : `not ${past}`;
        if (changed && field === 'labels' && !bool(f, 'overwrite')) {
          const next: Record<string, string> = { ...current };
          for (const [k, v] of Object.entries(patchMap)) if (v === null) delete next[k]; else next[k] = v;
          const size = (m: Record<string, string>): number => (Object.keys(m).length ? JSON.stringify(m).length + 10 : 0);
          if (size(next) < size(current)) msg = 'unlabeled';
        }
        if (!out) process.stdout.write(`${kindName(t.r)}/${t.name} ${msg}${dryRunSuffix(dr)}\n`);
      } catch (e) {
        failed = true;
        process.stderr.write(`${renderError(e).message}\n`);
      }
    }
    if (out) process.stdout.write(printObjects(results, out, results.length === 1));
    return failed ? 1 : 0;
  };
  return { flags, help: '', run };
}
