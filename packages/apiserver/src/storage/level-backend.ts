// LevelDB backend: every write is one atomic, fsync'ed batch that also records the last
// resourceVersion. Group commit: writes that arrive while a synced batch is in flight queue and
// go to disk together as the next batch, so one fsync serves many writers.
//
// A synced batch costs ~250 µs of CPU whatever its size (the fsync in the kernel, the hand-off to
// libuv's pool), a write in it ~10 µs. So the batching decides the apiserver's CPU per create: on
// a fast disk a sync is over before the next writes arrive and batches of 1-2 writes cost more
// than the rest of a create together. A batch therefore waits (at most MAX_GATHER_MS after its
// oldest write) until as many writers have joined as the last batch had: the writers it just
// answered are about to write again. A lone sequential writer (last batch: 1) never waits.
//
// On a slow disk (syncs over PIPELINE_SYNC_MS) the disk, not the CPU, is the bottleneck and
// gathering would only idle it: there batches go at once, and a second batch goes to LevelDB
// shortly before the first should finish, so that LevelDB starts it the moment the first is
// synced, without waiting for the main thread to notice. Two in-flight batches may reach LevelDB
// in either order, so each records its resourceVersion in its own slot key (one batch per slot at
// a time, so each slot only rises); load takes the larger. (The store acknowledges writes only in
// resourceVersion order once durable, so the order LevelDB applies them in never shows.) A failed
// batch fails every caller in it and every later write: after that, what the caller believes and
// what is on disk may differ, so the backend refuses to go on (the store turns that into 500
// InternalError).
import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import type { Backend, BackendOp } from './types.js';
import { REGISTRY_PREFIX, RESOURCE_VERSION_KEY } from './keys.js';

/** When (as a fraction of the expected sync time of the batch in flight) the second batch is sent. */
const SECOND_BATCH_AT = 0.7;
/** Longest a write waits for other writers to join its batch (ms, from the oldest waiting write). */
const MAX_GATHER_MS = 2;
/** Syncs slower than this (ms, moving average) get a second batch in flight instead of gathering. */
const PIPELINE_SYNC_MS = 1;
/** Writers a batch waits for, as a fraction of the last batch's: below 1 so that writers who went away stop holding batches up. */
const EXPECTED_FRACTION = 0.9;
/** LevelDB's memtable size (see the constructor). */
const WRITE_BUFFER_BYTES = 16 * 1024 * 1024;
/** Where batches record the last resourceVersion: one slot per batch that may be in flight. */
const RV_SLOTS = [RESOURCE_VERSION_KEY, `${RESOURCE_VERSION_KEY}/1`] as const;

interface Waiting {
  ops: BackendOp[];
  resourceVersion: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface LevelBackendStats {
  /** Synced batches written. */
  batches: number;
  /** Backend write() calls those batches carried. */
  writes: number;
}

export interface LevelBackendOptions {
  /** Syncs slower than this (ms) count as a slow disk: no gathering, a second batch in flight. Default 1 (tests: 0 or Infinity force either). */
  pipelineSyncMs?: number;
}

export class LevelBackend implements Backend {
  private readonly db: ClassicLevel<string, string>;
  private waiting: Waiting[] = [];
  /** Which rv slots have a batch in flight. */
  private readonly slotBusy = [false, false];
  private flushScheduled = false;
  /** Writers the next batch waits for (the last batch's, see EXPECTED_FRACTION). */
  private expected = 1;
  /** When the oldest waiting write arrived. */
  private oldestAt = 0;
  private gatherTimer: NodeJS.Timeout | undefined;
  private readonly pipelineSyncMs: number;
  /** Moving average of a batch's write-and-sync time (ms). */
  private syncMs = 0;
  private lastSubmit = 0;
  private lastDone = 0;
  private failure: Error | undefined;
  private idle: Array<() => void> = [];
  readonly stats: LevelBackendStats = { batches: 0, writes: 0 };

  constructor(
    readonly location: string,
    opts: LevelBackendOptions = {},
  ) {
    this.pipelineSyncMs = opts.pipelineSyncMs ?? PIPELINE_SYNC_MS;
    // A 16 MiB memtable (LevelDB's default: 4 MiB) cuts flushes and compactions, which took
    // about a sixth of the CPU of a synced write of a pod; it costs at most 12 MiB more memory.
    this.db = new ClassicLevel<string, string>(location, { keyEncoding: 'utf8', valueEncoding: 'utf8', writeBufferSize: WRITE_BUFFER_BYTES });
  }

  async open(): Promise<void> {
    await mkdir(this.location, { recursive: true });
    await this.db.open();
  }

  async load(): Promise<{ entries: Array<[string, string]>; resourceVersion: number }> {
    // '0' is the character after '/', so this range is exactly the keys under /registry/.
    const entries = await this.db.iterator({ gte: REGISTRY_PREFIX, lt: REGISTRY_PREFIX.slice(0, -1) + '0' }).all();
    let resourceVersion = 0;
    for (const key of RV_SLOTS) {
      const rv = await this.db.get(key);
      const n = rv === undefined ? 0 : Number(rv);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`corrupt store: ${key} is ${JSON.stringify(rv)}`);
      if (n > resourceVersion) resourceVersion = n;
    }
    return { entries, resourceVersion };
  }

  write(ops: BackendOp[], resourceVersion: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const bad = ops.find((op) => op.type === 'put' && op.value === undefined);
    if (bad) return Promise.reject(new Error(`put of ${bad.key} without a value`));
    return new Promise<void>((resolve, reject) => {
      if (this.waiting.push({ ops, resourceVersion, resolve, reject }) === 1) this.oldestAt = performance.now();
      this.kick();
    });
  }

  /** Sends the waiting writes to LevelDB now, or arranges for when they should go. */
  private kick(): void {
    if (this.failure || this.waiting.length === 0) return;
    if (this.inFlight) {
      if (this.syncMs >= this.pipelineSyncMs && !this.flushScheduled && this.freeSlot() >= 0) this.scheduleSecond();
      return;
    }
    // A slow disk is the bottleneck: keep it busy rather than gather.
    if (this.waiting.length >= this.expected || this.syncMs >= this.pipelineSyncMs) {
      this.flush(0);
      return;
    }
    // Wait for the writers the last batch answered, but not past MAX_GATHER_MS.
    if (this.gatherTimer === undefined) {
      const delay = Math.max(0, this.oldestAt + MAX_GATHER_MS - performance.now());
      this.gatherTimer = setTimeout(() => {
        this.gatherTimer = undefined;
        if (!this.inFlight && this.waiting.length > 0 && !this.failure) this.flush(0);
      }, delay);
    }
  }

  /**
   * The second batch goes to LevelDB shortly before the first should finish: early enough that
   * LevelDB starts it the moment the first is synced, late enough to collect the writes that
   * arrive meanwhile (sent at once, it would spend a whole fsync on a write or two).
   */
  private scheduleSecond(): void {
    this.flushScheduled = true;
    const elapsed = performance.now() - this.lastSubmit;
    const delay = SECOND_BATCH_AT * this.syncMs - elapsed;
    const go = (): void => {
      this.flushScheduled = false;
      const slot = this.freeSlot();
      if (slot >= 0 && this.waiting.length > 0 && !this.failure) this.flush(slot);
    };
    if (delay < 1) setImmediate(go);
    else setTimeout(go, delay);
  }

  private freeSlot(): number {
    return !this.slotBusy[0] ? 0 : !this.slotBusy[1] ? 1 : -1;
  }

  private get inFlight(): boolean {
    return this.slotBusy[0] || this.slotBusy[1];
  }

  /** Write everything queued as one synced batch, recording its resourceVersion in slot. */
  private flush(slot: number): void {
    if (this.gatherTimer !== undefined) {
      clearTimeout(this.gatherTimer);
      this.gatherTimer = undefined;
    }
    const batch = this.waiting;
    this.waiting = [];
    let written: Promise<void>;
    try {
      let rv = 0;
      // A chained batch: abstract-level's array batch() clones and re-validates every op, which
      // costs ~4x more main-thread time per op than put()/del() on a chained batch.
      const chained = this.db.batch();
      for (const w of batch) {
        if (w.resourceVersion > rv) rv = w.resourceVersion;
        for (const op of w.ops) {
          if (op.type === 'put') chained.put(op.key, op.value as string);
          else chained.del(op.key);
        }
      }
      chained.put(RV_SLOTS[slot], String(rv));
      written = chained.write({ sync: true });
    } catch (err) {
      written = Promise.reject(err);
    }
    this.slotBusy[slot] = true;
    const submitted = performance.now();
    this.lastSubmit = submitted;
    written.then(
      () => {
        // How long a batch takes once LevelDB gets to it (a moving average): a batch submitted
        // behind another started when that one finished.
        const now = performance.now();
        this.syncMs += (now - Math.max(submitted, this.lastDone) - this.syncMs) / 8;
        this.lastDone = now;
        this.stats.batches++;
        this.stats.writes += batch.length;
        this.expected = Math.max(1, Math.floor(batch.length * EXPECTED_FRACTION));
        for (const w of batch) w.resolve();
        this.afterBatch(slot);
      },
      (cause: unknown) => {
        const err = new Error(`LevelDB write failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
        this.failure = err;
        const rest = this.waiting;
        this.waiting = [];
        for (const w of batch) w.reject(err);
        for (const w of rest) w.reject(err);
        this.afterBatch(slot);
      },
    );
  }

  private afterBatch(slot: number): void {
    this.slotBusy[slot] = false;
    // Pipelining (slow disk): what waits goes into the freed slot at once.
    if (this.inFlight && this.waiting.length > 0 && !this.failure) this.flush(slot);
    else if (this.waiting.length > 0 && !this.failure) this.kick();
    else if (!this.inFlight) {
      const idle = this.idle;
      this.idle = [];
      for (const f of idle) f();
    }
  }

  /** Resolves when no batch is in flight or queued. */
  private drained(): Promise<void> {
    if (!this.inFlight && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.drained();
    await this.db.close();
  }
}
