// Forwarding for names outside the cluster zone (CoreDNS's `forward` plugin, in small): the
// query as it came, over UDP to each upstream in turn, retried over TCP when the answer was
// truncated. The upstreams come from --upstream or from a resolv.conf.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';

export interface UpstreamServer {
  host: string;
  port: number;
}

/** "1.2.3.4", "1.2.3.4:5353", "[::1]:53" -> a server. */
export function parseUpstream(s: string): UpstreamServer {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : 53 };
  const m = /^([^:]+)(?::(\d+))?$/.exec(s);
  if (m) return { host: m[1], port: m[2] ? Number(m[2]) : 53 };
  if (s.includes(':')) return { host: s, port: 53 }; // a bare IPv6 address
  throw new Error(`invalid upstream ${JSON.stringify(s)}: want IP or IP:PORT`);
}

/** The nameservers of a resolv.conf (CoreDNS's `forward . /etc/resolv.conf`). */
export function upstreamsFromResolvConf(path = '/etc/resolv.conf'): UpstreamServer[] {
  const text = readFileSync(path, 'utf8');
  const out: UpstreamServer[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'nameserver' && f[1]) out.push({ host: f[1], port: 53 });
  }
  return out;
}

export class Upstream {
  constructor(
    readonly servers: UpstreamServer[],
    private readonly timeoutMs = 2000,
  ) {}

  /** The upstream's reply to a wire-format query, or an error when none answered. */
  async exchange(query: Buffer): Promise<Buffer> {
    let lastErr: Error = new Error('no upstream configured');
    for (const s of this.servers) {
      try {
        const reply = await udpExchange(s, query, this.timeoutMs);
        // TC: the answer did not fit a datagram; ask again over TCP.
        if (reply.length >= 4 && (reply[2] & 0x02) !== 0) return await tcpExchange(s, query, this.timeoutMs);
        return reply;
      } catch (e) {
        lastErr = e instanceof Error ? e : new Error(String(e));
      }
    }
    throw lastErr;
  }
}

function udpExchange(s: UpstreamServer, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(s.host.includes(':') ? 'udp6' : 'udp4');
    const id = query.readUInt16BE(0);
    const done = (err: Error | undefined, buf?: Buffer): void => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(buf!);
    };
    const timer = setTimeout(() => done(new Error(`upstream ${s.host}:${s.port}: i/o timeout`)), timeoutMs);
    sock.on('message', (msg) => {
      // Only the reply to this query (a stray datagram with another id is ignored).
      if (msg.length >= 2 && msg.readUInt16BE(0) === id) done(undefined, msg);
    });
    sock.on('error', (e) => done(e));
    sock.send(query, s.port, s.host, (e) => {
      if (e) done(e);
    });
  });
}

export function tcpExchange(s: UpstreamServer, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: s.host, port: s.port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`upstream ${s.host}:${s.port}: i/o timeout`));
    }, timeoutMs);
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
