// Pod workers (kubelet's podWorkers): one logical worker per pod serialises that pod's syncs.
// An update that arrives mid-sync marks the worker dirty, and it syncs once more after.

export interface PodWork {
  /** Sync once; returns ms until the pod wants another sync (undefined: only on events). */
  (uid: string): Promise<number | undefined>;
}

interface WorkerState {
  running: boolean;
  again: boolean;
  timer?: NodeJS.Timeout;
  wakeAt?: number;
  closed: boolean;
}

export class PodWorkers {
  private readonly workers = new Map<string, WorkerState>();
  private stopped = false;

  constructor(
    private readonly work: PodWork,
    private readonly onError: (uid: string, err: unknown) => void,
    /** Every pod also syncs at least this often (0: never without an event). */
    private readonly resyncMs = 0,
  ) {}

  /** Ask for a sync of uid soon. */
  kick(uid: string): void {
    if (this.stopped) return;
    let w = this.workers.get(uid);
    if (!w) {
      w = { running: false, again: false, closed: false };
      this.workers.set(uid, w);
    }
    if (w.running) {
      w.again = true;
      return;
    }
    void this.run(uid, w);
  }

  /** Forget a pod once its last sync finished (its worker exits). */
  forget(uid: string): void {
    const w = this.workers.get(uid);
    if (!w) return;
    w.closed = true;
    if (w.timer) clearTimeout(w.timer);
    if (!w.running) this.workers.delete(uid);
  }

  has(uid: string): boolean {
    return this.workers.has(uid);
  }

  get size(): number {
    return this.workers.size;
  }

  /** True while any worker is mid-sync. */
  busy(): boolean {
    for (const w of this.workers.values()) if (w.running) return true;
    return false;
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.workers.values()) if (w.timer) clearTimeout(w.timer);
  }

  private async run(uid: string, w: WorkerState): Promise<void> {
    w.running = true;
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    let wake: number | undefined;
    do {
      w.again = false;
      try {
        wake = await this.work(uid);
      } catch (err) {
        this.onError(uid, err);
        wake = 2_000;
      }
    } while (w.again && !this.stopped && !w.closed);
    w.running = false;
    if (w.closed) {
      this.workers.delete(uid);
      return;
    }
    if (this.stopped) return;
    const next = [wake, this.resyncMs || undefined].filter((x): x is number => x !== undefined && x >= 0);
    if (next.length) {
      const ms = Math.min(...next);
      w.timer = setTimeout(() => this.kick(uid), ms);
      w.timer.unref?.();
    }
  }
}
