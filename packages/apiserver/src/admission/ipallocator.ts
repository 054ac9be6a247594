// ClusterIP allocation from the service CIDR (pkg/registry/core/service/ipallocator), IPv4 only.
// Like Kubernetes, dynamic allocation prefers the upper part of the range so that the lower
// block stays free for addresses users pick themselves.

export class CIDR {
  readonly base: number; // network address as uint32
  readonly size: number; // number of addresses
  constructor(readonly text: string) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
    if (!m) throw new Error(`invalid CIDR address: ${text}`);
    const bits = Number(m[5]);
    if (bits < 1 || bits > 30) throw new Error(`invalid CIDR prefix length: ${text}`);
    const ip = parseIPv4(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`);
    if (ip === undefined) throw new Error(`invalid CIDR address: ${text}`);
    this.size = 2 ** (32 - bits);
    this.base = ip - (ip % this.size);
  }
  contains(ip: number): boolean {
    return ip >= this.base && ip < this.base + this.size;
  }
}

export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export type AllocateError = 'not-in-range' | 'allocated' | 'full';

export class IPAllocator {
  readonly cidr: CIDR;
  private readonly used = new Set<number>();
  constructor(cidrText: string) {
    this.cidr = new CIDR(cidrText);
  }
  /** The first usable address: the `kubernetes` Service's ClusterIP. */
  firstAddress(): string {
    return formatIPv4(this.cidr.base + 1);
  }
  private usable(ip: number): boolean {
    // The network and broadcast addresses are never handed out.
    return this.cidr.contains(ip) && ip !== this.cidr.base && ip !== this.cidr.base + this.cidr.size - 1;
  }
  allocate(ipText: string): AllocateError | undefined {
    const ip = parseIPv4(ipText);
    if (ip === undefined || !this.usable(ip)) return 'not-in-range';
    if (this.used.has(ip)) return 'allocated';
    this.used.add(ip);
    return undefined;
  }
  /** Marks an address used without checks (rebuilding state from stored Services). */
  restore(ipText: string): void {
    const ip = parseIPv4(ipText);
    if (ip !== undefined && this.cidr.contains(ip)) this.used.add(ip);
  }
  allocateNext(): string | undefined {
    const first = this.cidr.base + 1;
    const count = this.cidr.size - 2;
    if (this.used.size >= count) return undefined;
    const lowBlock = Math.min(Math.max(16, Math.floor(count / 16)), 256);
    const pick = (from: number, n: number): number | undefined => {
      if (n <= 0) return undefined;
      const start = Math.floor(Math.random() * n);
      for (let i = 0; i < n; i++) {
        const ip = from + ((start + i) % n);
        if (!this.used.has(ip)) return ip;
      }
      return undefined;
    };
    const ip = pick(first + lowBlock, count - lowBlock) ?? pick(first, Math.min(lowBlock, count));
    if (ip === undefined) return undefined;
    this.used.add(ip);
    return formatIPv4(ip);
  }
  release(ipText: string | undefined): void {
    if (!ipText) return;
    const ip = parseIPv4(ipText);
    if (ip !== undefined) this.used.delete(ip);
  }
  has(ipText: string): boolean {
    const ip = parseIPv4(ipText);
    return ip !== undefined && this.used.has(ip);
  }
}
