// Reading -f FILE|DIR|URL|- into objects, as kubectl's resource builder does: multi-document
// YAML and JSON, List kinds flattened, directories (with -R, recursively), errors that name
// the file and line.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubeObject } from '@mk/api';
import { CliError } from './errors.js';

export interface Manifest {
  object: KubeObject;
  source: string;
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

function filesIn(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...filesIn(p, recursive));
    } else if (EXTENSIONS.has(extname(entry.name))) out.push(p);
  }
  return out;
}

// go-yaml's wording for the parse errors students hit most, so messages read like kubectl's.
const GO_YAML_WORDS: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  MULTILINE_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  TAB_AS_INDENT: 'found character that cannot start any token',
  BAD_INDENT: 'did not find expected key',
  MISSING_CHAR: 'found unexpected end of stream',
};

/** `yaml: line N: message`, with the line go-yaml would report (where the parser gave up). */
function yamlError(errors: Array<{ code: string; message: string; pos: [number, number] }>, lc: LineCounter, text: string): string {
  const first = errors[0];
  const line = Math.max(...errors.map((e) => lc.linePos(e.pos[1]).line));
  if (first.code === 'DUPLICATE_KEY') {
    const key = text.slice(first.pos[0]).split(/[:\n]/)[0].trim();
    return `yaml: unmarshal errors:\n  line ${lc.linePos(first.pos[0]).line}: mapping key "${key}" already defined`;
  }
  const words = GO_YAML_WORDS[first.code] ?? first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `yaml: line ${line}: ${words}`;
}

/** Parse one file's text into objects. */
export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    // JSON (possibly several concatenated objects); YAML would parse it too, but JSON errors read better.
    try {
      const v = JSON.parse(text) as unknown;
      for (const o of Array.isArray(v) ? v : [v]) pushObject(o, source, out);
      return out;
    } catch {
      // fall through to the YAML parser, which also reads JSON and reports lines
    }
  }
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length) throw new CliError(`error parsing ${source}: error converting YAML to JSON: ${yamlError(doc.errors, lc, text)}`);
    const v = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (v === null || v === undefined) continue;
    pushObject(v, source, out);
  }
  return out;
}

function pushObject(v: unknown, source: string, out: Manifest[]): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new CliError(`error parsing ${source}: error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`);
  }
  const o = v as Record<string, unknown>;
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    for (const item of o.items) pushObject(item, source, out);
    return;
  }
  if (!o.apiVersion || !o.kind) {
    const missing = !o.apiVersion && !o.kind ? 'apiVersion not set, kind not set' : !o.apiVersion ? 'apiVersion not set' : 'kind not set';
    throw new CliError(
      `error validating "${source}": error validating data: ${missing}; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  }
  if (typeof o.metadata !== 'object' || o.metadata === null) o.metadata = {};
  out.push({ object: o as KubeObject, source });
}

/** Load every -f argument in order. */
export async function loadManifests(filenames: string[], recursive: boolean, verb = "apply"): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const f of filenames) {
    if (f === '-') {
      out.push(...parseManifests(readStdin(), 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      let res: Response;
      try {
        res = await fetch(f);
      } catch (e) {
        // Go's http.Get errors, as kubectl prints them.
        const cause = (e as { cause?: NodeJS.ErrnoException }).cause;
        const u = new URL(f);
        if (cause?.code === 'ECONNREFUSED') throw new CliError(`The connection to the server ${u.host} was refused - did you specify the right host or port?`, 1, true);
        if (cause?.code === 'ENOTFOUND') throw new CliError(`Get "${f}": dial tcp: lookup ${u.hostname}: no such host`);
        throw new CliError(`Get "${f}": ${cause?.message ?? (e as Error).message}`);
      }
      if (!res.ok) throw new CliError(`unable to read URL "${f}", server reported ${res.status} ${res.statusText}, status code=${res.status}`);
      out.push(...parseManifests(await res.text(), f));
      continue;
    }
    if (!existsSync(f)) throw new CliError(`the path "${f}" does not exist`);
    if (statSync(f).isDirectory()) {
      for (const file of filesIn(f, recursive)) out.push(...parseManifests(readFileSync(file, 'utf8'), file));
    } else out.push(...parseManifests(readFileSync(f, 'utf8'), f));
  }
  if (out.length === 0) throw new CliError(`no objects passed to ${verb}`);
  return out;
}
