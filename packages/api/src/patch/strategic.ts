// Applying a strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch
// mergeMap and friends). The same merge also combines the two halves of kubectl's
// three-way patch, with MergeOptions that keep directives instead of executing them.
import { badRequest } from '../status.js';
import {
  ErrBadPatchFormatForPrimitiveList,
  ErrBadPatchFormatForRetainKeys,
  ErrBadPatchFormatForSetElementOrderList,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  patchError,
} from './errors.js';
import { cloneJson, goString, hasOwn, isObject, jsonEqual, jsonType, type JsonObject } from './json.js';
import {
  directiveMarker,
  elementKindOrDefault,
  extractToDeleteItems,
  findByMergeKey,
  mergeKeyValue,
  normalizeElementOrder,
  partitionByPresentInList,
  sliceElementKind,
  deduplicateScalars,
} from './lists.js';
import { lookupField, schemaForKind, type PatchStrategy, type SchemaNode } from './patchmeta.js';

export const retainKeysDirective = '$retainKeys';
export const deleteFromPrimitiveListDirectivePrefix = '$deleteFromPrimitiveList';
export const setElementOrderDirectivePrefix = '$setElementOrder';

export interface MergeOptions {
  /** Execute `$deleteFromPrimitiveList` / `$setElementOrder` (server side) rather than carry them (client side). */
  mergeParallelList: boolean;
  /** Drop a `null` for a key the original lacks (server side) rather than keep it as a deletion. */
  ignoreUnmatchedNulls: boolean;
}

const APPLY: MergeOptions = { mergeParallelList: true, ignoreUnmatchedNulls: true };

export function splitStrategy(s: PatchStrategy | undefined): { retainKeys: boolean; strategy: '' | 'merge' | 'replace' } {
  switch (s) {
    case 'merge':
      return { retainKeys: false, strategy: 'merge' };
    case 'replace':
      return { retainKeys: false, strategy: 'replace' };
    case 'retainKeys':
      return { retainKeys: true, strategy: '' };
    case 'merge,retainKeys':
      return { retainKeys: true, strategy: 'merge' };
    default:
      return { retainKeys: false, strategy: '' };
  }
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw patchError(prefix === deleteFromPrimitiveListDirectivePrefix ? ErrBadPatchFormatForPrimitiveList : ErrBadPatchFormatForSetElementOrderList);
  }
  return s.slice(slash + 1);
}

/**
 * A value that lands where the original has nothing. Server side it still goes through
 * the merge, so its directives are executed and its nulls dropped, as decoding into the
 * Go struct would; client side (combining patches) it is kept verbatim.
 */
function newValue(v: unknown, node: SchemaNode, strategy: string, mergeKey: string | undefined, opts: MergeOptions): unknown {
  if (!opts.mergeParallelList) return v;
  if (isObject(v)) return mergeMap({}, v, node, opts);
  if (Array.isArray(v)) {
    if (strategy === 'merge' && v.length > 0) return mergeSlice([], v, node, mergeKey ?? '', opts, false);
    return v.map((x) => (isObject(x) ? mergeMap({}, x, node, opts) : x));
  }
  return v;
}

function handleDirectiveInMergeMap(directive: unknown, patch: JsonObject, node: SchemaNode, opts: MergeOptions): JsonObject {
  if (directive === 'replace') {
    delete patch[directiveMarker];
    return opts.mergeParallelList ? mergeMap({}, patch, node, opts) : patch;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, opts: MergeOptions): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const inPatch = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!opts.mergeParallelList) {
    // Combining patches: both halves were built from the same modified object.
    if (hasOwn(original, retainKeysDirective)) {
      if (!jsonEqual(original[retainKeysDirective], inPatch)) {
        throw patchError(`${goString(original[retainKeysDirective])} and ${goString(inPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`);
      }
    } else {
      original[retainKeysDirective] = inPatch;
    }
    return;
  }
  if (!Array.isArray(inPatch)) throw patchError(ErrBadPatchFormatForRetainKeys);
  const keep = new Set<unknown>(inPatch);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListDirectivePrefix) || k.startsWith(setElementOrderDirectivePrefix)) continue;
    if (!keep.has(k)) throw patchError(ErrBadPatchFormatForRetainKeys);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Checks that the patch list's items appear in the `$setElementOrder` list in the same relative order. */
function validatePatchWithSetOrderList(patchList: unknown[], setOrderList: unknown[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList).keep : patchList;
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < setOrderList.length) {
    const item = nonDelete[pi];
    if (isObject(item) && hasOwn(item, directiveMarker)) {
      pi++;
      continue;
    }
    const equal = mergeKey ? mergeKeyValue(item, mergeKey) === mergeKeyValue(setOrderList[si], mergeKey) : item === setOrderList[si];
    if (equal) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= setOrderList.length) {
    throw patchError(`The order in patch list:\n${goString(patchList)}\n doesn't match ${setElementOrderDirectivePrefix} list:\n${goString(setOrderList)}\n`);
  }
}

/** Handles every `$setElementOrder/<list>` of `patch` together with `<list>` itself. */
function mergePatchIntoOriginal(original: JsonObject, patch: JsonObject, node: SchemaNode, opts: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderDirectivePrefix)) continue;
    const setOrder = patch[key];
    if (!opts.mergeParallelList) {
      if (hasOwn(original, key)) {
        if (!jsonEqual(original[key], setOrder)) throw patchError(ErrBadPatchFormatForSetElementOrderList);
      } else {
        original[key] = setOrder;
      }
    }
    delete patch[key];
    if (!Array.isArray(setOrder)) throw errBadArgType('slice', setOrder);
    const field = extractKey(key, setElementOrderDirectivePrefix);
    const foundOriginal = hasOwn(original, field);
    const foundPatch = hasOwn(patch, field);
    const originalList = foundOriginal ? original[field] : [];
    const patchList = foundPatch ? patch[field] : [];
    if (!Array.isArray(originalList)) throw errBadArgType('slice', originalList);
    if (!Array.isArray(patchList)) throw errBadArgType('slice', patchList);
    const { meta, child } = lookupField(node, field);
    const { strategy } = splitStrategy(meta.strategy);
    const mergeKey = meta.mergeKey ?? '';
    validatePatchWithSetOrderList(patchList, setOrder, mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = newValue(patchList, child, strategy, mergeKey, opts) as unknown[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, child, strategy, mergeKey, false, opts);
    else continue;

    const { present, serverOnly } = partitionByPresentInList(merged, setOrder, mergeKey);
    const kind = elementKindOrDefault(mergeKey, originalList, patchList);
    const serverOrder =
      foundOriginal && foundPatch && strategy === 'merge' && kind === 'map' ? goAliasedOriginal(originalList, patchList, mergeKey) : originalList;
    original[field] = normalizeElementOrder(present, serverOnly, setOrder, serverOrder, mergeKey, kind);
    delete patch[field];
  }
}

/**
 * The live list as apimachinery sees it when it orders a `$setElementOrder` list: Go deletes
 * `$patch: delete` items by shifting the original slice in place and appends new items into
 * the freed slots, so the "live order" it consults is the original array after those writes.
 * Reproducing that keeps item order identical to Kubernetes when one apply both deletes
 * and adds items next to server-only ones.
 */
function goAliasedOriginal(original: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  const arr = [...original];
  let len = arr.length;
  const indexOf = (value: unknown): number =>
    arr.slice(0, len).findIndex((x) => isObject(x) && hasOwn(x, mergeKey) && x[mergeKey] === value);
  let replace = false;
  for (const v of patch) {
    if (!isObject(v) || !hasOwn(v, directiveMarker)) continue;
    if (v[directiveMarker] === 'replace') replace = true;
    if (v[directiveMarker] !== 'delete') continue;
    for (let k = indexOf(v[mergeKey]); k >= 0; k = indexOf(v[mergeKey])) {
      arr.copyWithin(k, k + 1, len);
      len--;
    }
  }
  if (!replace) {
    for (const v of patch) {
      if (!isObject(v) || hasOwn(v, directiveMarker)) continue;
      if (indexOf(v[mergeKey]) >= 0) continue;
      if (len < arr.length) arr[len] = v;
      len++;
    }
  }
  return arr;
}

/**
 * Merges `patch` into `original` (both are mutated; callers pass copies).
 * Exported for the three-way patch, which merges two patches with client-side options.
 */
export function mergeMap(original: JsonObject | undefined, patch: JsonObject, node: SchemaNode, opts: MergeOptions): JsonObject {
  if (hasOwn(patch, directiveMarker)) return handleDirectiveInMergeMap(patch[directiveMarker], patch, node, opts);
  const out = original ?? {};
  applyRetainKeysDirective(out, patch, opts);
  mergePatchIntoOriginal(out, patch, node, opts);

  // Deletion lists first, so the outcome does not depend on key order.
  const keys = Object.keys(patch).sort((a, b) => {
    const da = a.startsWith(deleteFromPrimitiveListDirectivePrefix) ? 0 : 1;
    const db = b.startsWith(deleteFromPrimitiveListDirectivePrefix) ? 0 : 1;
    return da - db;
  });
  for (const k of keys) {
    const patchV = patch[k];
    let key = k;
    let isDeleteList = false;
    if (k.startsWith(deleteFromPrimitiveListDirectivePrefix)) {
      if (!opts.mergeParallelList) {
        out[k] = patchV;
        continue;
      }
      key = extractKey(k, deleteFromPrimitiveListDirectivePrefix);
      isDeleteList = true;
      // Nothing to delete from: never add the deletion list as the list itself.
      if (!Array.isArray(out[key])) continue;
    }

    const { meta, child } = lookupField(node, key);
    const { strategy } = splitStrategy(meta.strategy);

    if (patchV === null) {
      delete out[key];
      if (opts.ignoreUnmatchedNulls) continue;
    }
    if (!hasOwn(out, key)) {
      out[key] = newValue(patchV, child, strategy, meta.mergeKey, opts);
      continue;
    }
    const cur = out[key];
    const t = jsonType(cur);
    if (t !== jsonType(patchV)) {
      out[key] = newValue(patchV, child, strategy, meta.mergeKey, opts);
      continue;
    }
    if (t === 'object') {
      out[key] =
        strategy === 'replace'
          ? newValue(patchV, child, '', undefined, opts)
          : mergeMap(cur as JsonObject, patchV as JsonObject, child, opts);
    } else if (t === 'array') {
      out[key] = mergeSliceHandler(cur as unknown[], patchV as unknown[], child, strategy, meta.mergeKey ?? '', isDeleteList, opts);
    } else {
      out[key] = patchV;
    }
  }
  return out;
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  node: SchemaNode,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  opts: MergeOptions,
): unknown[] {
  // Deletion lists apply whatever the field's strategy (apimachinery does the same).
  if (strategy === 'merge' || isDeleteList) return mergeSlice(original, patch, node, mergeKey, opts, isDeleteList);
  return newValue(patch, node, '', undefined, opts) as unknown[];
}

/** Merges two lists with the merge strategy: maps by merge key, scalars as a set. */
function mergeSlice(original: unknown[], patch: unknown[], node: SchemaNode, mergeKey: string, opts: MergeOptions, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  let base = original;
  let items = patch;
  if (kind === 'scalar') {
    if (opts.mergeParallelList && isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw patchError('cannot merge lists without merge key for type struct');
    ({ base, items } = mergeSliceWithSpecialElements(original, patch, mergeKey, node, opts));
    merged = mergeSliceWithoutSpecialElements(base, items, mergeKey, node, opts);
  }
  const { present, serverOnly } = partitionByPresentInList(merged, items, kind === 'map' ? mergeKey : '');
  return normalizeElementOrder(present, serverOnly, items, base, kind === 'map' ? mergeKey : '', kind);
}

/** Executes `$patch: delete` / `$patch: replace` list items. */
function mergeSliceWithSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  node: SchemaNode,
  opts: MergeOptions,
): { base: unknown[]; items: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  let base = original;
  for (const v of patch) {
    const m = v as JsonObject;
    if (!hasOwn(m, directiveMarker)) {
      plain.push(v);
      continue;
    }
    switch (m[directiveMarker]) {
      case 'delete': {
        if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
        const value = m[mergeKey];
        findByMergeKey(base, mergeKey, value); // errors on non-map items, as Go does
        base = base.filter((x) => !(isObject(x) && hasOwn(x, mergeKey) && x[mergeKey] === value));
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw patchError('merging lists cannot yet be specified in the patch');
      default:
        throw errBadPatchType(m[directiveMarker], m);
    }
  }
  if (replace) {
    return { base: opts.mergeParallelList ? plain.map((x) => mergeMap({}, x as JsonObject, node, opts)) : plain, items: [] };
  }
  return { base, items: plain };
}

function mergeSliceWithoutSpecialElements(original: unknown[], patch: unknown[], mergeKey: string, node: SchemaNode, opts: MergeOptions): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonObject;
    if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    const i = findByMergeKey(out, mergeKey, m[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, m, node, opts);
    else out.push(opts.mergeParallelList ? mergeMap({}, m, node, opts) : m);
  }
  return out;
}

/**
 * Applies a Kubernetes strategic merge patch to `doc` for an object of `kind` and
 * returns the result; inputs are not changed. Lists with patchStrategy merge are merged
 * by their merge key (see patchMetaFor), other lists replaced; `null` deletes;
 * `$patch: replace|delete`, `$retainKeys`, `$deleteFromPrimitiveList/<list>` and
 * `$setElementOrder/<list>` are honoured. Kinds without metadata get merge-patch semantics.
 * Throws StatusError (400 for a malformed patch, 500 for e.g. a missing merge key, as the apiserver does).
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, kind: string): unknown {
  return applyStrategicMergePatchWithSchema(doc, patch, schemaForKind(kind));
}

/** applyStrategicMergePatch against an explicit schema. */
export function applyStrategicMergePatchWithSchema(doc: unknown, patch: unknown, schema: SchemaNode): unknown {
  if (patch === null || patch === undefined) return cloneJson(doc);
  if (!isObject(patch)) {
    const t = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${t} into Go value of type map[string]interface {}`);
  }
  const original = isObject(doc) ? cloneJson(doc) : {};
  return mergeMap(original, cloneJson(patch), schema, APPLY);
}
