// List helpers of strategic merge patch: element kinds, scalar sorting and the order
// normalisation that keeps patch order, $setElementOrder and live order
// (apimachinery strategicpatch: normalizeElementOrder, mergeSortedSlice, ...).
import { ErrNoListOfLists, errBadArgType, errNoMergeKey, patchError } from './errors.js';
import { goString, hasOwn, isObject, jsonType, type JsonObject } from './json.js';

export const directiveMarker = '$patch';

export type ElementKind = 'map' | 'scalar';

/** The common kind of the elements of the given lists; errors on lists of lists or mixed types. */
export function sliceElementKind(...lists: unknown[][]): ElementKind {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = jsonType(v);
      if (prev === undefined) {
        prev = t;
        if (t === 'array') throw patchError(ErrNoListOfLists);
      } else if (prev !== t) {
        throw patchError(`list element types are not identical: ${goString(lists)}`);
      }
    }
  }
  if (prev === undefined) throw patchError('no elements in any of the given slices');
  return prev === 'object' ? 'map' : 'scalar';
}

/** Like sliceElementKind, but empty lists take the kind implied by the merge key. */
export function elementKindOrDefault(mergeKey: string | undefined, ...lists: unknown[][]): ElementKind {
  if (lists.every((l) => l.length === 0)) return mergeKey ? 'map' : 'scalar';
  return sliceElementKind(...lists);
}

/** Sorted copy by the `%v` form, as Go's sortScalars orders them. */
export function sortScalars(list: readonly unknown[]): unknown[] {
  return [...list].sort((a, b) => {
    const x = goString(a);
    const y = goString(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Removes duplicates; order is irrelevant because callers normalise it afterwards. */
export function deduplicateScalars(list: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.includes(v)) out.push(v);
  return out;
}

export function mergeKeyValue(item: unknown, mergeKey: string): unknown {
  if (!isObject(item)) throw errBadArgType('map', item);
  if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
  return item[mergeKey];
}

/** Index of the first map in `list` whose merge key equals `value`, or -1. */
export function findByMergeKey(list: readonly unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObject(v)) throw patchError(`value for key ${i} is not a map.`);
    if (hasOwn(v, mergeKey) && v[mergeKey] === value) return i;
  }
  return -1;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const val = (x: unknown): unknown => (kind === 'map' ? (isObject(x) ? x[mergeKey] : undefined) : x);
  const want = val(item);
  return list.findIndex((x) => val(x) === want);
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) for (const item of list) mergeKeyValue(item, mergeKey);
}

/** Splits out the items carrying `$patch: delete`. */
export function extractToDeleteItems(list: readonly unknown[]): { keep: unknown[]; toDelete: unknown[] } {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of list) {
    if (!isObject(v)) throw errBadArgType('map', v);
    if (v[directiveMarker] === 'delete') toDelete.push(v);
    else keep.push(v);
  }
  return { keep, toDelete };
}

/** Sorts `toSort` by the order of `order`; `$patch: delete` items go last. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    ({ keep: items, toDelete } = extractToDeleteItems(toSort));
  }
  const sorted = [...items].sort((a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    const ib = indexIn(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
  return [...sorted, ...toDelete];
}

/**
 * Interleaves server-only items (`left`) into patch items (`right`), keeping the relative
 * order of each; a server-only item goes before a patch item only when the live order says so.
 */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Splits `list` into the items present in `by` and the rest (server-only items). */
export function partitionByPresentInList(
  list: readonly unknown[],
  by: readonly unknown[],
  mergeKey: string,
): { present: unknown[]; serverOnly: unknown[] } {
  const present: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    let found: boolean;
    if (!mergeKey) found = by.includes(v);
    else found = findByMergeKey(by, mergeKey, mergeKeyValue(v, mergeKey)) >= 0;
    (found ? present : serverOnly).push(v);
  }
  return { present, serverOnly };
}

export function isDeleteItem(v: unknown): v is JsonObject {
  return isObject(v) && v[directiveMarker] === 'delete';
}
