// One stored object as the store keeps it in memory.
//
// Memory: an entry keeps the object's JSON (needed byte for byte by lists and watches) and only
// the small derived fields selectors need (labels, field values); it does NOT keep the parsed
// object for its whole life. A parsed pod costs 3-5x its JSON on the V8 heap, which at 50,000
// pods would blow the 400 MiB budget. `object` parses on demand (~10 µs for a typical pod, paid
// by get/update, never by list or watch) and keeps the result in a small, bounded cache of the
// most recently parsed entries, so a request that reads `object` several times (or a hot object
// such as a Namespace read by every create in it) parses once.
//
// The parsed object is shared: treat it as immutable (clone before changing it). Under vitest it
// is deep-frozen so that any code that mutates it fails loudly in tests.
import type { KubeObject } from '@mk/api';
import type { StoreEntry } from './types.js';
import type { Derived } from './selectors.js';

const PARSED_CACHE_SIZE = 2048;
const parsedCache: Array<Entry | undefined> = new Array<Entry | undefined>(PARSED_CACHE_SIZE);
let parsedNext = 0;
const FREEZE = process.env.VITEST !== undefined;

function deepFreeze(o: unknown): void {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}

export class Entry implements StoreEntry, Derived {
  private parsed: KubeObject | undefined;

  constructor(
    /** Key within its resource: `namespace/name` or `name`. */
    readonly key: string,
    readonly json: string,
    readonly resourceVersion: number,
    /** metadata.uid, for uid preconditions without parsing. */
    readonly uid: string | undefined,
    readonly labels: Record<string, string> | undefined,
    readonly fields: Record<string, string>,
  ) {}

  get object(): KubeObject {
    let o = this.parsed;
    if (o === undefined) {
      o = JSON.parse(this.json) as KubeObject;
      if (FREEZE) deepFreeze(o);
      this.parsed = o;
      // An entry is in the cache ring at most once: it enters only while not cached.
      const evicted = parsedCache[parsedNext];
      if (evicted !== undefined) evicted.parsed = undefined;
      parsedCache[parsedNext] = this;
      parsedNext = (parsedNext + 1) % PARSED_CACHE_SIZE;
    }
    return o;
  }
}
