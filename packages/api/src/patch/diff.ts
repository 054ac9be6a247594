// Computing strategic merge patches (strategicpatch.CreateTwoWayMergePatch and
// CreateThreeWayMergePatch): what `kubectl apply`, `label`, `set image` etc. send.
import { patchError } from './errors.js';
import { cloneJson, goString, hasOwn, isObject, jsonEqual, jsonType, type JsonObject } from './json.js';
import { deduplicateScalars, directiveMarker, mergeKeyValue, normalizeSliceOrder, sliceElementKind, sortScalars } from './lists.js';
import { lookupField, schemaForKind, type SchemaNode } from './patchmeta.js';
import {
  deleteFromPrimitiveListDirectivePrefix,
  mergeMap,
  retainKeysDirective,
  setElementOrderDirectivePrefix,
  splitStrategy,
} from './strategic.js';

interface DiffOptions {
  /** Emit `$setElementOrder/<list>` parallel lists. */
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  /** Emit `$retainKeys` (fields with patchStrategy retainKeys). */
  buildRetainKeysDirective: boolean;
}

function diffMaps(original: JsonObject, modified: JsonObject, node: SchemaNode, o: DiffOptions): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: string[] = [];
  for (const [key, mv] of Object.entries(modified)) {
    if (o.buildRetainKeysDirective && mv !== null) retainKeys.push(key);
    if (!hasOwn(original, key)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    const ov = original[key];
    if (key === directiveMarker) {
      if (typeof ov !== 'string' || typeof mv !== 'string') throw patchError(`invalid value for special key: ${directiveMarker}`);
      if (ov !== mv) patch[key] = mv;
      continue;
    }
    if (jsonType(ov) !== jsonType(mv)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    if (isObject(ov)) handleMapDiff(key, ov, mv as JsonObject, patch, node, o);
    else if (Array.isArray(ov)) handleSliceDiff(key, ov, mv as unknown[], patch, node, o);
    else if (!o.ignoreChangesAndAdditions && !jsonEqual(ov, mv)) patch[key] = mv;
  }
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!hasOwn(modified, key)) patch[key] = null;
  }
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[retainKeysDirective] = sortScalars(retainKeys);
  }
  return patch;
}

/** Whether original has a non-null field that modified lacks (so `$retainKeys` must clear it). */
function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.entries(original).some(([k, v]) => v !== null && !hasOwn(modified, k));
}

function handleMapDiff(key: string, ov: JsonObject, mv: JsonObject, patch: JsonObject, node: SchemaNode, o: DiffOptions): void {
  const { meta, child } = lookupField(node, key);
  const { retainKeys, strategy } = splitStrategy(meta.strategy);
  if (strategy === 'replace') {
    if (!o.ignoreChangesAndAdditions) patch[key] = mv;
    return;
  }
  const sub = diffMaps(ov, mv, child, { ...o, buildRetainKeysDirective: retainKeys });
  if (Object.keys(sub).length > 0) patch[key] = sub;
}

function handleSliceDiff(key: string, ov: unknown[], mv: unknown[], patch: JsonObject, node: SchemaNode, o: DiffOptions): void {
  const { meta, child } = lookupField(node, key);
  const { retainKeys, strategy } = splitStrategy(meta.strategy);
  if (strategy !== 'merge') {
    if (!o.ignoreChangesAndAdditions && !jsonEqual(ov, mv)) patch[key] = mv;
    return;
  }
  const r = diffLists(ov, mv, child, meta.mergeKey ?? '', { ...o, buildRetainKeysDirective: retainKeys });
  if (r.patch.length > 0) patch[key] = r.patch;
  if (r.deletions.length > 0) patch[`${deleteFromPrimitiveListDirectivePrefix}/${key}`] = r.deletions;
  if (r.setOrder.length > 0) patch[`${setElementOrderDirectivePrefix}/${key}`] = r.setOrder;
}

interface ListDiff {
  patch: unknown[];
  /** Only for lists of scalars: the parallel `$deleteFromPrimitiveList` list. */
  deletions: unknown[];
  setOrder: unknown[];
}

function diffLists(original: unknown[], modified: unknown[], node: SchemaNode, mergeKey: string, o: DiffOptions): ListDiff {
  if (original.length === 0) {
    if (modified.length === 0 || o.ignoreChangesAndAdditions) return { patch: [], deletions: [], setOrder: [] };
    return { patch: modified, deletions: [], setOrder: [] };
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'map') {
    const r = diffListsOfMaps(original, modified, node, mergeKey, o);
    const ordered = normalizeSliceOrder(r.patch, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    const patch = [...ordered, ...r.deletions];
    let setOrder: unknown[] = [];
    if (
      o.setElementOrder &&
      ((!o.ignoreChangesAndAdditions && (patch.length > 0 || !orderSame)) || (!o.ignoreDeletions && patch.length > 0))
    ) {
      setOrder = modified.map((v) => ({ [mergeKey]: (v as JsonObject)[mergeKey] }));
    }
    return { patch, deletions: [], setOrder };
  }
  const r = diffListsOfScalars(original, modified, o);
  const patch = normalizeSliceOrder(r.add, modified, mergeKey, kind);
  let setOrder: unknown[] = [];
  if (o.setElementOrder && ((!o.ignoreDeletions && r.deletions.length > 0) || (!o.ignoreChangesAndAdditions && !jsonEqual(original, modified)))) {
    setOrder = modified;
  }
  return { patch, deletions: r.deletions, setOrder };
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValue(original[i], mergeKey) === mergeKeyValue(m, mergeKey));
}

/** Walks both lists sorted by `%v`, as Go does, collecting additions and deletions. */
function diffListsOfScalars(original: unknown[], modified: unknown[], o: DiffOptions): { add: unknown[]; deletions: unknown[] } {
  const os = sortScalars(original);
  const ms = sortScalars(modified);
  const add: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const a = i < os.length ? goString(os[i]) : undefined;
    const b = j < ms.length ? goString(ms[j]) : undefined;
    if (a !== undefined && b !== undefined && a === b) {
      i++;
      j++;
    } else if (a === undefined || (b !== undefined && a > b)) {
      if (!o.ignoreChangesAndAdditions) add.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push(os[i]);
      i++;
    }
  }
  return { add, deletions: deduplicateScalars(deletions) };
}

function sortByMergeKey(list: unknown[], mergeKey: string): JsonObject[] {
  return (list as JsonObject[])
    .map((v) => ({ v, k: goString(mergeKeyValue(v, mergeKey)) }))
    .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
    .map((x) => x.v);
}

function diffListsOfMaps(original: unknown[], modified: unknown[], node: SchemaNode, mergeKey: string, o: DiffOptions): { patch: unknown[]; deletions: unknown[] } {
  const os = sortByMergeKey(original, mergeKey);
  const ms = sortByMergeKey(modified, mergeKey);
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const a = i < os.length ? goString(os[i][mergeKey]) : undefined;
    const b = j < ms.length ? goString(ms[j][mergeKey]) : undefined;
    if (a !== undefined && b !== undefined && a === b) {
      const sub = diffMaps(os[i], ms[j], node, o);
      if (Object.keys(sub).length > 0) {
        sub[mergeKey] = ms[j][mergeKey];
        patch.push(sub);
      }
      i++;
      j++;
    } else if (a === undefined || (b !== undefined && a > b)) {
      if (!o.ignoreChangesAndAdditions) patch.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ [mergeKey]: os[i][mergeKey], [directiveMarker]: 'delete' });
      i++;
    }
  }
  return { patch, deletions };
}

function asObject(v: unknown): JsonObject {
  return isObject(v) ? cloneJson(v) : {};
}

/**
 * The strategic merge patch that turns `original` into `modified` for an object of
 * `kind` (what `kubectl label`, `annotate`, `set image`, `taint` send). `{}` when equal.
 */
export function createTwoWayMergePatch(original: unknown, modified: unknown, kind: string): JsonObject {
  return createTwoWayMergePatchWithSchema(original, modified, schemaForKind(kind));
}

export function createTwoWayMergePatchWithSchema(original: unknown, modified: unknown, schema: SchemaNode): JsonObject {
  const opts: DiffOptions = { setElementOrder: true, ignoreChangesAndAdditions: false, ignoreDeletions: false, buildRetainKeysDirective: false };
  return cloneJson(diffMaps(asObject(original), asObject(modified), schema, opts));
}

/**
 * The patch `kubectl apply` sends (client-side apply): `original` is the
 * last-applied-configuration (undefined on first apply), `modified` the new
 * configuration, `current` the live object. It holds the deletions from original to
 * modified (`null`, `$patch: delete` items, `$deleteFromPrimitiveList`) plus the
 * additions and changes from current to modified; fields only the live object has
 * (status, defaults, fields set by controllers) are left alone. `{}` when nothing changes.
 */
export function createThreeWayMergePatch(original: unknown, modified: unknown, current: unknown, kind: string): JsonObject {
  return createThreeWayMergePatchWithSchema(original, modified, current, schemaForKind(kind));
}

export function createThreeWayMergePatchWithSchema(original: unknown, modified: unknown, current: unknown, node: SchemaNode): JsonObject {
  const base = { buildRetainKeysDirective: false, setElementOrder: true };
  const m = asObject(modified);
  const delta = diffMaps(asObject(current), m, node, { ...base, ignoreDeletions: true, ignoreChangesAndAdditions: false });
  const deletions = diffMaps(asObject(original), m, node, { ...base, ignoreDeletions: false, ignoreChangesAndAdditions: true });
  const patch = mergeMap(cloneJson(deletions), cloneJson(delta), node, { mergeParallelList: false, ignoreUnmatchedNulls: false });
  return cloneJson(patch);
}
