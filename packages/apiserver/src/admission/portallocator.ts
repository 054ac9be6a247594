// NodePort allocation from --service-node-port-range (pkg/registry/core/service/portallocator).

export class PortRange {
  readonly base: number;
  readonly size: number;
  constructor(readonly text: string) {
    const m = /^(\d+)-(\d+)$/.exec(text.trim());
    if (!m) throw new Error(`invalid port range: ${text}`);
    const lo = Number(m[1]);
    const hi = Number(m[2]);
    if (lo < 1 || hi > 65535 || lo > hi) throw new Error(`invalid port range: ${text}`);
    this.base = lo;
    this.size = hi - lo + 1;
  }
  contains(p: number): boolean {
    return p >= this.base && p < this.base + this.size;
  }
  toString(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }
}

export class PortAllocator {
  readonly range: PortRange;
  private readonly used = new Set<number>();
  constructor(rangeText: string) {
    this.range = new PortRange(rangeText);
  }
  allocate(port: number): 'not-in-range' | 'allocated' | undefined {
    if (!this.range.contains(port)) return 'not-in-range';
    if (this.used.has(port)) return 'allocated';
    this.used.add(port);
    return undefined;
  }
  restore(port: number): void {
    if (this.range.contains(port)) this.used.add(port);
  }
  allocateNext(): number | undefined {
    const n = this.range.size;
    if (this.used.size >= n) return undefined;
    const start = Math.floor(Math.random() * n);
    for (let i = 0; i < n; i++) {
      const p = this.range.base + ((start + i) % n);
      if (!this.used.has(p)) {
        this.used.add(p);
        return p;
      }
    }
    return undefined;
  }
  release(port: number | undefined): void {
    if (port !== undefined) this.used.delete(port);
  }
  has(port: number): boolean {
    return this.used.has(port);
  }
}
