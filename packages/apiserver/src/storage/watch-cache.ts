// The watch cache: a ring of the most recent committed events (all resources, in
// resourceVersion order) and the watchers they are delivered to. Each event's line is built at
// most once and the same string goes to every watcher.
import type { ResourceInfo } from '@mk/api';
import type { StoreWatchEvent } from './types.js';
import type { Entry } from './entry.js';
import type { EntryFilter } from './selectors.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export function eventLine(type: StoreWatchEvent['type'], objectJson: string): string {
  return `{"type":"${type}","object":${objectJson}}`;
}

/**
 * A BOOKMARK: an object with only kind, apiVersion and metadata.resourceVersion (plus the
 * k8s.io/initial-events-end annotation when it closes a watch's initial events).
 */
export function bookmarkEvent(info: ResourceInfo | undefined, rv: number, initialEventsEnd = false): StoreWatchEvent {
  const metadata: { resourceVersion: string; annotations?: Record<string, string> } = { resourceVersion: String(rv) };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  const obj = {
    kind: info?.kind ?? '',
    apiVersion: info ? (info.group === '' ? info.version : `${info.group}/${info.version}`) : '',
    metadata,
  };
  return { type: 'BOOKMARK', resourceVersion: rv, json: eventLine('BOOKMARK', JSON.stringify(obj)) };
}

/** The same object JSON with another metadata.resourceVersion. */
export function withResourceVersion(json: string, rv: number): string {
  const obj = JSON.parse(json) as { metadata?: { resourceVersion?: string } };
  obj.metadata = { ...obj.metadata, resourceVersion: String(rv) };
  return JSON.stringify(obj);
}

export class CachedEvent {
  private main: StoreWatchEvent | undefined;
  private added: StoreWatchEvent | undefined;
  private deleted: StoreWatchEvent | undefined;

  constructor(
    readonly type: EventType,
    readonly resourceVersion: number,
    /** Id of the resource (`core/pods`); watchers of other resources skip the event. */
    readonly resId: string,
    /** The object as the event carries it; for DELETED, its last state with the deletion's resourceVersion. */
    readonly cur: Entry,
    /** The state before this event (MODIFIED, DELETED): selector transitions depend on it. */
    readonly prev: Entry | undefined,
  ) {}

  /** The event as written. */
  asIs(): StoreWatchEvent {
    return (this.main ??= { type: this.type, resourceVersion: this.resourceVersion, json: eventLine(this.type, this.cur.json) });
  }

  /** A MODIFIED that makes the object match a watcher's selector is an ADDED for that watcher. */
  asAdded(): StoreWatchEvent {
    return (this.added ??= { type: 'ADDED', resourceVersion: this.resourceVersion, json: eventLine('ADDED', this.cur.json) });
  }

  /**
   * A MODIFIED that makes the object stop matching is a DELETED carrying the previous content with
   * this event's resourceVersion, as Kubernetes' cacheWatcher does.
   */
  asDeleted(): StoreWatchEvent {
    if (this.deleted) return this.deleted;
    const json = this.prev ? withResourceVersion(this.prev.json, this.resourceVersion) : this.cur.json;
    return (this.deleted = { type: 'DELETED', resourceVersion: this.resourceVersion, json: eventLine('DELETED', json) });
  }
}

/**
 * A ring of events in resourceVersion order, bounded by event count and by the bytes of JSON
 * its events hold (a ring of 100,000 updates of 20 KB Nodes would otherwise hold 2 GB).
 * Bytes are counted per event even where strings are shared with live entries, so the bound is
 * conservative.
 */
export class EventRing {
  private readonly buf: Array<CachedEvent | undefined>;
  private head = 0; // index of the oldest event
  private count = 0;
  private bytes = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`watch cache size must be a positive integer, got ${capacity}`);
    this.buf = new Array<CachedEvent | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends ev; calls evicted for each event dropped to make room, oldest first. */
  push(ev: CachedEvent, evicted: (ev: CachedEvent) => void): void {
    const size = ev.cur.json.length;
    while (this.count > 0 && (this.count === this.capacity || this.bytes + size > this.maxBytes)) {
      const old = this.buf[this.head] as CachedEvent;
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.bytes -= old.cur.json.length;
      evicted(old);
    }
    this.buf[(this.head + this.count) % this.capacity] = ev;
    this.count++;
    this.bytes += size;
  }

  private at(i: number): CachedEvent {
    return this.buf[(this.head + i) % this.capacity] as CachedEvent;
  }

  /** Calls f for every event with resourceVersion > rv, oldest first. */
  forEachAfter(rv: number, f: (ev: CachedEvent) => void): void {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).resourceVersion <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.count; i++) f(this.at(i));
  }
}

/** One watch: its filter and where its events go. */
export class Watcher {
  stopped = false;

  constructor(
    /** `namespace/` when the watch is limited to one namespace. */
    private readonly nsPrefix: string | undefined,
    private readonly filter: EntryFilter,
    private readonly sendFn: (ev: StoreWatchEvent) => void,
    readonly bookmarks: boolean,
    /** Events at or below this resourceVersion were already seen by the client. */
    readonly afterRv: number,
    private readonly onError: (w: Watcher, err: unknown) => void,
  ) {}

  passes(e: Entry): boolean {
    return (this.nsPrefix === undefined || e.key.startsWith(this.nsPrefix)) && this.filter.matches(e);
  }

  /** Sends what this watcher should see of ev, if anything (Kubernetes' cacheWatcher.convertToWatchEvent). */
  deliver(ev: CachedEvent): void {
    if (ev.resourceVersion <= this.afterRv) return;
    if (this.nsPrefix === undefined && this.filter.everything) return this.send(ev.asIs());
    const cur = ev.type !== 'DELETED' && this.passes(ev.cur);
    const old = ev.prev !== undefined && this.passes(ev.prev);
    if (cur && old) this.send(ev.asIs());
    else if (cur) this.send(ev.type === 'ADDED' ? ev.asIs() : ev.asAdded());
    else if (old) this.send(ev.type === 'DELETED' ? ev.asIs() : ev.asDeleted());
  }

  send(ev: StoreWatchEvent): void {
    if (this.stopped) return;
    try {
      this.sendFn(ev);
    } catch (err) {
      // A watcher whose sink throws is broken (e.g. its connection closed): stop it, so it
      // cannot stop delivery to the others.
      this.onError(this, err);
    }
  }
}
