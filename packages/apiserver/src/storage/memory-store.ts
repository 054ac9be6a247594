// MemoryStore: the Store the REST layer uses. Every object lives in memory (loaded at open);
// the Backend makes writes durable. Write path, in order:
//   1. check preconditions against the current state (synchronous, so check-and-set is atomic
//      on Node's single thread), assign the next resourceVersion, serialise once;
//   2. hand the op to the backend (group commit shares one fsync among concurrent writes);
//   3. once durable, and strictly in resourceVersion order: make it visible to get/list, append
//      the event to the watch cache, deliver it to watchers, resolve the caller.
// So no reader or watcher ever sees a write that a crash could still lose.
// Writes to one key are serialised on durability: a write to a key whose previous write is not
// yet durable waits for it, then checks. So a Conflict is always against a state that get()
// already shows (a client's read-modify-write retry converges instead of spinning), while
// writes to different keys still share fsyncs.
import {
  alreadyExists,
  badRequest,
  conflict,
  gone,
  newStatus,
  notFound,
  RESOURCES,
  StatusError,
  type KubeObject,
  type ResourceInfo,
} from '@mk/api';
import type {
  Backend,
  BackendOp,
  ListOptions,
  ListResult,
  Preconditions,
  Store,
  StoreEntry,
  StoreWatch,
  StoreWatchEvent,
  WatchOptions,
} from './types.js';
import { Entry } from './entry.js';
import { backendKey, objectKey, parseBackendKey, qualifiedResource, resourceId } from './keys.js';
import { ResourceState, type PendingKey } from './resource-state.js';
import { compileFilter, derive } from './selectors.js';
import { CachedEvent, EventRing, Watcher, bookmarkEvent, eventLine, type EventType } from './watch-cache.js';
import { listEntries } from './list.js';

export interface MemoryStoreOptions {
  /** Events the watch cache keeps (all resources together). Default 100,000. */
  watchCacheSize?: number;
  /** Bytes of object JSON the watch cache may hold (counted per event). Default 256 MiB. */
  watchCacheBytes?: number;
  /** How often watchers that allow bookmarks get a BOOKMARK. Default 60 s. */
  bookmarkIntervalMs?: number;
  /** Told when a watcher's send throws (the watcher is stopped). */
  onWatcherError?: (err: unknown) => void;
}

export const DEFAULT_WATCH_CACHE_SIZE = 100_000;
export const DEFAULT_WATCH_CACHE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

interface PendingWrite {
  readonly rv: number;
  readonly st: ResourceState;
  readonly key: string;
  readonly type: EventType;
  /** The new state; for deletes, the last state with the deletion's resourceVersion. */
  readonly entry: Entry;
  readonly prev: Entry | undefined;
  /** What the writer gets. */
  readonly result: StoreEntry;
  done: boolean;
  resolve(e: StoreEntry): void;
  reject(err: unknown): void;
}

const KNOWN = new Map<string, ResourceInfo>(RESOURCES.map((r) => [resourceId(r), r]));

function nameOf(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (!name) throw badRequest('resource name may not be empty');
  return name;
}

export class MemoryStore implements Store {
  private readonly resources = new Map<string, ResourceState>();
  private readonly byInfo = new WeakMap<ResourceInfo, ResourceState>();
  private readonly ring: EventRing;
  private readonly queue: PendingWrite[] = [];
  private queueHead = 0;
  /** Last resourceVersion handed out (may not be durable yet). */
  private assignedRv: number;
  /** Last durable resourceVersion: what readers see. */
  private committedRv: number;
  /** Watch cache holds no events at or below this (the resourceVersion at open). */
  private readonly floorRv: number;
  private failure: StatusError | undefined;
  private closed = false;
  private readonly bookmarkTimer: NodeJS.Timeout;

  private constructor(
    private readonly backend: Backend,
    rv: number,
    private readonly opts: MemoryStoreOptions,
  ) {
    this.assignedRv = this.committedRv = this.floorRv = rv;
    this.ring = new EventRing(opts.watchCacheSize ?? DEFAULT_WATCH_CACHE_SIZE, opts.watchCacheBytes ?? DEFAULT_WATCH_CACHE_BYTES);
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), opts.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS);
    this.bookmarkTimer.unref();
  }

  /** Opens the backend and loads every object into memory. */
  static async open(backend: Backend, opts: MemoryStoreOptions = {}): Promise<MemoryStore> {
    await backend.open();
    try {
      return MemoryStore.load(backend, await backend.load(), opts);
    } catch (err) {
      await backend.close();
      throw err;
    }
  }

  private static load(backend: Backend, { entries, resourceVersion }: Awaited<ReturnType<Backend['load']>>, opts: MemoryStoreOptions): MemoryStore {
    const loaded: Array<[string, Entry]> = [];
    let maxRv = resourceVersion;
    for (const [k, json] of entries) {
      const parsed = parseBackendKey(k);
      if (!parsed) continue;
      let obj: KubeObject;
      try {
        obj = JSON.parse(json) as KubeObject;
      } catch (err) {
        throw new Error(`corrupt store: value of ${k} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      const rv = Number(obj.metadata?.resourceVersion ?? 0);
      if (rv > maxRv) maxRv = rv;
      const kind = KNOWN.get(parsed.resId)?.kind ?? obj.kind ?? '';
      const d = derive(kind, obj);
      loaded.push([parsed.resId, new Entry(parsed.key, json, rv, obj.metadata?.uid, d.labels, d.fields)]);
    }
    // Every write records the resourceVersion with it, so maxRv > resourceVersion only if the
    // store was written by something else; continuing above both keeps resourceVersions rising.
    const store = new MemoryStore(backend, maxRv, opts);
    const byResource = new Map<string, Entry[]>();
    for (const [resId, e] of loaded) {
      const list = byResource.get(resId);
      if (list) list.push(e);
      else byResource.set(resId, [e]);
    }
    for (const [resId, list] of byResource) store.stateById(resId).load(list);
    return store;
  }

  get resourceVersion(): number {
    return this.committedRv;
  }

  private stateById(id: string): ResourceState {
    let st = this.resources.get(id);
    if (!st) {
      st = new ResourceState(id, this.floorRv);
      st.info = KNOWN.get(id);
      this.resources.set(id, st);
    }
    return st;
  }

  private state(r: ResourceInfo): ResourceState {
    // Every request looks its resource up, often several times: skip building the id string.
    let st = this.byInfo.get(r);
    if (st) return st;
    st = this.stateById(resourceId(r));
    st.info ??= r;
    this.byInfo.set(r, st);
    return st;
  }

  private keyOf(r: ResourceInfo, namespace: string | undefined, name: string): string {
    if (r.namespaced && !namespace) throw badRequest(`a namespace is required for ${qualifiedResource(r)}`);
    return objectKey(r.namespaced ? namespace : undefined, name);
  }

  get(r: ResourceInfo, namespace: string | undefined, name: string): StoreEntry | undefined {
    return this.state(r).entries.get(this.keyOf(r, namespace, name));
  }

  // ---- writes ----

  private checkWritable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new StatusError(newStatus(503, 'ServiceUnavailable', 'the storage is closed'));
  }

  /**
   * The object with metadata.resourceVersion set, serialised once: the Entry the store keeps,
   * and the result handed to the writer, which carries the already parsed object so that the
   * REST layer need not parse it again.
   */
  private makeEntry(r: ResourceInfo, key: string, obj: KubeObject, rv: number): { entry: Entry; result: StoreEntry } {
    // Object.assign copies: about half the cost of spreads into literals here (V8 takes a slow
    // path defining the overriding keys); keys keep their order either way.
    const metadata = Object.assign({}, obj.metadata);
    metadata.resourceVersion = String(rv);
    const stored: KubeObject = Object.assign({}, obj);
    stored.metadata = metadata;
    const d = derive(r.kind, stored);
    const json = JSON.stringify(stored);
    return { entry: new Entry(key, json, rv, stored.metadata.uid, d.labels, d.fields), result: { object: stored, json, resourceVersion: rv } };
  }

  create(r: ResourceInfo, obj: KubeObject): Promise<StoreEntry> {
    try {
      this.checkWritable();
      const name = nameOf(obj);
      const st = this.state(r);
      const key = this.keyOf(r, obj.metadata.namespace, name);
      const busy = st.pending.get(key);
      if (busy) return this.after(busy, () => this.create(r, obj));
      if (st.entries.has(key)) throw alreadyExists(qualifiedResource(r), name, r.group);
      const rv = ++this.assignedRv;
      const e = this.makeEntry(r, key, obj, rv);
      return this.enqueue(st, 'ADDED', e, undefined, { type: 'put', key: backendKey(st.id, key), value: e.entry.json });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  update(r: ResourceInfo, obj: KubeObject, pre?: Preconditions): Promise<StoreEntry> {
    try {
      this.checkWritable();
      const name = nameOf(obj);
      const st = this.state(r);
      const key = this.keyOf(r, obj.metadata.namespace, name);
      const busy = st.pending.get(key);
      if (busy) return this.after(busy, () => this.update(r, obj, pre));
      const cur = st.entries.get(key);
      if (!cur) throw notFound(qualifiedResource(r), name, r.group);
      this.checkUid(r, name, cur, pre?.uid);
      // As Kubernetes: the object's own resourceVersion, when set, is the precondition; without
      // one the update is unconditional.
      const expected = pre?.resourceVersion || obj.metadata.resourceVersion || undefined;
      if (expected !== undefined && expected !== String(cur.resourceVersion)) {
        throw conflict(qualifiedResource(r), name, 'the object has been modified; please apply your changes to the latest version and try again', r.group);
      }
      const rv = ++this.assignedRv;
      const e = this.makeEntry(r, key, obj, rv);
      return this.enqueue(st, 'MODIFIED', e, cur, { type: 'put', key: backendKey(st.id, key), value: e.entry.json });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  delete(r: ResourceInfo, namespace: string | undefined, name: string, pre?: Preconditions): Promise<StoreEntry> {
    try {
      this.checkWritable();
      const st = this.state(r);
      const key = this.keyOf(r, namespace, name);
      const busy = st.pending.get(key);
      if (busy) return this.after(busy, () => this.delete(r, namespace, name, pre));
      const cur = st.entries.get(key);
      if (!cur) throw notFound(qualifiedResource(r), name, r.group);
      this.checkUid(r, name, cur, pre?.uid);
      if (pre?.resourceVersion && pre.resourceVersion !== String(cur.resourceVersion)) {
        throw conflict(
          qualifiedResource(r),
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.resourceVersion}`,
          r.group,
        );
      }
      const rv = ++this.assignedRv;
      // The DELETED event (and the caller) get the last state with the deletion's resourceVersion.
      const e = this.makeEntry(r, key, JSON.parse(cur.json) as KubeObject, rv);
      return this.enqueue(st, 'DELETED', e, cur, { type: 'del', key: backendKey(st.id, key) });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Runs write once the key's pending write is durable (or failed). */
  private after(busy: PendingKey, write: () => Promise<StoreEntry>): Promise<StoreEntry> {
    return new Promise<void>((resolve) => busy.waiters.push(resolve)).then(write);
  }

  private checkUid(r: ResourceInfo, name: string, cur: Entry, uid: string | undefined): void {
    if (uid && uid !== cur.uid) {
      throw conflict(qualifiedResource(r), name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${cur.uid ?? ''}`, r.group);
    }
  }

  private enqueue(
    st: ResourceState,
    type: EventType,
    { entry, result }: { entry: Entry; result: StoreEntry },
    prev: Entry | undefined,
    op: BackendOp,
  ): Promise<StoreEntry> {
    const rv = entry.resourceVersion;
    st.pending.set(entry.key, { waiters: [] });
    return new Promise<StoreEntry>((resolve, reject) => {
      const w: PendingWrite = { rv, st, key: entry.key, type, entry, result, prev, done: false, resolve, reject };
      this.queue.push(w);
      this.backend.write([op], rv).then(
        () => {
          w.done = true;
          this.commitReady();
        },
        (err: unknown) => this.fail(err),
      );
    });
  }

  /** Make durable writes visible, strictly in resourceVersion order. */
  private commitReady(): void {
    const q = this.queue;
    while (this.queueHead < q.length && q[this.queueHead].done) {
      const w = q[this.queueHead++];
      this.commit(w);
    }
    if (this.queueHead === q.length) {
      q.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead > 1024) {
      q.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private commit(w: PendingWrite): void {
    const { st, key } = w;
    if (w.type === 'DELETED') st.remove(key);
    else st.put(w.entry);
    const busy = st.pending.get(key);
    st.pending.delete(key);
    this.committedRv = w.rv;
    const ev = new CachedEvent(w.type, w.rv, st.id, w.entry, w.prev);
    this.ring.push(ev, (evicted) => {
      this.stateById(evicted.resId).droppedUpTo = evicted.resourceVersion;
    });
    for (const watcher of st.watchers) watcher.deliver(ev);
    w.resolve(w.result);
    if (busy) for (const wake of busy.waiters) wake();
  }

  /** A failed write: memory may now be ahead of disk, so refuse all further writes. */
  private fail(cause: unknown): void {
    const msg = cause instanceof Error ? cause.message : String(cause);
    this.failure ??= new StatusError(
      newStatus(500, 'InternalError', `Internal error occurred: storage is read-only after a failed write (restart the apiserver): ${msg}`),
    );
    const q = this.queue;
    for (let i = this.queueHead; i < q.length; i++) q[i].reject(this.failure);
    q.length = 0;
    this.queueHead = 0;
    for (const st of this.resources.values()) {
      // Waiting writes retry and meet the failure.
      for (const busy of st.pending.values()) for (const wake of busy.waiters) wake();
      st.pending.clear();
    }
  }

  // ---- lists ----

  list(r: ResourceInfo, opts: ListOptions): ListResult {
    return listEntries(this.state(r), r, opts, this.committedRv);
  }

  // ---- watches ----

  watch(r: ResourceInfo, opts: WatchOptions, send: (ev: StoreWatchEvent) => void): StoreWatch {
    const st = this.state(r);
    const filter = compileFilter(r.kind, opts.labelSelector, opts.fieldSelector);
    const nsPrefix = r.namespaced && opts.namespace ? `${opts.namespace}/` : undefined;
    const rvParam = opts.resourceVersion ?? '';
    const onError = (w: Watcher, err: unknown) => {
      stop(w);
      this.opts.onWatcherError?.(err);
    };
    const stop = (w: Watcher) => {
      w.stopped = true;
      st.watchers.delete(w);
    };
    const bookmarks = opts.allowWatchBookmarks === true;
    const fromNow = rvParam === '' || rvParam === '0';
    let n = this.committedRv;
    if (!fromNow) {
      n = /^\d+$/.test(rvParam) ? Number(rvParam) : NaN;
      if (!Number.isSafeInteger(n)) throw badRequest(`invalid resource version: ${JSON.stringify(rvParam)}`);
    }
    const initial = opts.sendInitialEvents ?? fromNow;
    // With initial events the client gets the current state, so it resumes from now.
    if (initial) n = Math.max(n, this.committedRv);
    else if (n < st.droppedUpTo) throw gone(`too old resource version: ${n} (${st.droppedUpTo})`);
    const watcher = new Watcher(nsPrefix, filter, send, bookmarks, n, onError);
    if (initial) {
      // Kubernetes: unset and "0" both start with synthetic ADDED events for the current state.
      const [from, to] = st.range(nsPrefix ?? '');
      st.sorted.forEach(from, to, (e) => {
        if (filter.matches(e)) watcher.send({ type: 'ADDED', resourceVersion: e.resourceVersion, json: eventLine('ADDED', e.json) });
        return !watcher.stopped;
      });
      if (opts.sendInitialEvents === true && bookmarks) watcher.send(bookmarkEvent(st.info, this.committedRv, true));
    } else {
      this.ring.forEachAfter(n, (ev) => {
        if (ev.resId === st.id && !watcher.stopped) watcher.deliver(ev);
      });
    }
    if (!watcher.stopped) st.watchers.add(watcher);
    return { stop: () => stop(watcher) };
  }

  private sendBookmarks(): void {
    const rv = this.committedRv;
    for (const st of this.resources.values()) {
      if (st.watchers.size === 0) continue;
      let ev: StoreWatchEvent | undefined;
      for (const w of st.watchers) {
        if (!w.bookmarks || rv < w.afterRv) continue;
        ev ??= bookmarkEvent(st.info, rv);
        w.send(ev);
      }
    }
  }

  /** Sends a BOOKMARK to every watcher that allows them now (tests; normally periodic). */
  bookmarkNow(): void {
    this.sendBookmarks();
  }

  /** Waits for accepted writes to become durable (or fail), then closes the backend. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.bookmarkTimer);
    const settled = this.queue.slice(this.queueHead).map(
      (w) =>
        new Promise<void>((done) => {
          const { resolve, reject } = w;
          w.resolve = (e) => (resolve(e), done());
          w.reject = (err) => (reject(err), done());
        }),
    );
    await Promise.all(settled);
    for (const st of this.resources.values()) st.watchers.clear();
    await this.backend.close();
  }
}
