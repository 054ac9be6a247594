// client-go's BoundedFrequencyRunner, as kube-proxy uses it: run() asks for a sync; runs are
// at least minIntervalMs apart after a burst (token bucket), at most maxIntervalMs apart,
// never two at once, and requests made during a run coalesce into one more run.

export interface RunnerOptions {
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Runs allowed back to back before minIntervalMs applies (kube-proxy: 2). */
  burst?: number;
  onError?: (err: unknown) => void;
}

export class BoundedFrequencyRunner {
  private tokens: number;
  private lastRefill = Date.now();
  private running: Promise<void> | undefined;
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly fn: () => Promise<void>,
    private readonly opts: RunnerOptions,
  ) {
    this.tokens = opts.burst ?? 2;
  }

  /** Start the periodic runs (every maxIntervalMs). */
  loop(): void {
    if (this.opts.maxIntervalMs > 0) {
      this.periodic = setInterval(() => this.run(), this.opts.maxIntervalMs);
      this.periodic.unref();
    }
  }

  /** Ask for a run as soon as the rate limit allows. */
  run(): void {
    if (this.stopped) return;
    this.pending = true;
    this.schedule();
  }

  /** Run now (ignoring the rate limit) and wait for it; used at start and by tests. */
  async runNow(): Promise<void> {
    if (this.running) await this.running;
    this.pending = false;
    await this.execute();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.periodic) clearInterval(this.periodic);
    await this.running;
  }

  private refill(): void {
    const burst = this.opts.burst ?? 2;
    const now = Date.now();
    if (this.opts.minIntervalMs <= 0) {
      this.tokens = burst;
    } else {
      this.tokens = Math.min(burst, this.tokens + (now - this.lastRefill) / this.opts.minIntervalMs);
    }
    this.lastRefill = now;
  }

  private schedule(): void {
    if (this.running || this.timer || !this.pending || this.stopped) return;
    this.refill();
    if (this.tokens >= 1) {
      // Let the events of this tick land first: one run for a burst of changes.
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.pending || this.stopped) return;
        this.refill();
        this.tokens -= 1;
        this.pending = false;
        void this.execute();
      }, 0);
    } else {
      const wait = Math.ceil((1 - this.tokens) * this.opts.minIntervalMs);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
    }
  }

  private async execute(): Promise<void> {
    const p = (async () => {
      try {
        await this.fn();
      } catch (err) {
        this.opts.onError?.(err);
      }
    })();
    this.running = p;
    await p;
    this.running = undefined;
    this.schedule();
  }
}
