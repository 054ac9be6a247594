// One watch stream: GET ...?watch=1, newline-delimited JSON events over chunked HTTP.
import { StatusError, isStatus } from '@mk/api';
import type { KubeObject, Status, WatchEvent } from '@mk/api';
import type { Pool } from 'undici';
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
  const abort = new AbortController();
  let finished = false;
  const finish = (err: Error | undefined): void => {
    if (finished) return;
    finished = true;
    abort.abort();
    onDone(err);
  };

  void (async () => {
    if (t.beforeRequest) await t.beforeRequest();
    if (finished) return;
    let res;
    try {
      // No body timeout: a watch on a quiet resource may see no bytes for minutes.
      res = await t.pool.request({ method: 'GET', path: t.path, headers: t.headers, signal: abort.signal, bodyTimeout: 0 });
    } catch (err) {
      if (!finished) finish(connectionError(err, t.host));
      return;
    }
    t.onWarnings(parseWarningHeader(res.headers.warning));
    if (res.statusCode < 200 || res.statusCode > 299) {
      let text = '';
      try {
        text = await res.body.text();
      } catch {
        // The status code alone still says what went wrong.
      }
      finish(statusErrorFromResponse(res.statusCode, text));
      return;
    }
    const parser = new NdjsonParser<WatchEvent<T | Status>>((ev) => {
      if (finished) return;
      if (ev.type === 'ERROR') {
        const status = isStatus(ev.object) ? (ev.object as Status) : undefined;
        finish(status ? new StatusError(status) : new Error(`watch error: ${JSON.stringify(ev.object)}`));
        return;
      }
      const obj = ev.object as T;
      if (ev.type !== 'BOOKMARK') t.fillTypeMeta(obj);
      onEvent({ type: ev.type, object: obj });
    });
    try {
      for await (const chunk of res.body) {
        parser.push(chunk as Buffer);
        if (finished) break;
      }
      if (!finished) parser.end();
    } catch (err) {
      if (finished) return;
      // A handler's own error ends the watch with that error; anything else is the connection.
      finish(err instanceof SyntaxError || !isTransportError(err) ? (err as Error) : connectionError(err, t.host));
      return;
    }
    finish(undefined);
  })();

  return {
    stop() {
      finished = true;
      abort.abort();
    },
  };
}

function isTransportError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('E'));
}
