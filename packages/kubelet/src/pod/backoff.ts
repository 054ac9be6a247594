// Container restart back-off (client-go util/flowcontrol.Backoff as the kubelet uses it):
// 10 s doubling to 300 s per pod+container; an entry idle for twice the maximum resets.

export class RestartBackoff {
  private readonly entries = new Map<string, { backoffMs: number; lastUpdate: number }>();

  constructor(
    readonly initialMs = 10_000,
    readonly maxMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while `key`'s container, which finished at `finishedAt`, must wait before it restarts. */
  isInBackOffSince(key: string, finishedAt: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    if (this.now() - e.lastUpdate > 2 * this.maxMs) return false;
    return this.now() - finishedAt < e.backoffMs;
  }

  /** The current delay for key (0 without an entry). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Record a restart: the next back-off doubles. */
  next(key: string): void {
    const t = this.now();
    const e = this.entries.get(key);
    if (!e || t - e.lastUpdate > 2 * this.maxMs) this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: t });
    else this.entries.set(key, { backoffMs: Math.min(this.maxMs, e.backoffMs * 2), lastUpdate: t });
  }

  /** Forget every key with this prefix (a pod that is gone). */
  forget(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

/** `5m0s`, `10s`, `2m40s`: Go's time.Duration text, which the kubelet puts in messages. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}
