// WorkQueue (client-go util/workqueue): keys to reconcile, deduplicated; a key being processed
// and added again is processed once more afterwards, never by two workers at once; failed
// keys come back after a per-key exponential backoff.
import { isConflict } from './errors.js';
import { TokenBucket } from './flowcontrol.js';
import { errorMessage, stderrLogger } from './logger.js';
import type { Logger } from './logger.js';

export interface RateLimiter<K> {
  /** How long to wait before the item's next try. */
  when(item: K): number;
  /** The item succeeded: reset its backoff. */
  forget(item: K): void;
  numRequeues(item: K): number;
}

/** baseDelay × 2^failures, capped at maxDelay (client-go: 5 ms to 1000 s). */
export class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 1_000_000,
  ) {}
  when(item: K): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const delay = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(delay) ? Math.min(delay, this.maxDelayMs) : this.maxDelayMs;
  }
  forget(item: K): void {
    this.failures.delete(item);
  }
  numRequeues(item: K): number {
    return this.failures.get(item) ?? 0;
  }
}

/** One token bucket across all items: bounds the total retry rate. */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  private readonly bucket: TokenBucket;
  constructor(qps = 10, burst = 100) {
    this.bucket = new TokenBucket(qps, burst);
  }
  when(): number {
    return this.bucket.reserve();
  }
  forget(): void {}
  numRequeues(): number {
    return 0;
  }
}

/** The longest delay any of the limiters asks for. */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: RateLimiter<K>[];
  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }
  when(item: K): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }
  forget(item: K): void {
    for (const l of this.limiters) l.forget(item);
  }
  numRequeues(item: K): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/** client-go's DefaultControllerRateLimiter: per-item 5 ms..1000 s, overall 10 qps with burst 100. */
export function defaultControllerRateLimiter<K>(): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialFailureRateLimiter<K>(5, 1_000_000), new BucketRateLimiter<K>(10, 100));
}

export interface WorkQueueOptions<K> {
  rateLimiter?: RateLimiter<K>;
}

export class WorkQueue<K = string> {
  private queue: K[] = [];
  private head = 0;
  /** Keys that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiting = new Map<K, { at: number; timer: NodeJS.Timeout }>();
  private getters: Array<(key: K | undefined) => void> = [];
  private shutting = false;
  private drainWaiters: Array<() => void> = [];
  readonly rateLimiter: RateLimiter<K>;

  constructor(opts: WorkQueueOptions<K> = {}) {
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>();
  }

  add(key: K): void {
    if (this.shutting || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // done() queues it again
    this.push(key);
  }

  /** Number of keys waiting to be handed out (not counting those being processed or delayed). */
  len(): number {
    return this.queue.length - this.head;
  }

  /** The next key; waits while the queue is empty. Resolves undefined once shut down and drained. */
  get(): Promise<K | undefined> {
    if (this.len() > 0) return Promise.resolve(this.take());
    if (this.shutting) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** The worker finished with key; if it was added meanwhile, it is queued again now. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
    if (this.processing.size === 0) this.notifyDrained();
  }

  /** Add after ms (the earliest pending time wins when a key is delayed twice). */
  addAfter(key: K, ms: number): void {
    if (this.shutting) return;
    if (ms <= 0) return this.add(key);
    const at = Date.now() + ms;
    const pending = this.waiting.get(key);
    if (pending) {
      if (pending.at <= at) return;
      clearTimeout(pending.timer);
    }
    const timer = setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.waiting.set(key, { at, timer });
  }

  /** Add after the rate limiter's delay for key: exponential per-key backoff on failures. */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Reset key's backoff (call after it was processed successfully). */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** Stop accepting keys; getters get the keys still queued, then undefined. */
  shutDown(): void {
    this.shutting = true;
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    if (this.len() === 0) {
      const getters = this.getters;
      this.getters = [];
      for (const g of getters) g(undefined);
    }
  }

  /** Like shutDown, then resolve when no worker holds a key any more. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.shutting;
  }

  private push(key: K): void {
    const g = this.getters.shift();
    if (g) {
      this.dirty.delete(key);
      this.processing.add(key);
      g(key);
      return;
    }
    this.queue.push(key);
  }

  private take(): K {
    const key = this.queue[this.head++];
    // Compact now and then so a long-lived queue does not hold every key it ever saw.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    if (this.shutting && this.len() === 0) {
      const getters = this.getters;
      this.getters = [];
      for (const g of getters) g(undefined);
    }
    return key;
  }

  private notifyDrained(): void {
    if (!this.shutting) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}

export interface RunWorkersOptions {
  logger?: Logger;
  /** After this many failed tries a key is dropped (and logged); unlimited by default. */
  maxRetries?: number;
}

/**
 * Run n workers: each takes a key, awaits reconcile(key), and on success forgets its backoff;
 * on failure re-adds it rate-limited. Resolves when the queue is shut down and drained.
 */
export async function runWorkers<K>(
  queue: WorkQueue<K>,
  n: number,
  reconcile: (key: K) => Promise<void> | void,
  opts: RunWorkersOptions = {},
): Promise<void> {
  const logger = opts.logger ?? stderrLogger;
  const worker = async (): Promise<void> => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await reconcile(key);
        queue.forget(key);
      } catch (err) {
        if (opts.maxRetries !== undefined && queue.numRequeues(key) >= opts.maxRetries) {
          logger.error(`dropping ${JSON.stringify(key)} out of the queue: ${errorMessage(err)}`);
          queue.forget(key);
        } else {
          // A conflict only means the informer's copy was stale: the retry reads the newer one.
          // It is routine under load, so it goes to debug rather than a user's terminal.
          const log = isConflict(err) ? logger.debug : logger.warn;
          log.call(logger, `error syncing ${JSON.stringify(key)}: ${errorMessage(err)}, requeuing`);
          queue.addRateLimited(key);
        }
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
}
