// The storage contract between the REST layer (../rest) and the storage layer (this folder).
//
// Backend: a durable key/value log (LevelDB by default; etcd could implement it later).
// Store:   the in-memory view above it that the REST layer uses: every object by key, the
//          global resourceVersion counter, optimistic concurrency, lists, and the watch cache.
import type { KubeObject, ResourceInfo } from '@mk/api';

export interface BackendOp {
  type: 'put' | 'del';
  key: string;
  /** Serialized object JSON, for puts. */
  value?: string;
}

export interface Backend {
  open(): Promise<void>;
  /** Every stored key/value, and the last resourceVersion written (0 for a new store). */
  load(): Promise<{ entries: Array<[string, string]>; resourceVersion: number }>;
  /**
   * Apply ops and record resourceVersion as one atomic batch, synced to disk before the
   * promise resolves. Concurrent calls may share one synced batch (group commit).
   */
  write(ops: BackendOp[], resourceVersion: number): Promise<void>;
  close(): Promise<void>;
}

/** One stored object: the parsed object (treat as immutable) and its JSON, serialised once. */
export interface StoreEntry {
  readonly object: KubeObject;
  readonly json: string;
  readonly resourceVersion: number;
}

export interface Preconditions {
  resourceVersion?: string;
  uid?: string;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: StoreEntry[];
  /** The store's resourceVersion at the time of the list (a watch may start from it). */
  resourceVersion: number;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Start after this resourceVersion (events with a higher one are replayed from the watch
   * cache, 410 Expired if it no longer holds them). '' (unset) and '0' both start, as in
   * Kubernetes, with synthetic ADDED events for the current objects, then stream changes.
   */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /**
   * Kubernetes' sendInitialEvents (watch-list): true sends ADDED for the current objects whatever
   * resourceVersion says, then (with allowWatchBookmarks) a BOOKMARK annotated
   * `k8s.io/initial-events-end: "true"`, then changes; false never sends synthetic events.
   */
  sendInitialEvents?: boolean;
}

/** A watch event, serialised once for all watchers: `{"type":"ADDED","object":{...}}`. */
export interface StoreWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  resourceVersion: number;
  /** The complete event line as JSON (no trailing newline). */
  json: string;
}

export interface StoreWatch {
  stop(): void;
}

export interface Store {
  /** The current (last committed) global resourceVersion. */
  readonly resourceVersion: number;
  get(r: ResourceInfo, namespace: string | undefined, name: string): StoreEntry | undefined;
  list(r: ResourceInfo, opts: ListOptions): ListResult;
  /** Sets metadata.resourceVersion. Throws StatusError AlreadyExists. Resolves after the write is durable. */
  create(r: ResourceInfo, obj: KubeObject): Promise<StoreEntry>;
  /** Throws StatusError NotFound, or Conflict when preconditions do not hold. */
  update(r: ResourceInfo, obj: KubeObject, pre?: Preconditions): Promise<StoreEntry>;
  /** Removes the object; the DELETED event carries it with the new resourceVersion. */
  delete(r: ResourceInfo, namespace: string | undefined, name: string, pre?: Preconditions): Promise<StoreEntry>;
  /** Throws StatusError 410 (Expired) when resourceVersion is older than the watch cache holds. */
  watch(r: ResourceInfo, opts: WatchOptions, send: (ev: StoreWatchEvent) => void): StoreWatch;
  close(): Promise<void>;
}
