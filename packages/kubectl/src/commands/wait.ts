// mk wait --for=condition=X[=value] | --for=delete | --for=jsonpath='{...}'=value  TYPE/NAME ... --timeout
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, str } from '../cli/command.js';
import { ALL_NAMESPACES, FILENAME, RECURSIVE, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { kindName, openSession } from '../cli/session.js';
import { resolveTargets } from '../cli/targets.js';
import { jsonpathValues } from '../printers/jsonpath.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  SELECTOR,
  ALL_NAMESPACES,
  { name: 'for', type: 'string', usage: "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]." },
  { name: 'timeout', type: 'string', default: '30s', usage: 'The length of time to wait before giving up. Zero means check once and don\'t wait, negative means wait for a week.' },
  { name: 'all', type: 'bool', usage: 'Select all resources in the namespace of the specified resource types' },
];

export const help = `Wait for a specific condition on one or many resources.

Examples:
  mk wait --for=condition=Ready pod/busybox1
  mk wait --for=jsonpath='{.status.phase}'=Running pod/busybox1
  mk wait --for=delete pod/busybox1 --timeout=60s

Usage:
  mk wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]`;

/** Go durations as kubectl takes them: 30s, 5m, 1h30m, 500ms, or a bare number of seconds. */
export function parseDuration(s: string): number {
  if (/^-?\d+$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(s); m; m = re.exec(s)) {
    matched += m[0];
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms']!;
  }
  const neg = s.startsWith('-');
  if (matched !== s.replace(/^-/, '')) throw new CliError(`invalid duration "${s}"`);
  return neg ? -total : total;
}

type Check = (obj: KubeObject | undefined) => boolean;

function parseFor(spec: string): { check: Check; label: string } {
  if (spec === 'delete') return { check: (o) => o === undefined, label: 'deleted' };
  if (spec === 'create') return { check: (o) => o !== undefined, label: 'condition met' };
  if (spec.startsWith('condition=')) {
    const rest = spec.slice('condition='.length);
    const [type, want = 'True'] = rest.split('=');
    return {
      check: (o) => {
        const conds = ((o as { status?: { conditions?: Array<{ type: string; status: string }> } } | undefined)?.status?.conditions ?? []);
        return conds.some((c) => c.type.toLowerCase() === type.toLowerCase() && c.status.toLowerCase() === want.toLowerCase());
      },
      label: 'condition met',
    };
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    const expr = close >= 0 ? rest.slice(0, close + 1) : rest;
    const after = close >= 0 ? rest.slice(close + 1) : '';
    const want = after.startsWith('=') ? after.slice(1) : undefined;
    return {
      check: (o) => {
        if (!o) return false;
        const vals = jsonpathValues(expr, o);
        if (want === undefined) return vals.length > 0;
        return vals.some((v) => String(typeof v === 'object' ? JSON.stringify(v) : v) === want);
      },
      label: 'condition met',
    };
  }
  throw new CliError(`unrecognized condition: "${spec}"`);
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const forSpec = str(f, 'for');
  if (!forSpec) throw new CliError('--for must be specified');
  const { check, label } = parseFor(forSpec);
  let timeout = parseDuration(str(f, 'timeout') ?? '30s');
  if (timeout < 0) timeout = 7 * 24 * 3_600_000;
  const s = openSession(ctx.global);
  const deadline = Date.now() + timeout;
  let targets;
  for (;;) {
    try {
      targets = await resolveTargets(s, ctx.args, { selector: str(f, 'selector'), all: bool(f, 'all'), allNamespaces: bool(f, 'all-namespaces'), filenames: arr(f, 'filename'), recursive: bool(f, 'recursive') });
      break;
    } catch (e) {
      if (forSpec !== 'create' || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (!targets.length) throw new CliError('no matching resources found');
  for (const t of targets) {
    for (;;) {
      let obj: KubeObject | undefined;
      try {
        obj = await s.client.get(t.r, t.namespace, t.name);
      } catch (e) {
        if ((e as { code?: number }).code !== 404) throw e;
        if (forSpec !== 'delete' && forSpec !== 'create') throw e;
      }
      if (check(obj)) {
        process.stdout.write(`${kindName(t.r)}/${t.name} ${label}\n`);
        break;
      }
      if (Date.now() >= deadline) throw new CliError(`timed out waiting for the condition on ${t.r.plural}/${t.name}`);
      await new Promise((r) => setTimeout(r, Math.min(500, Math.max(10, deadline - Date.now()))));
    }
  }
  return 0;
}
