// Everything the store holds for one resource: committed entries (by key and in key order, as
// etcd would list them), writes accepted but not yet durable, and the resource's watchers.
import type { ResourceInfo } from '@mk/api';
import type { Entry } from './entry.js';
import type { Watcher } from './watch-cache.js';
import { SortedEntries } from './sorted-entries.js';

/** A write accepted but not yet durable; later writes to the same key wait for it. */
export interface PendingKey {
  /** Called once the write is durable and visible, or has failed. */
  readonly waiters: Array<() => void>;
}

export class ResourceState {
  /** Committed (durable) objects by key. */
  readonly entries = new Map<string, Entry>();
  /** The same entries in key order. */
  readonly sorted = new SortedEntries();
  /** Keys with a write accepted but not yet durable. */
  readonly pending = new Map<string, PendingKey>();
  readonly watchers = new Set<Watcher>();
  /** Events at or below this resourceVersion may be missing from the watch cache. */
  droppedUpTo: number;
  info: ResourceInfo | undefined;

  constructor(
    readonly id: string,
    floorRv: number,
  ) {
    this.droppedUpTo = floorRv;
  }

  /** Make e the committed state of its key. */
  put(e: Entry): void {
    this.entries.set(e.key, e);
    this.sorted.set(e);
  }

  remove(key: string): void {
    if (this.entries.delete(key)) this.sorted.delete(key);
  }

  /** Loading: the whole committed state at once. */
  load(entries: Entry[]): void {
    for (const e of entries) this.entries.set(e.key, e);
    this.sorted.load(entries);
  }

  /** Ranks [from, to) of the entries whose keys start with prefix ('' for all). */
  range(prefix: string): [number, number] {
    if (prefix === '') return [0, this.sorted.size];
    // Keys never contain '\uffff', so every key with the prefix sorts below prefix + '\uffff'.
    return [this.sorted.rank(prefix), this.sorted.rank(prefix + '\uffff')];
  }
}
