// One watch stream: GET ...?watch=1, newline-delimited JSON events over chunked HTTP.
import { StatusError, isStatus } from '@mk/api';
import type { KubeObject, Status, WatchEvent } from '@mk/api';
import type { Dispatcher, Pool } from 'undici';
import { connectionError, statusErrorFromResponse } from './errors.js';
import { NdjsonParser } from './ndjson.js';
import { parseWarningHeader } from './warnings.js';

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this resourceVersion; '0' replays current objects as ADDED first; '' starts now. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** The server ends the watch after this long (the client then resumes from the last event). */
  timeoutSeconds?: number;
}

export interface WatchHandle {
  /** End the stream. onDone is not called. */
  stop(): void;
}

/** What the client hands a watch: the connection and how to report back. */
export interface WatchTransport {
  pool: Pool;
  path: string;
  headers: Record<string, string>;
  host: string;
  beforeRequest?: () => Promise<void>;
  onWarnings(warnings: string[]): void;
  fillTypeMeta(obj: KubeObject): void;
}

export function startWatch<T extends KubeObject>(
  t: WatchTransport,
  onEvent: (event: WatchEvent<T>) => void,
  onDone: (err: Error | undefined) => void,
): WatchHandle {
  const stream = new WatchStream<T>(t, onEvent, onDone);
  if (t.beforeRequest) {
    void t.beforeRequest().then(() => stream.open());
  } else stream.open();
  return stream;
}

/**
 * One watch request, read through undici's dispatch interface (the callback form Pool.request
 * is built on): each chunk goes straight to the NDJSON parser, with no Readable stream and
 * no promise per chunk in between.
 */
class WatchStream<T extends KubeObject> implements WatchHandle, Dispatcher.DispatchHandler {
  private finished = false;
  private abortRequest: ((err?: Error) => void) | undefined;
  private statusCode = 0;
  /** The body of a non-2xx response, for its Status. */
  private errorBody: Buffer[] | undefined;
  private readonly parser: NdjsonParser<WatchEvent<T | Status>>;

  constructor(
    private readonly t: WatchTransport,
    private readonly onEvent: (event: WatchEvent<T>) => void,
    private readonly onDone: (err: Error | undefined) => void,
  ) {
    this.parser = new NdjsonParser<WatchEvent<T | Status>>((ev) => this.event(ev));
  }

  open(): void {
    if (this.finished) return;
    // No body timeout: a watch on a quiet resource may see no bytes for minutes.
    this.t.pool.dispatch({ method: 'GET', path: this.t.path, headers: this.t.headers, bodyTimeout: 0 }, this);
  }

  /** End the stream. onDone is not called. */
  stop(): void {
    this.finished = true;
    this.abortRequest?.();
  }

  private finish(err: Error | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.abortRequest?.();
    this.onDone(err);
  }

  private event(ev: WatchEvent<T | Status>): void {
    if (this.finished) return;
    if (ev.type === 'ERROR') {
      const status = isStatus(ev.object) ? (ev.object as Status) : undefined;
      this.finish(status ? new StatusError(status) : new Error(`watch error: ${JSON.stringify(ev.object)}`));
      return;
    }
    if (ev.type !== 'BOOKMARK') this.t.fillTypeMeta(ev.object as T);
    this.onEvent(ev as WatchEvent<T>);
  }

  // A handler's own error ends the watch with that error.
  private fail(err: unknown): void {
    this.finish(err instanceof SyntaxError || !isTransportError(err) ? (err as Error) : connectionError(err, this.t.host));
  }

  // ---- undici's DispatchHandler --------------------------------------------------------

  onConnect(abort: (err?: Error) => void): void {
    // stop() before the request reached a connection: abort it now.
    if (this.finished) abort();
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200 || this.finished) return true; // 1xx informational: the real response follows
    this.statusCode = statusCode;
    try {
      this.t.onWarnings(parseWarningHeader(warningValues(rawHeaders)));
    } catch (err) {
      this.fail(err);
      return true;
    }
    if (statusCode > 299) this.errorBody = [];
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.finished) return true;
    if (this.errorBody) {
      this.errorBody.push(chunk);
      return true;
    }
    try {
      this.parser.push(chunk);
    } catch (err) {
      this.fail(err);
    }
    return true;
  }

  onComplete(): void {
    if (this.finished) return;
    if (this.errorBody) {
      this.finish(statusErrorFromResponse(this.statusCode, Buffer.concat(this.errorBody).toString('utf8')));
      return;
    }
    try {
      this.parser.end();
    } catch (err) {
      this.fail(err);
      return;
    }
    this.finish(undefined);
  }

  onError(err: Error): void {
    if (this.finished) return;
    // An error status whose body was cut short: the status code alone still says what went wrong.
    if (this.errorBody) this.finish(statusErrorFromResponse(this.statusCode, ''));
    else this.finish(connectionError(err, this.t.host));
  }
}

/** The values of the `Warning` headers among undici's raw [name, value, ...] pairs. */
function warningValues(raw: Buffer[]): string[] | undefined {
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 7 && name.toString('latin1').toLowerCase() === 'warning') (out ??= []).push(raw[i + 1].toString('latin1'));
  }
  return out;
}

function isTransportError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('E'));
}
