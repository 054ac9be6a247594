// The DNS wire side: UDP and TCP listeners on each address, each query decoded with
// dns-packet, answered from ClusterRecords (or forwarded upstream), and encoded back, with
// EDNS0 echoed and UDP answers truncated (TC) to the size the client can take.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, OptAnswer, Packet, Question } from 'dns-packet';
import type { Logger } from '@mk/client';
import type { ClusterRecords, Rcode } from './records.js';
import type { Upstream } from './upstream.js';

const RCODES: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
const QR = 0x8000;
const OPCODE_MASK = 0x7800;
const MIN_UDP_SIZE = 512;
const MAX_UDP_SIZE = 4096;
const CACHE_MAX = 10_000;

export type Transport = 'udp' | 'tcp';

export interface QueryStats {
  queries: number;
  forwarded: number;
  failures: number;
}

/** Turns one query (wire format) into one reply (wire format); undefined: drop it. */
export class DNSHandler {
  readonly stats: QueryStats = { queries: 0, forwarded: 0, failures: 0 };
  /**
   * Encoded local answers by the query's bytes after the id (and the transport), valid for one
   * generation of the records: a repeated question costs a copy and the id.
   */
  private cache = new Map<string, Buffer>();
  private cacheGeneration = -1;

  constructor(
    private readonly records: ClusterRecords,
    private readonly upstream: Upstream | undefined,
    private readonly log: Logger,
  ) {}

  async handle(buf: Buffer, transport: Transport): Promise<Buffer | undefined> {
    this.stats.queries++;
    if (buf.length < 12) return undefined;
    if ((buf.readUInt16BE(2) & QR) !== 0) return undefined; // a response: not for us
    if (this.cacheGeneration !== this.records.generation) {
      this.cache.clear();
      this.cacheGeneration = this.records.generation;
    }
    const cacheKey = transport + buf.toString('latin1', 2);
    const hit = this.cache.get(cacheKey);
    if (hit) {
      const out = Buffer.from(hit);
      out.writeUInt16BE(buf.readUInt16BE(0), 0);
      return out;
    }
    let q: DecodedPacket;
    try {
      q = dnsPacket.decode(buf);
    } catch {
      return errorReply(buf, 'FORMERR');
    }
    const opcode = (buf.readUInt16BE(2) & OPCODE_MASK) >> 11;
    if (opcode !== 0) return errorReply(buf, 'NOTIMP');
    const questions = q.questions ?? [];
    if (questions.length !== 1) return errorReply(buf, 'FORMERR');
    const question = questions[0];
    const opt = (q.additionals ?? []).find((a): a is OptAnswer => a.type === 'OPT');
    const udpSize = transport === 'tcp' ? 65535 : opt ? Math.min(MAX_UDP_SIZE, Math.max(MIN_UDP_SIZE, opt.udpPayloadSize ?? MIN_UDP_SIZE)) : MIN_UDP_SIZE;
    const reply = (rcode: Rcode, authoritative: boolean, answers: Answer[], authorities: Answer[], additionals: Answer[]): Buffer =>
      encodeReply(q, question, rcode, authoritative, answers, authorities, additionals, opt, udpSize);

    const r = this.records.lookup(question.name, question.type);
    if (r.kind === 'answer') {
      let answers = r.answers;
      if (r.chase && this.upstream) {
        // An ExternalName target outside the zone: its addresses from upstream, after the CNAME.
        try {
          const ext = dnsPacket.decode(await this.upstream.exchange(dnsPacket.encode({ type: 'query', id: 1, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name: r.chase, type: question.type, class: 'IN' }] })));
          answers = [...answers, ...(ext.answers ?? [])];
        } catch (e) {
          this.log.debug(`resolving ${r.chase} upstream failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const out = reply(r.rcode, true, answers, r.authorities, r.additionals);
      if (!r.chase) {
        if (this.cache.size >= CACHE_MAX) this.cache.clear();
        this.cache.set(cacheKey, out);
      }
      return out;
    }
    if (this.upstream) {
      this.stats.forwarded++;
      try {
        const up = await this.upstream.exchange(buf);
        return transport === 'udp' && up.length > udpSize ? truncateRaw(up, q, question) : up;
      } catch (e) {
        this.stats.failures++;
        this.log.warn(`forwarding ${question.name} ${question.type} failed: ${e instanceof Error ? e.message : String(e)}`);
        return reply('SERVFAIL', false, [], [], []);
      }
    }
    // No upstream: PTRs in the reverse zones we serve are NXDOMAIN; other zones are not ours.
    if (r.fallbackSOA) return reply('NXDOMAIN', true, [], [r.fallbackSOA], []);
    return reply('REFUSED', false, [], [], []);
  }
}

/** A reply carrying only the header's id and an error code (for queries that cannot be decoded). */
function errorReply(query: Buffer, rcode: Rcode): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(query.readUInt16BE(0), 0);
  const rd = query.readUInt16BE(2) & 0x0100;
  const opcode = query.readUInt16BE(2) & OPCODE_MASK;
  out.writeUInt16BE(QR | opcode | rd | RCODES[rcode], 2);
  return out;
}

function encodeReply(
  q: DecodedPacket,
  question: Question,
  rcode: Rcode,
  authoritative: boolean,
  answers: Answer[],
  authorities: Answer[],
  additionals: Answer[],
  opt: OptAnswer | undefined,
  udpSize: number,
): Buffer {
  let flags = dnsPacket.RECURSION_AVAILABLE | RCODES[rcode];
  if (authoritative) flags |= dnsPacket.AUTHORITATIVE_ANSWER;
  if (q.flag_rd) flags |= dnsPacket.RECURSION_DESIRED;
  if (q.flag_cd) flags |= dnsPacket.CHECKING_DISABLED;
  const extra: Answer[] = opt ? [{ type: 'OPT', name: '.', udpPayloadSize: udpSize > MAX_UDP_SIZE ? MAX_UDP_SIZE : udpSize, extendedRcode: 0, ednsVersion: 0, flags: 0, options: [] } as unknown as Answer] : [];
  const p: Packet = { type: 'response', id: q.id, flags, questions: [question], answers, authorities, additionals: [...additionals, ...extra] };
  let out = dnsPacket.encode(p);
  if (out.length <= udpSize) return out;
  // Too big for the client's datagram: drop the additional records first (no TC needed), then
  // answers from the end, with TC set, so the client asks again over TCP (CoreDNS's Scrub).
  p.additionals = extra;
  out = dnsPacket.encode(p);
  if (out.length <= udpSize) return out;
  p.flags = flags | dnsPacket.TRUNCATED_RESPONSE;
  p.authorities = [];
  const kept = [...answers];
  while (kept.length > 0) {
    kept.pop();
    p.answers = kept;
    out = dnsPacket.encode(p);
    if (out.length <= udpSize) return out;
  }
  return dnsPacket.encode(p);
}

/** An upstream reply too big for the client: the same header, TC set, no records. */
function truncateRaw(up: Buffer, q: DecodedPacket, question: Question): Buffer {
  const flags = (up.readUInt16BE(2) & 0x7fff) | dnsPacket.TRUNCATED_RESPONSE;
  return dnsPacket.encode({ type: 'response', id: q.id, flags, questions: [question], answers: [], authorities: [], additionals: [] });
}

export interface Listeners {
  /** The port every listener is on (the same for UDP and TCP, on every address). */
  port: number;
  addresses: string[];
  close(): Promise<void>;
}

/**
 * UDP and TCP listeners on each address, all on one port; port 0 picks a free one (tried a few
 * times, since the port found for the first socket may be taken on another address).
 */
export async function listen(handler: DNSHandler, addresses: string[], port: number, log: Logger): Promise<Listeners> {
  const tries = port === 0 ? 20 : 1;
  let lastErr: unknown;
  for (let i = 0; i < tries; i++) {
    const udp: Socket[] = [];
    const tcp: Server[] = [];
    try {
      let p = port;
      for (const addr of addresses) {
        const s = await bindUdp(handler, addr, p, log);
        udp.push(s);
        p = s.address().port;
        tcp.push(await listenTcp(handler, addr, p, log));
      }
      const conns = new Set<TcpSocket>();
      for (const t of tcp) t.on('connection', (c: TcpSocket) => (conns.add(c), c.on('close', () => conns.delete(c))));
      return {
        port: p,
        addresses,
        async close() {
          for (const s of udp) s.close();
          for (const c of conns) c.destroy();
          await Promise.all(tcp.map((t) => new Promise<void>((r) => t.close(() => r()))));
        },
      };
    } catch (e) {
      lastErr = e;
      for (const s of udp) s.close();
      for (const t of tcp) t.close();
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== 0) break;
    }
  }
  throw lastErr;
}

function bindUdp(handler: DNSHandler, address: string, port: number, log: Logger): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4' });
    s.once('error', reject);
    s.on('message', (msg, rinfo) => {
      handler.handle(msg, 'udp').then(
        (out) => {
          if (out) s.send(out, rinfo.port, rinfo.address);
        },
        (e: unknown) => log.error(`answering ${rinfo.address}:${rinfo.port} failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    });
    s.bind(port, address, () => {
      s.off('error', reject);
      s.on('error', (e) => log.error(`udp ${address}:${port}: ${e.message}`));
      resolve(s);
    });
  });
}

function listenTcp(handler: DNSHandler, address: string, port: number, log: Logger): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer((c) => {
      // Several length-prefixed queries may come on one connection (RFC 7766), answered in turn.
      let buf: Buffer = Buffer.alloc(0);
      let chain = Promise.resolve();
      c.setTimeout(10_000, () => c.destroy());
      c.on('error', () => undefined);
      c.on('data', (d: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, d]) : d;
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          chain = chain.then(async () => {
            try {
              const out = await handler.handle(Buffer.from(msg), 'tcp');
              if (!out || c.destroyed) return;
              const len = Buffer.alloc(2);
              len.writeUInt16BE(out.length);
              c.write(Buffer.concat([len, out]));
            } catch (e) {
              log.error(`answering over tcp failed: ${e instanceof Error ? e.message : String(e)}`);
            }
          });
        }
      });
    });
    srv.once('error', reject);
    srv.listen(port, address, () => {
      srv.off('error', reject);
      resolve(srv);
    });
  });
}
