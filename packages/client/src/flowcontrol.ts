// Rate limiting and backoff shared by the REST client (QPS), the work queue (retries)
// and the reflector (reconnects), after client-go's flowcontrol and wait packages.

/** A token bucket (golang.org/x/time/rate): `burst` tokens, refilled at `qps` per second. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(qps > 0)) throw new Error(`qps must be positive, got ${qps}`);
    if (!(burst >= 1)) throw new Error(`burst must be at least 1, got ${burst}`);
    this.tokens = burst;
    this.last = now();
  }

  /** Take one token; returns how many milliseconds the caller must wait before using it. */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.qps;
  }

  /** Take a token if one is available now; never goes into debt. */
  tryAccept(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.qps) / 1000);
    this.last = t;
  }

  /** Resolve when a token is available. */
  async wait(): Promise<void> {
    const ms = this.reserve();
    if (ms > 0) await sleep(ms);
  }
}

/** Exponential backoff with jitter, capped, reset after a quiet period (client-go's backoff manager). */
export class Backoff {
  private current = 0;
  private lastFailure = 0;

  constructor(
    private readonly initialMs = 800,
    private readonly maxMs = 30_000,
    private readonly resetAfterMs = 60_000,
    private readonly jitter = 1.0,
    private readonly now: () => number = Date.now,
  ) {}

  /** The delay before the next attempt after a failure. */
  next(): number {
    const t = this.now();
    if (this.current === 0 || t - this.lastFailure > this.resetAfterMs) this.current = this.initialMs;
    else this.current = Math.min(this.maxMs, this.current * 2);
    this.lastFailure = t;
    return this.current + Math.random() * this.jitter * this.current * 0.5;
  }

  reset(): void {
    this.current = 0;
  }
}

/** Sleep that a signal can cut short; resolves (never rejects) either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
