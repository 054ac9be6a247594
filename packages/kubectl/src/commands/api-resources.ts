// mk api-resources [-o wide|name] [--namespaced] [--api-group]
import { RESOURCES } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { formatColumns } from '../printers/tabwriter.js';

export const flags: CommandModule['flags'] = [
  { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (wide, name).' },
  { name: 'namespaced', type: 'bool', default: true, usage: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' },
  { name: 'api-group', type: 'string', usage: 'Limit to resources in the specified API group.' },
  { name: 'no-headers', type: 'bool', usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
  { name: 'sort-by', type: 'string', usage: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'." },
  { name: 'verbs', type: 'stringArray', usage: 'Limit to resources that support the specified verbs.' },
];

export const help = `Print the supported API resources on the server.

Usage:
  mk api-resources [flags] [options]`;

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  let list = [...RESOURCES];
  if (ctx.changed.has('namespaced')) list = list.filter((r) => r.namespaced === bool(f, 'namespaced'));
  const group = str(f, 'api-group');
  if (group !== undefined) list = list.filter((r) => r.group === group);
  // kubectl: core group first, then groups by name; resources by name within a group.
  list.sort((a, b) => (a.group === b.group ? a.plural.localeCompare(b.plural) : a.group === '' ? -1 : b.group === '' ? 1 : a.group.localeCompare(b.group)));
  if (str(f, 'sort-by') === 'kind') list.sort((a, b) => a.kind.localeCompare(b.kind));
  const o = str(f, 'output');
  if (o === 'name') {
    process.stdout.write(list.map((r) => `${r.group ? `${r.plural}.${r.group}` : r.plural}\n`).join(''));
    return 0;
  }
  const rows: string[][] = [];
  const wide = o === 'wide';
  if (!bool(f, 'no-headers')) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
  for (const r of list) {
    rows.push([
      r.plural,
      (r.shortNames ?? []).join(','),
      r.group ? `${r.group}/${r.version}` : r.version,
      String(r.namespaced),
      r.kind,
      ...(wide ? [`[${(r.verbs ?? []).join(' ')}]`, (r.categories ?? []).join(',')] : []),
    ]);
  }
  process.stdout.write(formatColumns(rows));
  return 0;
}
