// SPDY/3.1 framing, as much of it as port-forward, exec and attach need: what kubectl speaks when
// it forwards ports (inside a WebSocket with subprotocol SPDY/3.1+portforward.k8s.io, or over a
// plain `Upgrade: SPDY/3.1`), and what kubectl before 1.30 speaks for exec and attach. The client opens streams with SYN_STREAM (headers compressed by one
// zlib stream per direction, primed with SPDY/3's dictionary); the server answers each with
// SYN_REPLY and then both sides send DATA frames, FIN closing a direction.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';

const WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
  'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
  'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive',
  'origin',
];
const TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
  '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

/** SPDY/3's header compression dictionary (draft-mbelshe-httpbis-spdy-00, 2.6.10.1). */
export const SPDY3_DICTIONARY = Buffer.concat([
  ...WORDS.map((w) => {
    const b = Buffer.alloc(4 + w.length);
    b.writeUInt32BE(w.length);
    b.write(w, 4, 'latin1');
    return b;
  }),
  Buffer.from(TAIL, 'latin1'),
]);

const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
export const FLAG_FIN = 0x01;
const MAX_DATA = 32 * 1024;

export interface SpdyStreamHandlers {
  /** A stream the client opened, with its headers (lower-case names). */
  onStream(id: number, headers: Map<string, string>, fin: boolean): void;
  onData(id: number, data: Buffer, fin: boolean): void;
  onReset(id: number): void;
  onGoAway(): void;
}

/** Runs a zlib stream step by step: each block in, the bytes it yields out (Z_SYNC_FLUSH). */
function stepper(z: Inflate | Deflate): (block: Buffer) => Promise<Buffer> {
  const out: Buffer[] = [];
  let failed: Error | undefined;
  z.on('data', (d: Buffer) => out.push(d));
  z.on('error', (e: Error) => (failed = e));
  return (block) =>
    new Promise((resolve, reject) => {
      z.write(block);
      z.flush(constants.Z_SYNC_FLUSH, () => (failed ? reject(failed) : resolve(Buffer.concat(out.splice(0)))));
    });
}

/** One SPDY/3.1 server session over a byte stream: feed() what arrives, `write` what leaves. */
export class SpdyServerSession {
  private buf: Buffer = Buffer.alloc(0);
  private chain: Promise<void> = Promise.resolve();
  private readonly inflate = stepper(createInflate({ dictionary: SPDY3_DICTIONARY }));
  private readonly deflate = stepper(createDeflate({ dictionary: SPDY3_DICTIONARY }));
  private writes: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly write: (d: Buffer) => void,
    private readonly h: SpdyStreamHandlers,
    private readonly onError: (e: Error) => void,
  ) {}

  feed(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    // Frames are handled in order; header blocks need the inflater's previous state.
    while (this.buf.length >= 8) {
      const len = this.buf.readUIntBE(5, 3);
      if (this.buf.length < 8 + len) break;
      const frame = this.buf.subarray(0, 8 + len);
      this.buf = this.buf.subarray(8 + len);
      this.chain = this.chain.then(() => this.frame(frame)).catch((e: unknown) => this.fail(e));
    }
  }

  private fail(e: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.onError(e instanceof Error ? e : new Error(String(e)));
  }

  private async frame(f: Buffer): Promise<void> {
    if (this.closed) return;
    const flags = f[4];
    const body = f.subarray(8);
    if ((f[0] & 0x80) === 0) {
      this.h.onData(f.readUInt32BE(0) & 0x7fffffff, body, (flags & FLAG_FIN) !== 0);
      return;
    }
    const type = f.readUInt16BE(2);
    if (type === SYN_STREAM) {
      const id = body.readUInt32BE(0) & 0x7fffffff;
      this.h.onStream(id, parseHeaders(await this.inflate(body.subarray(10))), (flags & FLAG_FIN) !== 0);
    } else if (type === RST_STREAM) this.h.onReset(body.readUInt32BE(0) & 0x7fffffff);
    else if (type === PING) this.write(f);
    else if (type === GOAWAY) this.h.onGoAway();
    // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do for port-forward.
  }

  /** SYN_REPLY with no headers: the stream is accepted. */
  reply(id: number): void {
    this.writes = this.writes.then(async () => {
      const block = await this.deflate(Buffer.alloc(4));
      const f = Buffer.alloc(12 + block.length);
      f.writeUInt16BE(0x8003, 0);
      f.writeUInt16BE(SYN_REPLY, 2);
      f.writeUIntBE(4 + block.length, 5, 3);
      f.writeUInt32BE(id, 8);
      block.copy(f, 12);
      this.write(f);
    });
  }

  /** DATA frames (after the stream's reply), FIN on the last when fin. */
  data(id: number, d: Buffer, fin = false): void {
    this.writes = this.writes.then(() => {
      for (let off = 0; off < d.length || (off === 0 && fin); off += MAX_DATA) {
        const chunk = d.subarray(off, off + MAX_DATA);
        const last = off + MAX_DATA >= d.length;
        const f = Buffer.alloc(8 + chunk.length);
        f.writeUInt32BE(id & 0x7fffffff, 0);
        f[4] = fin && last ? FLAG_FIN : 0;
        f.writeUIntBE(chunk.length, 5, 3);
        chunk.copy(f, 8);
        this.write(f);
        if (last) break;
      }
    });
  }

  /** Resolves once every frame asked for so far has been written. */
  drain(): Promise<void> {
    return this.writes;
  }

  close(): void {
    this.closed = true;
  }
}

/** A decompressed SPDY/3 header block: count, then (name, value) with 32-bit lengths. */
export function parseHeaders(b: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let off = 4;
  const n = b.readUInt32BE(0);
  for (let i = 0; i < n; i++) {
    const kl = b.readUInt32BE(off);
    const k = b.toString('latin1', off + 4, off + 4 + kl);
    off += 4 + kl;
    const vl = b.readUInt32BE(off);
    out.set(k.toLowerCase(), b.toString('latin1', off + 4, off + 4 + vl).split('\0')[0]);
    off += 4 + vl;
  }
  return out;
}
