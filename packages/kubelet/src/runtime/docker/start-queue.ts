// How many container starts the kubelet asks Docker for at once. A start is runc and a
// containerd-shim (two Go programs) plus dockerd's work; with dozens at once they crowd each
// other out, every pod finishes late, and the engine gets less done in total than with a few
// at a time (50 pods on the 2-core lab machine: 6.7 s all at once, 5.8 s four at a time).
// Containers of pods whose sandbox already runs go first: they finish a pod, a new sandbox
// only begins one.

export type StartPriority = 'container' | 'sandbox';

export class StartQueue {
  private running = 0;
  private readonly waiting: Record<StartPriority, Array<() => void>> = { container: [], sandbox: [] };

  constructor(readonly limit: number) {}

  async run<T>(priority: StartPriority, fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so `running` counts it still.
      const next = this.waiting.container.shift() ?? this.waiting.sandbox.shift();
      if (next) next();
      else this.running--;
    }
  }

  get queued(): number {
    return this.waiting.container.length + this.waiting.sandbox.length;
  }
}
