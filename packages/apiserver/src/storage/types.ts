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

/**
 * One stored object: its JSON, serialised once, and the parsed object. `object` may be parsed on
 * access and shared between callers: treat it as immutable (clone before changing it; under
 * vitest it is frozen). Prefer `json` where the JSON is what you need.
 */
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
  /**
   * Throws StatusError 410 (Expired) when resourceVersion is older than the watch cache holds,
   * 400 for a malformed resourceVersion or selector.
   *
   * `send` is called synchronously: during watch() itself for the initial/replayed events
   * (write the response headers first, or hold them), then from the commit of each write. It
   * must not block and should not throw (a throwing send stops that watcher). Backpressure is
   * the caller's job: buffer per connection and, once a client is too far behind (e.g. more than
   * a few MiB unsent), stop the watch and close the connection, as Kubernetes does with slow
   * watchers; the client then relists. Write each tick's lines in one write (join them) rather
   * than one write per event: with 100 watchers that halves the server's CPU per event.
   */
  watch(r: ResourceInfo, opts: WatchOptions, send: (ev: StoreWatchEvent) => void): StoreWatch;
  close(): Promise<void>;
}
