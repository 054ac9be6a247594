// At most N calls in flight; the rest wait in order. The client's connection pool opens a
// connection per concurrent request, so without a bound a burst of bindings and events
// would open hundreds of connections to the apiserver (client-go multiplexes its calls
// over one HTTP/2 connection instead).
export class Limiter {
  private active = 0;
  private waiting: Array<(() => void) | undefined> = [];
  private head = 0;

  constructor(readonly limit: number) {}

  /** Runs fn once a slot is free. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter, so active never dips below the queue.
      if (this.head < this.waiting.length) {
        const next = this.waiting[this.head];
        this.waiting[this.head++] = undefined;
        if (this.head === this.waiting.length) {
          this.waiting = [];
          this.head = 0;
        }
        next!();
      } else this.active--;
    }
  }

  get pending(): number {
    return this.waiting.length - this.head;
  }

  get inFlight(): number {
    return this.active;
  }
}
