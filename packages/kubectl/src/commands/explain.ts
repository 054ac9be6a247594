// mk explain TYPE[.field.path]: the fields of a kind, from mk's schemas.
import { resolveResource, shapeFor, type Shape } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool } from '../cli/command.js';
import { CliError } from '../cli/errors.js';

export const flags: CommandModule['flags'] = [
  { name: 'recursive', type: 'bool', usage: 'When true, print the name of all the fields recursively.' },
  { name: 'api-version', type: 'string', usage: 'Use given api-version (group/version) of the resource.' },
];

export const help = `Describe fields and structure of various resources.

Examples:
  mk explain pods
  mk explain pods.spec.containers

Usage:
  mk explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [options]`;

function typeName(s: Shape): string {
  switch (s.k) {
    case 'object':
      return 'Object';
    case 'array':
      return `[]${typeName(s.of)}`;
    case 'map':
      return `map[string]${typeName(s.of)}`;
    case 'int32':
    case 'int64':
      return 'integer';
    case 'intOrString':
      return 'IntOrString';
    case 'quantity':
      return 'Quantity';
    case 'any':
      return 'Object';
    default:
      return s.k;
  }
}

function objectFields(s: Shape): Record<string, Shape> | undefined {
  if (s.k === 'object') return s.fields as Record<string, Shape>;
  if (s.k === 'array' || s.k === 'map') return objectFields(s.of);
  return undefined;
}

function recursiveFields(fields: Record<string, Shape>, indent: string, out: string[]): void {
  for (const name of Object.keys(fields).sort()) {
    out.push(`${indent}${name}\t<${typeName(fields[name])}>`);
    const sub = objectFields(fields[name]);
    if (sub) recursiveFields(sub, `${indent}  `, out);
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const arg = ctx.args[0];
  if (!arg) throw new CliError('You must specify the type of resource to explain. Use "mk api-resources" for a complete list of supported resources.');
  const [typed, ...path] = arg.split('.');
  const r = resolveResource(typed);
  if (!r) throw new CliError(`the server doesn't have a resource type "${typed}"`);
  let shape = shapeFor(r.kind);
  if (!shape) throw new CliError(`couldn't find resource for "${r.kind}"`);
  for (const p of path) {
    const fields = objectFields(shape);
    if (!fields || !(p in fields)) throw new CliError(`field "${p}" does not exist`);
    shape = fields[p];
  }
  const lines = [`KIND:       ${r.kind}`, `VERSION:    ${r.group ? `${r.group}/${r.version}` : r.version}`, ''];
  if (path.length) lines.push(`FIELD: ${path[path.length - 1]} <${typeName(shape)}>`, '');
  const fields = objectFields(shape);
  if (fields) {
    lines.push('FIELDS:');
    if (bool(ctx.flags, 'recursive')) {
      const out: string[] = [];
      recursiveFields(fields, '  ', out);
      lines.push(...out.map((l) => l.replace('\t', '\t')));
    } else for (const name of Object.keys(fields).sort()) lines.push(`  ${name}\t<${typeName(fields[name])}>`, '');
  }
  process.stdout.write(`${lines.join('\n').trimEnd()}\n\n`);
  return 0;
}
