// Entries kept in key order, as etcd lists them. A flat sorted array costs O(n) per insert
// (at 50,000 pods the memmove dominated the create path); chunks of at most MAX_CHUNK entries
// make an insert or delete O(log n + MAX_CHUNK) while lists still walk in order.
import type { Entry } from './entry.js';

const MAX_CHUNK = 1024;

function lowerBoundIn(a: readonly Entry[], key: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedEntries {
  private chunks: Entry[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The chunk that holds key or would: the first whose last key is >= key, else the last. */
  private chunkFor(key: string): number {
    const c = this.chunks;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const last = c[mid];
      if (last[last.length - 1].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Insert e, or replace the entry with its key. */
  set(e: Entry): void {
    if (this.chunks.length === 0) {
      this.chunks.push([e]);
      this.count = 1;
      return;
    }
    const ci = this.chunkFor(e.key);
    const chunk = this.chunks[ci];
    const i = lowerBoundIn(chunk, e.key);
    if (i < chunk.length && chunk[i].key === e.key) {
      chunk[i] = e;
      return;
    }
    chunk.splice(i, 0, e);
    this.count++;
    if (chunk.length > MAX_CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(chunk.length >>> 1));
  }

  delete(key: string): boolean {
    if (this.chunks.length === 0) return false;
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci];
    const i = lowerBoundIn(chunk, key);
    if (i >= chunk.length || chunk[i].key !== key) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  /** How many entries have a key below key. */
  rank(key: string): number {
    if (this.chunks.length === 0) return 0;
    const ci = this.chunkFor(key);
    let r = 0;
    for (let c = 0; c < ci; c++) r += this.chunks[c].length;
    return r + lowerBoundIn(this.chunks[ci], key);
  }

  /** Calls f on entries in key order starting at rank `from`, until f returns false or `to` is reached. */
  forEach(from: number, to: number, f: (e: Entry) => boolean): void {
    let skip = from;
    let left = to - from;
    for (const chunk of this.chunks) {
      if (left <= 0) return;
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      for (let i = skip; i < chunk.length && left > 0; i++, left--) if (!f(chunk[i])) return;
      skip = 0;
    }
  }

  /** Replace everything with these entries (any order). */
  load(entries: Entry[]): void {
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.chunks = [];
    for (let i = 0; i < entries.length; i += MAX_CHUNK / 2) this.chunks.push(entries.slice(i, i + MAX_CHUNK / 2));
    this.count = entries.length;
  }
}
