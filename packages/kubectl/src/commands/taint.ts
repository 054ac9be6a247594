// mk taint nodes NAME k=v:Effect | k:Effect | k:Effect- | k- [--overwrite] [--all | -l]
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { DRY_RUN, dryRun, OUTPUT, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { renderError } from '../cli/render-error.js';
import { openSession, resourceArg } from '../cli/session.js';
import { parseOutput, printObjects } from '../printers/output.js';
import { taintString, type Taint } from '../describe/writer.js';

export const flags: CommandModule['flags'] = [
  SELECTOR,
  DRY_RUN,
  OUTPUT,
  { name: 'overwrite', type: 'bool', usage: 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.' },
  { name: 'all', type: 'bool', usage: 'Select all nodes in the cluster' },
];

export const help = `Update the taints on one or more nodes.

  * A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.
  * The effect must be NoSchedule, PreferNoSchedule or NoExecute.
  * key:effect- removes that taint; key- removes every taint with that key.

Examples:
  mk taint nodes foo dedicated=special-user:NoSchedule
  mk taint nodes foo dedicated:NoSchedule-
  mk taint nodes foo dedicated-
  mk taint nodes --all node-role.kubernetes.io/control-plane-

Usage:
  mk taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]`;

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export interface TaintChange {
  add: Taint[];
  remove: Array<{ key: string; effect?: string }>;
}

/** Parse kubectl's taint specs. */
export function parseTaints(specs: string[]): TaintChange {
  const add: Taint[] = [];
  const remove: Array<{ key: string; effect?: string }> = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1);
      const [key, effect] = body.split(':');
      if (effect !== undefined && !EFFECTS.includes(effect)) throw new CliError(`invalid taint effect: ${effect}, unsupported taint effect`);
      remove.push({ key, effect });
      continue;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) throw new CliError(`invalid taint spec: ${spec}, unknown taint spec: ${spec}`);
    const effect = spec.slice(colon + 1);
    if (!EFFECTS.includes(effect)) throw new CliError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = spec.slice(0, colon);
    const eq = kv.indexOf('=');
    const key = eq >= 0 ? kv.slice(0, eq) : kv;
    const value = eq >= 0 ? kv.slice(eq + 1) : undefined;
    if (!key) throw new CliError(`invalid taint spec: ${spec}`);
    add.push(value ? { key, value, effect } : { key, effect });
  }
  return { add, remove };
}

/** The node's taints after the change, and what happened (tainted / untainted / modified). */
export function applyTaints(current: Taint[], ch: TaintChange, overwrite: boolean, nodeName: string): { taints: Taint[]; op: string } {
  let taints = [...current];
  let removed = false;
  let added = false;
  for (const r of ch.remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (r.effect === undefined || t.effect === r.effect)));
    if (taints.length === before) throw new CliError(`taint ${JSON.stringify(r.effect ? `${r.key}:${r.effect}` : r.key)} not found`);
    removed = true;
  }
  for (const a of ch.add) {
    const i = taints.findIndex((t) => t.key === a.key && t.effect === a.effect);
    if (i >= 0) {
      if (!overwrite) throw new CliError(`node ${nodeName} already has ${a.key} taint(s) with same effect(s) and --overwrite is false`);
      taints[i] = a;
    } else taints.push(a);
    added = true;
  }
  return { taints, op: added && removed ? 'modified' : added ? 'tainted' : 'untainted' };
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const [type, ...rest] = ctx.args;
  if (!type) throw new CliError('at least one taint update is required');
  const r = resourceArg(type.split('/')[0]);
  if (r.kind !== 'Node') throw new CliError(`invalid resource type ${type}, only node types are supported`);
  let names: string[] = [];
  let specs = rest;
  if (type.includes('/')) names = [type.split('/')[1]];
  else if (!bool(f, 'all') && !str(f, 'selector')) {
    names = rest.slice(0, 1);
    specs = rest.slice(1);
  }
  if (!specs.length) throw new CliError('at least one taint update is required');
  const change = parseTaints(specs);
  const dr = dryRun(str(f, 'dry-run'));
  const out = str(f, 'output') ? parseOutput(str(f, 'output')) : undefined;
  const s = openSession(ctx.global);
  let nodes: KubeObject[];
  if (names.length) nodes = await Promise.all(names.map((n) => s.client.get(r, undefined, n)));
  else nodes = (await s.client.list(r, { labelSelector: str(f, 'selector') })).items;
  let failed = false;
  const errors: unknown[] = [];
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    try {
      const current = ((node as { spec?: { taints?: Taint[] } }).spec?.taints ?? []) as Taint[];
      let result;
      try {
        result = applyTaints(current, change, bool(f, 'overwrite'), name);
      } catch (e) {
        // Notes written for Kubernetes < 1.25 remove the `master` taint; say what replaced it.
        const legacy = change.remove.find((x) => x.key === 'node-role.kubernetes.io/master');
        if (legacy && current.some((t) => t.key === 'node-role.kubernetes.io/control-plane')) {
          throw new CliError(`${(e as Error).message}\nhint: since Kubernetes 1.25 the control-plane taint is node-role.kubernetes.io/control-plane:NoSchedule; run: mk taint nodes ${name} node-role.kubernetes.io/control-plane-`);
        }
        throw e;
      }
      let updated = node;
      if (dr !== 'client') {
        updated = await s.client.patch(r, undefined, name, { spec: { taints: result.taints.length ? result.taints : null } }, 'merge', { dryRun: dr === 'server' });
      }
      if (out) process.stdout.write(printObjects([updated], out, true));
      // kubectl taint names no dry run in its message.
      else process.stdout.write(`node/${name} ${result.op}\n`);
    } catch (e) {
      failed = true;
      errors.push(e);
    }
  }
  void taintString;
  // kubectl's CheckErr: one error reads `error: ...`; several, one bare line each.
  for (const e of errors) process.stderr.write(`${errors.length > 1 && e instanceof CliError ? e.message : renderError(e).message}\n`);
  return failed ? 1 : 0;
}
