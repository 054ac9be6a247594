// Lists from memory, as etcd serves them: in key order (namespace/name), filtered by namespace
// and selectors, paged with limit and an opaque continue token.
import type { ResourceInfo } from '@mk/api';
import type { ListOptions, ListResult } from './types.js';
import type { Entry } from './entry.js';
import type { ResourceState } from './resource-state.js';
import { compileFilter } from './selectors.js';
import { decodeContinue, encodeContinue } from './continue-token.js';

/** Throws StatusError BadRequest for a bad selector or continue token. */
export function listEntries(st: ResourceState, r: ResourceInfo, opts: ListOptions, currentRv: number): ListResult {
  const filter = compileFilter(r.kind, opts.labelSelector, opts.fieldSelector);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
  let listRv = currentRv;
  const prefix = r.namespaced && opts.namespace ? `${opts.namespace}/` : '';
  let [from, end] = st.range(prefix);
  if (opts.continue) {
    const t = decodeContinue(opts.continue);
    // Every page reports the first page's resourceVersion, so a watch from it misses nothing.
    // (Unlike etcd, later pages show the current state rather than a snapshot at that version.)
    listRv = t.rv;
    from = Math.max(from, st.sorted.rank(t.start));
  }
  const items: Entry[] = [];
  let more = false;
  st.sorted.forEach(from, end, (e) => {
    if (!filter.matches(e)) return true;
    if (limit !== undefined && items.length === limit) {
      more = true; // a matching entry beyond this page
      return false;
    }
    items.push(e);
    return true;
  });
  const result: ListResult = { items, resourceVersion: listRv };
  if (more) {
    result.continue = encodeContinue({ rv: listRv, start: items[items.length - 1].key + '\u0000' });
    // Kubernetes counts what remains only when no selector filters it.
    if (!filter.selective) result.remainingItemCount = end - from - items.length;
  }
  return result;
}
