// Watch: newline-delimited JSON events over chunked HTTP, or one event per WebSocket message.
// Events arrive serialised once by the store; only Table output re-encodes them.
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { newStatus, StatusError, type KubeObject, type ResourceInfo } from '@mk/api';
import type { StoreWatch, StoreWatchEvent } from '../storage/types.js';
import type { ApiContext } from './context.js';
import type { RequestTarget } from './path.js';
import { includeObjectParam, isTrue, parseIntParam, q, type Query } from './request.js';
import { toTable } from '../table/index.js';
import { asStatusError } from './errors.js';

/** Default for ApiContext.watchBufferLimitBytes. */
export const MAX_WATCH_BUFFER_BYTES = 16 * 1024 * 1024;
/** Kubernetes picks a watch timeout in [minRequestTimeout, 2*minRequestTimeout) when none is asked. */
const MIN_REQUEST_TIMEOUT_SECONDS = 1800;

interface Sink {
  /** Queue one event line (no newline). Returns false when the client cannot keep up. */
  send(line: string): boolean;
  end(): void;
  /** Drop the connection now (a slow client: ending would wait for it to read). */
  abort(): void;
}

export interface WatchStart {
  /** Throws StatusError for bad options (400); a 410 is delivered as an ERROR event instead. */
  begin(sink: Sink): void;
  /** Status of a 410 at start, if any (the caller writes headers then the ERROR event). */
  expired?: string;
}

function eventTransformer(r: ResourceInfo, query: Query, accept: string | undefined): ((ev: StoreWatchEvent) => string) | undefined {
  if (!accept || !accept.includes('as=Table')) return undefined;
  const includeObject = includeObjectParam(query);
  // Each event's object becomes a one-row Table (what `kubectl get -w` reads). As Kubernetes,
  // only the first event carries columnDefinitions; kubectl keeps the columns it was given.
  let first = true;
  return (ev) => {
    if (ev.type === 'BOOKMARK') return ev.json;
    const parsed = JSON.parse(ev.json) as { type: string; object: KubeObject };
    const table = toTable(r, [parsed.object], { includeObject, noHeaders: !first });
    first = false;
    return JSON.stringify({ type: parsed.type, object: table });
  };
}

function sendInitialEvents(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  return isTrue(v);
}

export function errorEventJson(err: StatusError): string {
  return JSON.stringify({ type: 'ERROR', object: err.status });
}

/**
 * Opens the store watch for a request. Events delivered synchronously during store.watch
 * (synthetic ADDED for current objects) are held until the caller has written its headers.
 */
export function openWatch(
  ctx: ApiContext,
  t: RequestTarget,
  query: Query,
  accept: string | undefined,
  sink: Sink,
): { stop(): void; timeoutMs: number } | { expired: StatusError } {
  const transform = eventTransformer(t.r, query, accept);
  const timeoutSeconds = parseIntParam(query, 'timeoutSeconds');
  const timeoutMs =
    (timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds : MIN_REQUEST_TIMEOUT_SECONDS * (1 + Math.random())) * 1000;
  const rv = q(query, 'resourceVersion');
  let closed = false;
  let handle: StoreWatch | undefined;
  const stop = (): void => {
    closed = true;
    handle?.stop();
  };
  const send = (ev: StoreWatchEvent): void => {
    if (closed) return;
    let line: string;
    try {
      line = transform ? transform(ev) : ev.json;
    } catch (err) {
      ctx.log.error({ err }, 'watch event transform failed');
      return;
    }
    if (!sink.send(line)) {
      ctx.log.warn({ resource: t.r.plural }, 'watcher too slow; closing it');
      stop();
      sink.abort();
    }
  };
  try {
    handle = ctx.store.watch(
      t.r,
      {
        namespace: t.namespace,
        labelSelector: q(query, 'labelSelector'),
        fieldSelector: q(query, 'fieldSelector'),
        // Unset and "0" both start with synthetic ADDED events for what exists (Kubernetes' watch semantics).
        resourceVersion: rv === undefined || rv === '' ? '0' : rv,
        allowWatchBookmarks: isTrue(q(query, 'allowWatchBookmarks')),
        sendInitialEvents: sendInitialEvents(q(query, 'sendInitialEvents')),
      },
      send,
    );
  } catch (err) {
    const se = asStatusError(err);
    if (se.code === 410) return { expired: se };
    throw se;
  }
  if (closed) handle.stop();
  return { stop, timeoutMs };
}

/**
 * Watch output is written at most once per WATCH_FLUSH_MS per watcher: every write to a socket
 * is a syscall plus (on loopback) the receiver's TCP processing, so with 100 watchers a write
 * per event, or per group-commit batch, costs more CPU than the writes being watched. One timer
 * serves every watcher with something pending; a few milliseconds of delay buy far fewer writes.
 */
const WATCH_FLUSH_MS = 10;
const toFlush = new Set<() => void>();
let flushTimer: NodeJS.Timeout | undefined;
function flushAll(): void {
  flushTimer = undefined;
  const fs = [...toFlush];
  toFlush.clear();
  for (const f of fs) f();
  forgetChunk();
}
function forgetChunk(): void {
  lastLines = undefined;
  lastChunk = undefined;
}

// Watchers of the same events usually have the same lines pending: encode them once per flush
// and write the same bytes to every socket (rather than join and encode 100 copies).
let lastLines: string[] | undefined;
let lastChunk: Buffer | undefined;
function chunkOf(lines: string[]): Buffer {
  const prev = lastLines;
  if (prev !== undefined && lastChunk !== undefined && prev.length === lines.length && prev.every((l, i) => l === lines[i])) return lastChunk;
  lastLines = lines;
  lastChunk = Buffer.from(lines.join('\n') + '\n');
  return lastChunk;
}
function scheduleFlush(f: () => void): void {
  toFlush.add(f);
  flushTimer ??= setTimeout(flushAll, WATCH_FLUSH_MS);
}

/** Chunked HTTP watch on a raw response (the caller has hijacked the fastify reply). */
export function serveHttpWatch(ctx: ApiContext, t: RequestTarget, query: Query, accept: string | undefined, res: ServerResponse): void {
  const held: string[] = [];
  let live = false;
  // Pending lines go out together, as one chunk (see WATCH_FLUSH_MS).
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    toFlush.delete(flush);
    if (pending.length === 0 || res.destroyed) return;
    const chunk = chunkOf(pending);
    pending = [];
    pendingBytes = 0;
    res.write(chunk);
  };
  // The initial events may be large on their own; the limit is for falling behind after them.
  let initialBytes = 0;
  const write = (line: string): boolean => {
    if (pending.length === 0) scheduleFlush(flush);
    pending.push(line);
    pendingBytes += line.length + 1;
    return res.writableLength + pendingBytes <= ctx.watchBufferLimitBytes + initialBytes;
  };
  const sink: Sink = {
    send: (line) => {
      if (!live) {
        held.push(line);
        return true;
      }
      return write(line);
    },
    end: () => {
      if (res.writableEnded) return;
      flush();
      if (flushTimer === undefined) forgetChunk();
      res.end();
    },
    abort: () => res.destroy(),
  };
  const opened = openWatch(ctx, t, query, accept, sink); // throws 400s before any header is written
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  if ('expired' in opened) {
    res.end(errorEventJson(opened.expired) + '\n');
    return;
  }
  res.flushHeaders();
  live = true;
  for (const line of held) initialBytes += line.length + 1;
  for (const line of held) {
    if (!write(line)) {
      opened.stop();
      res.destroy();
      return;
    }
  }
  held.length = 0;
  const timer = setTimeout(() => {
    opened.stop();
    sink.end();
  }, opened.timeoutMs);
  timer.unref();
  res.on('close', () => {
    clearTimeout(timer);
    toFlush.delete(flush);
    pending = [];
    opened.stop();
  });
}

/** WebSocket watch: each message one event JSON. */
export function serveWebSocketWatch(ctx: ApiContext, t: RequestTarget, query: Query, accept: string | undefined, ws: WebSocket): void {
  const sink: Sink = {
    send: (line) => {
      if (ws.readyState !== ws.OPEN) return true;
      ws.send(line);
      return ws.bufferedAmount <= ctx.watchBufferLimitBytes;
    },
    end: () => ws.close(1000),
    abort: () => ws.terminate(),
  };
  let opened: ReturnType<typeof openWatch>;
  try {
    opened = openWatch(ctx, t, query, accept, sink);
  } catch (err) {
    ws.send(errorEventJson(asStatusError(err)));
    ws.close(1000);
    return;
  }
  if ('expired' in opened) {
    ws.send(errorEventJson(opened.expired));
    ws.close(1000);
    return;
  }
  const timer = setTimeout(() => {
    opened.stop();
    ws.close(1000);
  }, opened.timeoutMs);
  timer.unref();
  ws.on('close', () => {
    clearTimeout(timer);
    opened.stop();
  });
  ws.on('error', () => opened.stop());
}

export function expiredStatus(message: string): StatusError {
  return new StatusError(newStatus(410, 'Expired', message));
}
