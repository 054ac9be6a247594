// Pod IPs for the simulated runtime: hosts of the node's podCIDR, skipping the network
// address and the gateway (.1), as a bridge plugin would hand them out.

export function parseCIDR(cidr: string): { base: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid CIDR address: ${cidr}`);
  const oct = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (oct.some((o) => o > 255) || bits > 30) throw new Error(`invalid CIDR address: ${cidr}`);
  const ip = ((oct[0] << 24) | (oct[1] << 16) | (oct[2] << 8) | oct[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ip & mask) >>> 0, bits };
}

export function ipToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function ipToNumber(ip: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

/** The gateway of a pod CIDR: its first host address. */
export function gatewayOf(cidr: string): string {
  return ipToString(parseCIDR(cidr).base + 1);
}

export class IPAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private next = 2;

  constructor(readonly cidr: string) {
    const { base, bits } = parseCIDR(cidr);
    this.base = base;
    this.size = 2 ** (32 - bits);
  }

  allocate(): string {
    for (let i = 0; i < this.size - 3; i++) {
      const off = this.next;
      this.next = this.next + 1 >= this.size - 1 ? 2 : this.next + 1;
      if (!this.used.has(off)) {
        this.used.add(off);
        return ipToString(this.base + off);
      }
    }
    throw new Error(`no pod IPs left in ${this.cidr}`);
  }

  /** Mark an IP taken (a pod adopted after a restart); false when outside the range. */
  reserve(ip: string): boolean {
    const n = ipToNumber(ip);
    if (n === undefined) return false;
    const off = n - this.base;
    if (off < 2 || off >= this.size - 1) return false;
    this.used.add(off);
    return true;
  }

  release(ip: string): void {
    const n = ipToNumber(ip);
    if (n !== undefined) this.used.delete(n - this.base);
  }

  get inUse(): number {
    return this.used.size;
  }
}
