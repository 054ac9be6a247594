// The hot path under every typed verb: one request on undici's Pool through its dispatch
// interface. Pool.request() would build a Readable stream, an AsyncResource and a parsed
// header object per response; a request here keeps the status code, the `Warning` header
// values and the body chunks, and decodes the body once at the end.
import type { Dispatcher, Pool } from 'undici';

/** A response as collected: what KubeClient's typed verbs need of it. */
export interface Exchange {
  statusCode: number;
  /** The values of every `Warning` header, latin1 as undici decodes them; undefined when none. */
  warning: string | string[] | undefined;
  /** The body as text (UTF-8, a leading BOM dropped, as undici's body.text() does). */
  text(): string;
}

// `warning`, compared without building a string per header name.
const WARNING = Buffer.from('warning');

function isWarning(name: Buffer): boolean {
  if (name.length !== 7) return false;
  for (let i = 0; i < 7; i++) {
    // ASCII letters only: OR-ing 0x20 lower-cases them.
    if ((name[i] | 0x20) !== WARNING[i]) return false;
  }
  return true;
}

const NO_CHUNKS: Buffer[] = [];

/** One request's handler (undici's DispatchHandler, the callback form Pool.request uses itself). */
class Collector implements Exchange, Dispatcher.DispatchHandler {
  statusCode = 0;
  warning: string | string[] | undefined = undefined;
  private chunks: Buffer[] = NO_CHUNKS;
  private length = 0;
  resolve!: (e: Exchange) => void;
  reject!: (err: Error) => void;

  onConnect(): void {
    // Called again when undici retries the request on a new connection: start afresh.
    this.statusCode = 0;
    this.warning = undefined;
    this.chunks = NO_CHUNKS;
    this.length = 0;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true; // 1xx informational: the real response follows
    this.statusCode = statusCode;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      if (!isWarning(rawHeaders[i])) continue;
      const v = rawHeaders[i + 1].toString('latin1');
      const w = this.warning;
      this.warning = w === undefined ? v : typeof w === 'string' ? [w, v] : (w.push(v), w);
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.chunks === NO_CHUNKS) this.chunks = [chunk];
    else this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }

  onComplete(): void {
    this.resolve(this);
  }

  onError(err: Error): void {
    this.reject(err);
  }

  text(): string {
    const chunks = this.chunks;
    if (chunks.length === 0) return '';
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.length);
    const start = buf.length > 2 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    return buf.toString('utf8', start);
  }
}

/** Send one request; resolves once the whole body is in, rejects with undici's transport error. */
export function exchange(
  pool: Pool,
  method: Dispatcher.HttpMethod,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Exchange> {
  const c = new Collector();
  const p = new Promise<Exchange>((resolve, reject) => {
    c.resolve = resolve;
    c.reject = reject;
  });
  pool.dispatch({ method, path, headers, body }, c);
  return p;
}
