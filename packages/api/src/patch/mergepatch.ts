// RFC 7386 JSON merge patch (`application/merge-patch+json`) and the diffs kubectl
// computes with it for kinds that have no strategic merge metadata (custom resources).
import { badRequest } from '../status.js';
import { cloneJson, isObject, jsonEqual, type JsonObject } from './json.js';

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeInto(out[k], v);
  }
  return out;
}

/**
 * Applies an RFC 7386 merge patch: objects merge recursively, `null` deletes a key,
 * lists and scalars replace. Returns a new document; `doc` is not changed.
 * A top-level `null` patch is rejected as Kubernetes does (400 "Invalid JSON Patch").
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined) throw badRequest('Invalid JSON Patch');
  const out = mergeInto(doc, patch);
  // mergeInto shares untouched subtrees of doc; copy so callers may mutate the result.
  return cloneJson(out);
}

/** The merge patch that turns `original` into `modified` (evanphx CreateMergePatch). */
export function createMergePatch(original: unknown, modified: unknown): JsonObject {
  const o = isObject(original) ? original : {};
  const m = isObject(modified) ? modified : {};
  return diffObjects(o, m);
}

function diffObjects(o: JsonObject, m: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [k, mv] of Object.entries(m)) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) {
      patch[k] = cloneJson(mv);
      continue;
    }
    const ov = o[k];
    if (isObject(ov) && isObject(mv)) {
      const sub = diffObjects(ov, mv);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (!jsonEqual(ov, mv)) {
      patch[k] = cloneJson(mv);
    }
  }
  for (const k of Object.keys(o)) {
    if (!Object.prototype.hasOwnProperty.call(m, k)) patch[k] = null;
  }
  return patch;
}

/** Keeps only the deletions (`null`s) of a merge patch, or only its additions and changes. */
function keepOrDeleteNull(patch: JsonObject, keepNull: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      if (keepNull) out[k] = null;
    } else if (isObject(v)) {
      // An explicitly empty map is a value, not an empty patch.
      if (Object.keys(v).length === 0) {
        if (!keepNull) out[k] = v;
        continue;
      }
      const sub = keepOrDeleteNull(v, keepNull);
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (!keepNull) {
      out[k] = v;
    }
  }
  return out;
}

/**
 * What `kubectl apply` sends for kinds without strategic metadata
 * (k8s.io/apimachinery/pkg/util/jsonmergepatch.CreateThreeWayJSONMergePatch):
 * deletions from original (last-applied) to modified, plus additions and changes from
 * current (live) to modified. Fields only the live object has are left alone.
 * Returns `{}` when nothing needs to change.
 */
export function createThreeWayJsonMergePatch(original: unknown, modified: unknown, current: unknown): JsonObject {
  const addAndChange = keepOrDeleteNull(createMergePatch(current, modified), false);
  const deletions = keepOrDeleteNull(createMergePatch(original ?? {}, modified), true);
  return mergeInto(deletions, addAndChange) as JsonObject;
}
