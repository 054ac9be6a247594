// The apiserver: fastify on plain HTTP, resource routes for every built-in resource, discovery,
// health endpoints, and WebSocket watches; the store underneath.
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { StatusError, RESOURCES } from '@mk/api';
import { openStore } from './storage/index.js';
import type { Store } from './storage/types.js';
import { registerDiscovery } from './discovery/index.js';
import { Admission } from './admission/index.js';
import type { ApiContext } from './rest/context.js';
import { MAX_REQUEST_BODY_BYTES, PROTOBUF_CONTENT_TYPE, tooLarge } from './rest/decode.js';
import { asStatusError, notFoundPath, statusError } from './rest/errors.js';
import { handleResource } from './rest/handlers.js';
import { serveFastWrite } from './rest/fast-create.js';
import { isStreamingSubresource, proxyUpgrade } from './rest/kubelet-proxy.js';
import { NamespaceFinalizer } from './rest/namespaces.js';
import { parseResourcePath } from './rest/path.js';
import { isTrue, type Query } from './rest/request.js';
import { MAX_WATCH_BUFFER_BYTES, serveWebSocketWatch } from './rest/watch.js';
import { advertiseAddress, bootstrap } from './bootstrap.js';

export interface ApiServerOptions {
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Bind address; 127.0.0.1 by default. */
  host?: string;
  /** Default 10.96.0.0/12. */
  serviceClusterIPRange?: string;
  /** Default 30000-32767. */
  serviceNodePortRange?: string;
  /** Fastify request logging (off by default: it costs throughput). */
  logger?: boolean;
  /**
   * Serve creates, bindings and patches on the fast path around fastify (rest/fast-create.ts).
   * Default true; tests turn it off to compare the two.
   */
  fastWrites?: boolean;
  /** Component log level (pino); default info, or MK_LOG_LEVEL. */
  logLevel?: string;
  /** A logger to use instead of the default one (JSON lines on stderr). */
  log?: Logger;
  /** Watch cache size in events (older resourceVersions get 410 Expired); the store's default otherwise. */
  watchCacheSize?: number;
  /** How often watchers that allow bookmarks get one; the store's default otherwise. */
  bookmarkIntervalMs?: number;
  /** Unsent bytes after which a slow watcher is closed (default 16 MiB). */
  watchBufferLimitBytes?: number;
}

export interface ApiServer {
  url: string;
  port: number;
  store: Store;
  close(): Promise<void>;
}

const NAMESPACES = RESOURCES.find((r) => r.kind === 'Namespace')!;

function sendStatus(reply: FastifyReply, err: StatusError): void {
  reply.code(err.code).header('Content-Type', 'application/json').send(JSON.stringify(err.status));
}

function toStatus(err: unknown, log: Logger): StatusError {
  const fe = err as Partial<FastifyError>;
  if (fe && typeof fe === 'object' && typeof fe.code === 'string' && fe.code.startsWith('FST_')) {
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge() as StatusError;
    const code = fe.statusCode ?? 500;
    if (code === 415) return statusError(415, 'UnsupportedMediaType', fe.message ?? 'unsupported media type');
    if (code >= 400 && code < 500) return statusError(400, 'BadRequest', fe.message ?? 'bad request');
  }
  const se = asStatusError(err);
  if (se.code >= 500) log.error({ err }, 'request failed');
  return se;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const log =
    opts.log ?? pino({ name: 'apiserver', level: opts.logLevel ?? process.env.MK_LOG_LEVEL ?? 'info' }, pino.destination({ dest: 2, sync: true }));
  const host = opts.host ?? '127.0.0.1';
  const store = await openStore({
    dataDir: opts.dataDir,
    watchCacheSize: opts.watchCacheSize,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
    onWatcherError: (err) => log.error({ err }, 'watcher failed; closed it'),
  });
  let admission: Admission;
  try {
    admission = new Admission(store, {
      serviceClusterIPRange: opts.serviceClusterIPRange ?? '10.96.0.0/12',
      serviceNodePortRange: opts.serviceNodePortRange ?? '30000-32767',
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  admission.rebuild();
  const finalizer = new NamespaceFinalizer(() => ctx);
  const ctx: ApiContext = {
    store,
    admission,
    log,
    watchBufferLimitBytes: opts.watchBufferLimitBytes ?? MAX_WATCH_BUFFER_BYTES,
    finalizeNamespace: (name) => finalizer.schedule(name),
  };

  let closing: Promise<void> | undefined;
  const app = Fastify({
    // Creates, bindings and patches take a fast path around fastify (see rest/fast-create.ts);
    // everything else, and everything once closing (fastify's 503), goes through fastify.
    // fastify's request logging, when asked for, sees every request: no fast path then. Nor do
    // fastify hooks see fast-path writes: whatever must see every request (authentication,
    // authorization) belongs in this handler, before the fast path.
    serverFactory: (handler) => {
      const fast = !opts.logger && opts.fastWrites !== false;
      const server = createServer((req, res) => {
        if (!fast || closing !== undefined || !serveFastWrite(ctx, req, res)) handler(req, res);
      });
      // fastify's defaults for the servers it makes itself.
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 0;
      return server;
    },
    logger: opts.logger ?? false,
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    forceCloseConnections: true,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 1024 },
  });
  // Bodies are decoded by the handlers, which know the resource and the media type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(PROTOBUF_CONTENT_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err, _req, reply) => sendStatus(reply, toStatus(err, log)));
  app.setNotFoundHandler((_req, reply) => sendStatus(reply, notFoundPath()));

  for (const path of ['/healthz', '/livez', '/readyz']) {
    app.get(path, (_req, reply) => {
      reply.header('Content-Type', 'text/plain; charset=utf-8').send('ok');
    });
  }
  registerDiscovery(app);

  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const url = req.url;
    const qi = url.indexOf('?');
    const t = parseResourcePath(qi < 0 ? url : url.slice(0, qi));
    if (!t) throw notFoundPath();
    await handleResource(ctx, t, req, reply);
  };
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
  app.route({ method: [...methods], url: '/api/*', handler });
  app.route({ method: [...methods], url: '/apis/*', handler });

  // WebSocket watches: client libraries upgrade the same watch URL.
  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const t = parseResourcePath(url.pathname);
    const query: Query = Object.fromEntries(url.searchParams.entries());
    if (t && t.r.kind === 'Pod' && t.namespace && t.name && isStreamingSubresource(t.subresource)) {
      proxyUpgrade(ctx, t.namespace, t.name, t.subresource!, req, socket, head);
      return;
    }
    if (!t || !(t.watchPath || isTrue(query.watch as string | undefined)) || t.subresource) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n' + JSON.stringify(notFoundPath().status));
      return;
    }
    if (t.name !== undefined) {
      const fs = query.fieldSelector as string | undefined;
      query.fieldSelector = fs ? `${fs},metadata.name=${t.name}` : `metadata.name=${t.name}`;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveWebSocketWatch(ctx, { ...t, name: undefined }, query, req.headers.accept, ws);
    });
  });

  try {
    await app.listen({ port: opts.port ?? 0, host });
  } catch (err) {
    await store.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;

  try {
    await bootstrap(ctx, { address: advertiseAddress(host), port });
  } catch (err) {
    await app.close();
    await store.close();
    throw err;
  }
  // Namespaces left Terminating by a previous run continue where they stopped.
  for (const e of store.list(NAMESPACES, {}).items) if (e.object.metadata.deletionTimestamp) finalizer.schedule(e.object.metadata.name ?? '');
  log.info({ url }, 'apiserver ready');

  return {
    url,
    port,
    store,
    close: () =>
      (closing ??= (async () => {
        finalizer.stop();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        await app.close();
        await store.close();
      })()),
  };
}
