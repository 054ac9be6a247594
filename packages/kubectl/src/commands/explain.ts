// mk explain TYPE[.field.path]: documentation of a kind and its fields, from the server's
// OpenAPI v3 document for the kind's group-version, printed as kubectl's plaintext template
// (k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl) prints it.
import { resolveResource, type ResourceInfo } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { openSession } from '../cli/session.js';

export const flags: CommandModule['flags'] = [
  { name: 'recursive', type: 'bool', usage: 'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.' },
  { name: 'api-version', type: 'string', usage: 'Use given api-version (group/version) of the resource.' },
  { name: 'output', type: 'string', default: 'plaintext', usage: 'Format in which to render the schema. Valid values are: (plaintext).' },
];

export const help = `Describe fields and structure of various resources.

 This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:

  <type>.<fieldName>[.<fieldName>]

 Information about each field is retrieved from the server in OpenAPI format.

Use "mk api-resources" for a complete list of supported resources.

Examples:
  # Get the documentation of the resource and its fields
  mk explain pods

  # Get all the fields in the resource
  mk explain pods --recursive

  # Get the explanation for deployment in supported api versions
  mk explain deployments --api-version=apps/v1

  # Get the documentation of a specific field of a resource
  mk explain pods.spec.containers

Usage:
  mk explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [--output=plaintext] [options]`;

/** An OpenAPI v3 schema, as much of it as explain reads. */
interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  enum?: unknown[];
  externalDocs?: { description?: string; url?: string };
  'x-kubernetes-group-version-kind'?: GVK[];
}
interface GVK {
  group: string;
  version: string;
  kind: string;
}
interface Document {
  paths?: Record<string, Record<string, { 'x-kubernetes-group-version-kind'?: GVK }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** kubectl's template fails part-way: what it printed before the error still reaches stdout. */
class ExplainError extends CliError {
  constructor(
    message: string,
    readonly printed = '',
  ) {
    super(message);
  }
}

// Go's text/template ranges over map keys in sorted (byte) order.
const sortedKeys = (o: Record<string, unknown>): string[] => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** go-wordwrap's WrapString, which kubectl's `wrap` uses: breaks at spaces, never inside a word. */
export function wrapString(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  for (const ch of s) {
    if (ch === '\n') {
      if (word.length === 0) {
        if (current + space.length > lim) current = 0;
        else buf += space;
      } else buf += space + word;
      space = '';
      word = '';
      buf += ch;
      current = 0;
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (space.length === 0 || word.length > 0) {
        current += space.length + word.length;
        buf += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      if (current + space.length + word.length > lim && word.length < lim) {
        buf += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

const indent = (n: number, s: string): string => {
  const pad = ' '.repeat(n);
  return pad + s.replaceAll('\n', `\n${pad}`);
};

function resolveRef(ref: string | undefined, doc: Document): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let cur: unknown = doc;
  for (const k of ref.slice(1).split('/')) {
    if (!k) continue;
    const next = (cur as Record<string, unknown>)[k];
    if (!next || typeof next !== 'object' || Array.isArray(next)) return undefined;
    cur = next;
  }
  return cur as Schema;
}

const isMap = (s: Schema): s is Schema & { additionalProperties: Schema } => !!s.additionalProperties && typeof s.additionalProperties !== 'boolean';

function typeGuess(s: Schema, doc: Document): string {
  if (s.items) return `[]${typeGuess(s.items, doc)}`;
  if (isMap(s)) return `map[string]${typeGuess(s.additionalProperties, doc)}`;
  if (s.allOf && !s.properties && s.allOf.length === 1) return typeGuess(s.allOf[0], doc);
  if (s.$ref) {
    const target = resolveRef(s.$ref, doc);
    if (!target || !target.type || target.type === 'object') return s.$ref.split('/').pop()!.split('.').pop() || 'Object';
    return target.type || 'Object';
  }
  return s.type === 'object' ? 'Object' : s.type || 'Object';
}

function enumText(s: Schema, longView: boolean, limit: number, indentAmount = 0): string {
  if (!s.enum?.length) return '';
  let out = longView ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
  for (const [i, e] of s.enum.entries()) {
    if (limit > -1 && i >= limit) {
      out += ', ....';
      break;
    }
    if (i > 0 && !longView) out += ', ';
    else if (longView) out += '\n    ';
    out += e === '' ? '""' : String(e);
  }
  return out;
}

function description(s: Schema, doc: Document): string {
  const r = resolveRef(s.$ref, doc) ?? s;
  let out = r.description ? `${r.description}\n` : '';
  for (const a of r.allOf ?? []) out += description(a, doc);
  if (r.items) out += description(r.items, doc);
  if (isMap(r)) out += description(r.additionalProperties, doc);
  return out;
}

function externalDocs(s: Schema): string {
  const d = s.externalDocs;
  if (!d) return '';
  let out = 'EXTERNAL DOCS:\n';
  if (d.description) out += `${indent(4, wrapString(d.description, 76))}\n`;
  if (d.url) out += `${indent(4, `URL: ${d.url}`)}\n`;
  return out;
}

function fieldDetail(name: string, s: Schema, short: boolean, level: number, doc: Document): string {
  const ind = level * 2;
  const f = s.properties![name];
  let out = `${indent(ind, name)}\t<${typeGuess(f, doc)}>`;
  if (s.required?.includes(name)) out += ' -required-';
  out += enumText(f, false, 4, ind);
  out += '\n';
  if (!short) {
    out += `${indent(ind + 2, wrapString(f.description || '<no description>', 78 - ind))}\n`;
    if (f.externalDocs) {
      out += `\n${indent(ind + 2, 'EXTERNAL DOCS:')}\n`;
      if (f.externalDocs.description) out += `${indent(ind + 4, wrapString(f.externalDocs.description, 76 - ind))}\n`;
      if (f.externalDocs.url) out += `${indent(ind + 4, `URL: ${f.externalDocs.url}`)}\n`;
    }
    out += '\n';
  }
  return out;
}

function fieldList(s: Schema, level: number, history: Set<string>, doc: Document, recursive: boolean): string {
  const ref = s.$ref ?? '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history).add(ref);
  const r = resolveRef(ref, doc) ?? s;
  let out = '';
  for (const k of sortedKeys(r.properties ?? {})) {
    out += fieldDetail(k, r, recursive, level, doc);
    if (recursive) out += fieldList(r.properties![k], level + 1, next, doc, recursive);
  }
  for (const a of r.allOf ?? []) out += fieldList(a, level, next, doc, recursive);
  if (r.items) out += fieldList(r.items, level, next, doc, recursive);
  if (isMap(r)) out += fieldList(r.additionalProperties, level, next, doc, recursive);
  return out;
}

function output(s: Schema, path: string[], history: Set<string>, doc: Document, recursive: boolean): string {
  const ref = s.$ref ?? '';
  const next = new Set(history).add(ref);
  const r = resolveRef(ref, doc) ?? s;
  if (path.length === 0) {
    let out = `DESCRIPTION:\n${indent(4, wrapString(description(r, doc) || '<empty>', 76))}\n`;
    const docs = externalDocs(r);
    if (docs) out += `\n${docs}`;
    const fields = fieldList(r, 1, new Set(), doc, recursive);
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && history.has(ref)) return '';
  const sub = r.properties?.[path[0]];
  if (sub) {
    let out = '';
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(sub, doc)}>\n${enumText(sub, true, -1)}\n\n`;
    return out + output(sub, path.slice(1), new Set(), doc, recursive);
  }
  if (r.items) return output(r.items, path, next, doc, recursive);
  if (isMap(r)) return output(r.additionalProperties, path, next, doc, recursive);
  for (const a of r.allOf ?? []) {
    const out = output(a, path, next, doc, recursive);
    if (out) return out;
  }
  return '';
}

const sameGVK = (a: GVK, b: GVK): boolean => a.group === b.group && a.version === b.version && a.kind === b.kind;

/** kubectl's plaintext explain of resource r (at group/version gv) and the field path. */
export function explain(doc: Document, r: Pick<ResourceInfo, 'group' | 'version' | 'plural'>, fieldPath: string[], recursive: boolean): string {
  const prefix = r.group ? `/apis/${r.group}` : '/api';
  const base = `${prefix}/${r.version}`;
  let gvk: GVK | undefined;
  search: for (const p of [`${base}/${r.plural}`, `${base}/${r.plural}/{name}`, `${base}/namespaces/{namespace}/${r.plural}`, `${base}/namespaces/{namespace}/${r.plural}/{name}`]) {
    const item = doc.paths?.[p];
    if (!item) continue;
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
      const g = item[m]?.['x-kubernetes-group-version-kind'];
      if (g) {
        gvk = g;
        break search;
      }
    }
  }
  if (!gvk) throw new ExplainError(`GVR (${r.group ? `${r.group}/` : ''}${r.version}, Resource=${r.plural}) not found in OpenAPI schema`);
  let out = gvk.group ? `GROUP:      ${gvk.group}\n` : '';
  out += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
  const schemas = doc.components?.schemas ?? {};
  const def = sortedKeys(schemas)
    .map((k) => schemas[k])
    .find((s) => s['x-kubernetes-group-version-kind']?.some((g) => sameGVK(g, gvk)));
  if (!def) throw new ExplainError(`GVK ${gvk.group}/${gvk.version}, Kind=${gvk.kind} not found in OpenAPI schema`, out);
  const body = output(def, fieldPath, new Set(), doc, recursive);
  if (!body) throw new ExplainError(`field "${fieldPath[fieldPath.length - 1]}" does not exist`, out);
  return `${out}${body}\n`;
}

export async function run(ctx: CommandContext): Promise<number> {
  const arg = ctx.args[0];
  if (!arg) throw new CliError('You must specify the type of resource to explain. Use "mk api-resources" for a complete list of supported resources.');
  if (ctx.args.length > 1) throw new CliError(`We accept only this format: explain RESOURCE`);
  const o = str(ctx.flags, 'output') ?? 'plaintext';
  if (o !== 'plaintext') throw new CliError(`unsupported output format: ${o}; supported formats: plaintext`);
  const [typed, ...fieldPath] = arg.split('.');
  const found = resolveResource(typed);
  // kubectl prints this one without its `error: ` prefix.
  if (!found) throw new CliError(`the server doesn't have a resource type "${typed}"`, 1, true);
  let r: Pick<ResourceInfo, 'group' | 'version' | 'plural'> = found;
  const apiVersion = str(ctx.flags, 'api-version');
  if (apiVersion) {
    const slash = apiVersion.indexOf('/');
    r = slash < 0 ? { group: '', version: apiVersion, plural: found.plural } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), plural: found.plural };
  }
  const s = openSession(ctx.global);
  try {
    const gv = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    // The root lists each group-version's document under a hashed URL, as kubectl reads it.
    const root = await s.client.request<{ paths?: Record<string, { serverRelativeURL?: string }> }>('GET', '/openapi/v3');
    const url = root.paths?.[gv]?.serverRelativeURL;
    if (!url) throw new CliError(`couldn't find resource for "${r.group ? `${r.plural}.${r.group}` : r.plural}" in version "${r.version}"`);
    const doc = await s.client.request<Document>('GET', url);
    process.stdout.write(explain(doc, r, fieldPath, bool(ctx.flags, 'recursive')));
  } catch (e) {
    if (e instanceof ExplainError) process.stdout.write(e.printed);
    throw e;
  } finally {
    await s.client.close();
  }
  return 0;
}
