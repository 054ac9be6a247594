// RFC 6902 JSON Patch, as the apiserver applies `application/json-patch+json`
// (gopkg.in/evanphx/json-patch.v4 semantics, including negative array indices).
import { StatusError, badRequest, newStatus } from '../status.js';
import { cloneJson, isObject, jsonEqual, type JsonObject } from './json.js';

export type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** Kubernetes refuses larger JSON patches (maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/**
 * Kubernetes answers any failed operation (missing path, failed test, bad index) with
 * 422 Invalid and this fixed message; the underlying reason travels in details.causes
 * so `mk patch --local` and logs can show it.
 */
export const JSON_PATCH_REJECTED = 'the server rejected our request due to an error in our request';

function rejected(detail: string): StatusError {
  return new StatusError(newStatus(422, 'Invalid', JSON_PATCH_REJECTED, { causes: [{ message: detail }] }));
}

function goJsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** Splits a JSON pointer into unescaped reference tokens (`~1` is `/`, `~0` is `~`). */
export function parseJsonPointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Escapes one reference token for use in a JSON pointer. */
export function escapeJsonPointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

type Container = JsonObject | unknown[];

/** The container holding the last token of `tokens`, or undefined if the path does not lead anywhere. */
function findParent(doc: unknown, tokens: string[]): Container | undefined {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t, cur.length, false);
      if (i === undefined || i >= cur.length) return undefined;
      cur = cur[i];
    } else if (isObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, t)) return undefined;
      cur = cur[t];
    } else {
      return undefined;
    }
  }
  return Array.isArray(cur) || isObject(cur) ? cur : undefined;
}

/** Parses an array index token; `-` (end of array) only when `allowEnd`. Negative indices count from the end. */
function arrayIndex(token: string, length: number, allowEnd: boolean): number | undefined {
  if (token === '-') return allowEnd ? length : undefined;
  if (!/^-?(0|[1-9][0-9]*)$/.test(token)) return undefined;
  let i = Number(token);
  if (i < 0) {
    if (i < -length) return undefined;
    i += length;
  }
  return i;
}

function invalidIndex(token: string): StatusError {
  return rejected(`Unable to access invalid index: ${token}: invalid index referenced`);
}

function getAt(doc: unknown, tokens: string[]): { found: boolean; value?: unknown } {
  if (tokens.length === 0) return { found: true, value: doc };
  const parent = findParent(doc, tokens);
  const key = tokens[tokens.length - 1];
  if (parent === undefined) return { found: false };
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, false);
    if (i === undefined || i >= parent.length) return { found: false };
    return { found: true, value: parent[i] };
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) return { found: false };
  return { found: true, value: parent[key] };
}

/** Adds `value` at `tokens`; returns the new document (the root may be replaced). */
function addAt(doc: unknown, tokens: string[], value: unknown, what: string, path: string): unknown {
  if (tokens.length === 0) return value;
  const parent = findParent(doc, tokens);
  if (parent === undefined) throw rejected(`${what} operation does not apply: doc is missing path: "${path}": missing value`);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, true);
    if (i === undefined || i > parent.length) throw invalidIndex(key);
    parent.splice(i, 0, value);
  } else {
    parent[key] = value;
  }
  return doc;
}

function removeAt(doc: unknown, tokens: string[], what: string, path: string): unknown {
  const parent = tokens.length === 0 ? undefined : findParent(doc, tokens);
  if (parent === undefined) throw rejected(`${what} operation does not apply: doc is missing path: "${path}": missing value`);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, false);
    if (i === undefined || i >= parent.length) throw invalidIndex(key);
    const [removed] = parent.splice(i, 1);
    return removed;
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) {
    throw rejected(`error in ${what} for path: "${path}": Unable to remove nonexistent key: ${key}: missing value`);
  }
  const removed = parent[key];
  delete parent[key];
  return removed;
}

function pointerOf(op: JsonObject, field: 'path' | 'from', kind: string): { tokens: string[]; raw: string } {
  const raw = op[field];
  if (typeof raw !== 'string') throw rejected(`${kind} operation does not apply: missing ${field} field`);
  const tokens = parseJsonPointer(raw);
  if (tokens === undefined) throw rejected(`${kind} operation does not apply: doc is missing path: "${raw}": missing value`);
  return { tokens, raw };
}

function applyOne(doc: unknown, op: JsonObject): unknown {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  // A missing value decodes to null in json-patch v4.
  const value = op.value === undefined ? null : op.value;
  switch (kind) {
    case 'add': {
      const p = pointerOf(op, 'path', kind);
      return addAt(doc, p.tokens, cloneJson(value), kind, p.raw);
    }
    case 'remove': {
      const p = pointerOf(op, 'path', kind);
      if (p.tokens.length === 0) throw rejected(`remove operation does not apply: doc is missing path: "${p.raw}": missing value`);
      removeAt(doc, p.tokens, kind, p.raw);
      return doc;
    }
    case 'replace': {
      const p = pointerOf(op, 'path', kind);
      if (p.tokens.length === 0) return cloneJson(value);
      const parent = findParent(doc, p.tokens);
      if (parent === undefined) throw rejected(`replace operation does not apply: doc is missing path: ${p.raw}: missing value`);
      const key = p.tokens[p.tokens.length - 1];
      if (Array.isArray(parent)) {
        const i = arrayIndex(key, parent.length, false);
        if (i === undefined || i >= parent.length) throw invalidIndex(key);
        parent[i] = cloneJson(value);
      } else {
        if (!Object.prototype.hasOwnProperty.call(parent, key)) {
          throw rejected(`replace operation does not apply: doc is missing key: ${p.raw}: missing value`);
        }
        parent[key] = cloneJson(value);
      }
      return doc;
    }
    case 'move': {
      const from = pointerOf(op, 'from', kind);
      const to = pointerOf(op, 'path', kind);
      if (from.raw === to.raw) {
        if (!getAt(doc, from.tokens).found) throw rejected(`move operation does not apply: doc is missing from path: ${from.raw}: missing value`);
        return doc;
      }
      // RFC 6902 4.4: a location cannot be moved into one of its children.
      if (to.raw.startsWith(from.raw + '/') || from.tokens.length === 0) {
        throw rejected(`move operation does not apply: "from" ${from.raw} is a prefix of "path" ${to.raw}`);
      }
      if (!getAt(doc, from.tokens).found) throw rejected(`move operation does not apply: doc is missing from path: ${from.raw}: missing value`);
      const moved = removeAt(doc, from.tokens, kind, from.raw);
      return addAt(doc, to.tokens, moved, kind, to.raw);
    }
    case 'copy': {
      const from = pointerOf(op, 'from', kind);
      const to = pointerOf(op, 'path', kind);
      const src = getAt(doc, from.tokens);
      if (!src.found) throw rejected(`copy operation does not apply: doc is missing from path: ${from.raw}: missing value`);
      return addAt(doc, to.tokens, cloneJson(src.value), kind, to.raw);
    }
    case 'test': {
      const p = pointerOf(op, 'path', kind);
      if (p.tokens.length > 0 && findParent(doc, p.tokens) === undefined) {
        throw rejected(`test operation does not apply: is missing path: ${p.raw}: missing value`);
      }
      const cur = getAt(doc, p.tokens);
      // json-patch v4 treats a missing location as null, so testing for null passes.
      const actual = cur.found ? cur.value : null;
      if (!jsonEqual(actual, value)) throw rejected(`testing value ${p.raw} failed: test failed`);
      return doc;
    }
    default:
      throw rejected(`Unexpected kind: ${kind}`);
  }
}

/**
 * Applies an RFC 6902 JSON Patch and returns the patched copy; `doc` is not changed.
 * Throws StatusError: 400 BadRequest when the patch is not a list of operations,
 * 413 when it has more than 10000 operations, 422 Invalid when an operation fails.
 */
export function applyJsonPatch(doc: unknown, ops: readonly JsonPatchOp[]): unknown {
  const list: unknown = ops;
  if (!Array.isArray(list)) {
    throw badRequest(`json: cannot unmarshal ${goJsonTypeName(list)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of list) {
    if (!isObject(op)) {
      throw badRequest(`json: cannot unmarshal ${goJsonTypeName(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (list.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new StatusError(
      newStatus(413, 'RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${list.length}`),
    );
  }
  let out = cloneJson(doc);
  for (const op of list as JsonObject[]) out = applyOne(out, op);
  return out;
}
