// The write fast path: creates (POST of a JSON or YAML body to a collection), pod bindings
// (POST pods/NAME/binding: the scheduler's) and JSON, merge and strategic merge patches of an
// object or its status (the kubelet's status PATCHes), served straight from node's http
// server. These are the hot writes; fastify's per-request machinery (routing, hooks,
// content-type parsing, reply serialisation) cost about as much CPU as a create itself.
// Anything else, or anything unusual, goes to fastify.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { StatusError } from '@mk/api';
import type { ApiContext } from './context.js';
import { mediaTypeOf } from './body.js';
import { MAX_REQUEST_BODY_BYTES, PROTOBUF_CONTENT_TYPE, tooLarge } from './decode.js';
import { asStatusError } from './errors.js';
import { createFromBody } from './handlers.js';
import { patchFromBody } from './patch.js';
import { parseResourcePath, type RequestTarget } from './path.js';
import { warningHeader, type Query } from './request.js';
import { bindingFromBody } from './subresources.js';

const JSON_MEDIA_TYPE = 'application/json';

/** Patch media types the fast path serves (apply and unknown types go to fastify). */
const FAST_PATCH_TYPES = new Set(['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);

type Verb = 'create' | 'binding' | 'patch';

/** What a request writes, when the fast path can serve it (the same checks as handleResource's). */
function fastTarget(req: IncomingMessage): { verb: Verb; t: RequestTarget; query: string; mediaType: string } | undefined {
  const method = req.method;
  if (method !== 'POST' && method !== 'PATCH') return undefined;
  const url = req.url ?? '';
  if (!url.startsWith('/api/') && !url.startsWith('/apis/')) return undefined;
  const ct = req.headers['content-type'];
  // Clients almost always send exactly `application/json`: skip the split/trim/lower-case then.
  const mediaType = ct === undefined || ct === JSON_MEDIA_TYPE ? JSON_MEDIA_TYPE : mediaTypeOf(ct);
  if (mediaType.startsWith(PROTOBUF_CONTENT_TYPE)) return undefined;
  const qi = url.indexOf('?');
  const t = parseResourcePath(qi < 0 ? url : url.slice(0, qi));
  if (!t || t.watchPath) return undefined;
  // A namespaced resource without a namespace is fastify's 404 or 405.
  if (t.r.namespaced && t.namespace === undefined) return undefined;
  const query = qi < 0 ? '' : url.slice(qi + 1);
  let verb: Verb;
  if (method === 'POST') {
    if (t.name === undefined) verb = 'create';
    else if (t.subresource === 'binding' && t.r.kind === 'Pod') verb = 'binding';
    else return undefined;
  } else {
    if (t.name === undefined || !FAST_PATCH_TYPES.has(mediaType)) return undefined;
    if (t.subresource !== undefined && (t.subresource !== 'status' || !t.r.subresources?.includes('status'))) return undefined;
    verb = 'patch';
  }
  return { verb, t, query, mediaType };
}

/**
 * One writeHead with a flat header list (no per-header setHeader, no object to walk); node adds
 * Date and the keep-alive headers, and sends head and body in one write.
 */
function send(res: ServerResponse, code: number, json: string, warnings?: string[]): void {
  const headers = ['Content-Type', JSON_MEDIA_TYPE, 'Content-Length', String(Buffer.byteLength(json))];
  if (warnings) for (const w of warnings) headers.push('Warning', warningHeader(w));
  res.writeHead(code, headers);
  res.end(json);
}

function sendError(ctx: ApiContext, res: ServerResponse, err: unknown): void {
  const se: StatusError = asStatusError(err);
  if (se.code >= 500) ctx.log.error({ err }, 'request failed');
  if (!res.headersSent) send(res, se.code, JSON.stringify(se.status));
  else res.destroy();
}

/** Serves req when it is a write the fast path handles; false hands it to fastify untouched. */
export function serveFastWrite(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): boolean {
  const target = fastTarget(req);
  if (!target) return false;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY_BYTES) {
    sendError(ctx, res, tooLarge());
    req.resume();
    return true;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    if (failed) return;
    size += chunk.length;
    if (size > MAX_REQUEST_BODY_BYTES) {
      failed = true;
      chunks.length = 0;
      sendError(ctx, res, tooLarge());
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', () => {
    failed = true;
    res.destroy();
  });
  req.on('end', () => {
    if (failed) return;
    const body = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    let query: Query;
    try {
      query = target.query ? (parseQuery(target.query) as Query) : {};
    } catch (err) {
      sendError(ctx, res, err);
      return;
    }
    const onError = (err: unknown): void => sendError(ctx, res, err);
    switch (target.verb) {
      case 'create':
        createFromBody(ctx, target.t, query, body, target.mediaType).then((r) => send(res, 201, r.json, r.warnings), onError);
        break;
      case 'binding':
        bindingFromBody(ctx, target.t, query, body, target.mediaType).then((json) => send(res, 201, json), onError);
        break;
      case 'patch':
        patchFromBody(ctx, target.t, query, body, target.mediaType).then((r) => send(res, 200, r.json, r.warnings), onError);
        break;
    }
  });
  return true;
}
