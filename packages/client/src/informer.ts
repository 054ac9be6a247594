// Informer (client-go's SharedIndexInformer): a reflector feeding an indexed local cache,
// and handlers told about every change. Cached objects are shared: treat them as read-only.
import type { KubeObject, ResourceInfo } from '@mk/api';
import type { KubeClient } from './client.js';
import { errorMessage, stderrLogger } from './logger.js';
import type { Logger } from './logger.js';
import { Reflector } from './reflector.js';
import type { ReflectorOptions, ReflectorStore } from './reflector.js';
import { metaNamespaceKey, toResource } from './resource.js';
import type { ResourceRef } from './resource.js';

/** The index values of an object; an object may sit under several values, or none. */
export type IndexFunc<T> = (obj: T) => string[];

export interface EventHandlers<T> {
  /** isInInitialList: the object came from the first list, not a later change. */
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** The object's last state: from the DELETED event, or the cache when a relist found it gone. */
  onDelete?(obj: T): void;
}

export interface InformerOptions extends ReflectorOptions {
  /** Every this many ms, call onUpdate(obj, obj) for every cached object (0: never). */
  resyncPeriodMs?: number;
}

export const NAMESPACE_INDEX = 'namespace';
export const NODE_NAME_INDEX = 'spec.nodeName';

/** Index pods by spec.nodeName; pods not yet scheduled sit under ''. */
export const podsByNodeName: IndexFunc<KubeObject> = (pod) => {
  const spec = pod.spec as { nodeName?: string } | undefined;
  return [spec?.nodeName ?? ''];
};

const byNamespace: IndexFunc<KubeObject> = (obj) => (obj.metadata.namespace ? [obj.metadata.namespace] : []);

export class Informer<T extends KubeObject = KubeObject> {
  readonly resource: ResourceInfo;
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly handlers = new Set<EventHandlers<T>>();
  private readonly reflector: Reflector<T>;
  private readonly logger: Logger;
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    client: KubeClient,
    ref: ResourceRef,
    private readonly opts: InformerOptions = {},
  ) {
    this.resource = toResource(ref);
    this.logger = opts.logger ?? stderrLogger;
    this.addIndexer(NAMESPACE_INDEX, byNamespace as IndexFunc<T>);
    const store: ReflectorStore<T> = {
      replace: (items) => this.replace(items),
      add: (obj) => this.upsert(obj),
      update: (obj) => this.upsert(obj),
      delete: (obj) => this.remove(obj),
    };
    this.reflector = new Reflector<T>(client, this.resource, store, opts);
  }

  // ---- lifecycle ---------------------------------------------------------------------

  start(): void {
    this.reflector.start();
    const period = this.opts.resyncPeriodMs ?? 0;
    if (period > 0 && !this.resyncTimer) {
      this.resyncTimer = setInterval(() => this.resync(), period);
      this.resyncTimer.unref();
    }
  }

  stop(): void {
    this.reflector.stop();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  /** True once the first list is in the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new Error(`timed out waiting for ${this.resource.plural} to sync`));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  /** How many times the informer listed (1 + relists after 410 or errors). */
  get listCount(): number {
    return this.reflector.listCount;
  }

  // ---- handlers ----------------------------------------------------------------------

  /** Register handlers; if the cache already holds objects they are replayed as adds. Returns a remover. */
  addEventHandler(h: EventHandlers<T>): () => void {
    this.handlers.add(h);
    if (h.onAdd) for (const obj of this.items.values()) this.call(() => h.onAdd!(obj, true));
    return () => this.handlers.delete(h);
  }

  onAdd(fn: (obj: T, isInInitialList: boolean) => void): () => void {
    return this.addEventHandler({ onAdd: fn });
  }

  onUpdate(fn: (oldObj: T, newObj: T) => void): () => void {
    return this.addEventHandler({ onUpdate: fn });
  }

  onDelete(fn: (obj: T) => void): () => void {
    return this.addEventHandler({ onDelete: fn });
  }

  // ---- cache -------------------------------------------------------------------------

  /** Add an index; may be called after start (the index is built from the cache). */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexers.has(name)) throw new Error(`indexer ${JSON.stringify(name)} already exists`);
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, obj] of this.items) addToIndex(index, fn(obj), key);
  }

  /** The object at `namespace/name` (or `name` for cluster-scoped resources). */
  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Every cached object, or those of one namespace. */
  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.items.values()];
    return this.byIndex(NAMESPACE_INDEX, namespace);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index ${JSON.stringify(indexName)} does not exist`);
    const keys = index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) out.push(this.items.get(k)!);
    return out;
  }

  // ---- store operations (from the reflector) -------------------------------------------

  private replace(list: T[]): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const obj of list) {
      const key = metaNamespaceKey(obj);
      seen.add(key);
      const old = this.items.get(key);
      if (!old) {
        this.put(key, obj, undefined);
        this.emit((h) => h.onAdd?.(obj, initial));
      } else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        this.put(key, obj, old);
        this.emit((h) => h.onUpdate?.(old, obj));
      }
    }
    // Deleted while we were not watching: the cache's last state is all we know.
    for (const [key, old] of [...this.items]) {
      if (seen.has(key)) continue;
      this.drop(key, old);
      this.emit((h) => h.onDelete?.(old));
    }
    if (initial) {
      this.synced = true;
      const waiters = this.syncWaiters;
      this.syncWaiters = [];
      for (const w of waiters) w();
    }
  }

  // The watch path (upsert, remove) calls handlers directly: no closure per event and handler.
  private upsert(obj: T): void {
    const key = metaNamespaceKey(obj);
    const old = this.items.get(key);
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    this.put(key, obj, old);
    for (const h of this.handlers) {
      try {
        if (old) h.onUpdate?.(old, obj);
        else h.onAdd?.(obj, false);
      } catch (err) {
        this.handlerFailed(err);
      }
    }
  }

  private remove(obj: T): void {
    const key = metaNamespaceKey(obj);
    const old = this.items.get(key);
    if (!old) return;
    this.drop(key, old);
    for (const h of this.handlers) {
      try {
        h.onDelete?.(obj);
      } catch (err) {
        this.handlerFailed(err);
      }
    }
  }

  private put(key: string, obj: T, old: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      const values = fn(obj);
      if (old) {
        const oldValues = fn(old);
        // Most updates leave an object's index values as they were (its namespace, its node).
        if (sameValues(oldValues, values)) continue;
        removeFromIndex(index, oldValues, key);
      }
      addToIndex(index, values, key);
    }
    this.items.set(key, obj);
  }

  private drop(key: string, old: T): void {
    for (const [name, fn] of this.indexers) removeFromIndex(this.indices.get(name)!, fn(old), key);
    this.items.delete(key);
  }

  private resync(): void {
    if (!this.synced) return;
    for (const obj of this.items.values()) this.emit((h) => h.onUpdate?.(obj, obj));
  }

  private emit(fn: (h: EventHandlers<T>) => void): void {
    for (const h of this.handlers) this.call(() => fn(h));
  }

  // A failing handler must not stop the cache or the other handlers.
  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.handlerFailed(err);
    }
  }

  private handlerFailed(err: unknown): void {
    this.logger.error(`${this.resource.plural} informer handler failed: ${errorMessage(err)}`);
  }
}

function sameValues(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function addToIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const v of values) {
    let keys = index.get(v);
    if (!keys) index.set(v, (keys = new Set()));
    keys.add(key);
  }
}

function removeFromIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const v of values) {
    const keys = index.get(v);
    if (!keys) continue;
    keys.delete(key);
    if (keys.size === 0) index.delete(v);
  }
}
