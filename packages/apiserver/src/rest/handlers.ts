// HTTP verbs on resource paths: decode the request, call the registry, encode the answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion, type KubeObject } from '@mk/api';
import { bodyOf, checkName, contentType, decodeBody, decodeObject, setNamespace } from './body.js';
import type { ApiContext } from './context.js';
import { del, deleteCollection } from './delete.js';
import { asStatusError, methodNotAllowed, notFoundPath, statusError } from './errors.js';
import { patch } from './patch.js';
import type { RequestTarget } from './path.js';
import { conflictFor, createObject, notFoundFor, updateObject } from './registry.js';
import { isTrue, parseIntParam, q, sendJson, tableJson, wantsTable, writeOptions, type Query } from './request.js';
import { allowCreateOnUpdate, clone, prepareForStatusUpdate } from './strategy.js';
import { binding, eviction, scale } from './subresources.js';
import { serveHttpWatch } from './watch.js';
import { proxyLogs } from './kubelet-proxy.js';

/** Dispatches one request to a resource path. */
export async function handleResource(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = req.query as Query;
  const { r, name, subresource } = t;
  // A single object of a namespaced resource is addressed only under /namespaces/{ns}/.
  if (r.namespaced && name !== undefined && t.namespace === undefined) throw notFoundPath();
  if (subresource !== undefined && !r.subresources?.includes(subresource as never)) throw notFoundPath();
  const method = req.method;
  const watch = t.watchPath || isTrue(q(query, 'watch'));
  if (name === undefined) {
    switch (method) {
      case 'GET':
        return watch ? startWatch(ctx, t, req, reply) : list(ctx, t, req, reply);
      case 'POST':
        if (r.namespaced && t.namespace === undefined) throw methodNotAllowed(method, `${r.plural} without a namespace`);
        return create(ctx, t, req, reply);
      case 'DELETE':
        if (r.verbs && !r.verbs.includes('deletecollection')) throw methodNotAllowed(method, r.plural);
        return deleteCollection(ctx, t, req, reply);
      default:
        throw methodNotAllowed(method, r.plural);
    }
  }
  if (watch && method === 'GET' && subresource === undefined) {
    const fs = q(query, 'fieldSelector');
    const byName = `metadata.name=${name}`;
    (query as Record<string, string>).fieldSelector = fs ? `${fs},${byName}` : byName;
    return startWatch(ctx, { ...t, name: undefined }, req, reply);
  }
  switch (subresource) {
    case undefined:
      switch (method) {
        case 'GET':
          return get(ctx, t, req, reply);
        case 'PUT':
          return put(ctx, t, req, reply);
        case 'PATCH':
          return patch(ctx, t, req, reply);
        case 'DELETE':
          return del(ctx, t, req, reply);
      }
      throw methodNotAllowed(method, `${r.plural}/${name}`);
    case 'status':
      if (method === 'GET') return get(ctx, t, req, reply);
      if (method === 'PUT') return put(ctx, t, req, reply, 'status');
      if (method === 'PATCH') return patch(ctx, t, req, reply);
      throw methodNotAllowed(method, `${r.plural}/status`);
    case 'scale':
      return scale(ctx, t, req, reply);
    case 'binding':
      if (method !== 'POST') throw methodNotAllowed(method, 'pods/binding');
      return binding(ctx, t, req, reply);
    case 'eviction':
      if (method !== 'POST') throw methodNotAllowed(method, 'pods/eviction');
      return eviction(ctx, t, req, reply);
    case 'log':
      if (method !== 'GET') throw methodNotAllowed(method, 'pods/log');
      return proxyLogs(ctx, t.namespace!, name, req, reply);
    default:
      // exec (and attach/portforward) arrive as upgrades: see the server's upgrade handler.
      throw methodNotAllowed(method, `${r.plural}/${subresource}`);
  }
}

function get(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): void {
  const e = ctx.store.get(t.r, t.namespace, t.name!);
  if (!e) throw notFoundFor(t.r, t.name!);
  if (wantsTable(req.headers.accept)) return sendJson(reply, 200, tableJson(t.r, [e.object], req.query as Query));
  sendJson(reply, 200, e.json);
}

function list(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): void {
  const query = req.query as Query;
  const limit = parseIntParam(query, 'limit');
  const res = ctx.store.list(t.r, {
    namespace: t.namespace,
    labelSelector: q(query, 'labelSelector'),
    fieldSelector: q(query, 'fieldSelector'),
    limit: limit !== undefined && limit > 0 ? limit : undefined,
    continue: q(query, 'continue') || undefined,
  });
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(res.resourceVersion) };
  if (res.continue) meta.continue = res.continue;
  if (res.remainingItemCount !== undefined) meta.remainingItemCount = res.remainingItemCount;
  if (wantsTable(req.headers.accept)) {
    return sendJson(reply, 200, tableJson(t.r, res.items.map((e) => e.object), query, meta));
  }
  // Items are the stored JSON strings, concatenated: nothing is serialised again.
  let body = `{"kind":"${t.r.kind}List","apiVersion":"${groupVersion(t.r)}","metadata":${JSON.stringify(meta)},"items":[`;
  for (let i = 0; i < res.items.length; i++) body += (i ? ',' : '') + res.items[i].json;
  body += ']}';
  sendJson(reply, 200, body);
}

function startWatch(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): void {
  parseIntParam(req.query as Query, 'timeoutSeconds');
  reply.hijack();
  const res = reply.raw;
  try {
    serveHttpWatch(ctx, t, req.query as Query, req.headers.accept, res);
  } catch (err) {
    // Bad options (a malformed selector) fail before any header is written: answer normally.
    const se = asStatusError(err);
    if (!res.headersSent) {
      res.writeHead(se.code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(se.status));
    } else res.destroy();
  }
}

async function create(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const res = await createFromBody(ctx, t, req.query as Query, bodyOf(req), contentType(req));
  sendJson(reply, 201, res.json, res.warnings);
}

/** POST to a collection, HTTP-free: shared by the fastify route and the server's fast path. */
export async function createFromBody(
  ctx: ApiContext,
  t: RequestTarget,
  query: Query,
  body: string | Buffer,
  mediaType: string,
): Promise<{ json: string; warnings: string[] }> {
  const wo = writeOptions(query);
  const obj = decodeBody(body, mediaType, t.r, wo, ctx.log);
  setNamespace(t, obj);
  if (obj.metadata.resourceVersion) {
    throw statusError(500, 'InternalError', 'Internal error occurred: resourceVersion should not be set on objects to be created', {
      causes: [{ message: 'resourceVersion should not be set on objects to be created' }],
    });
  }
  // decodeBody checked the body's shape (types and unknown fields): validation need not again.
  const res = await createObject(ctx, t.r, obj, wo.dryRun, { shapeChecked: true });
  return { json: res.json, warnings: wo.warnings };
}

/** PUT of an object or its status: a stale resourceVersion in the body is a Conflict. */
async function put(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply, subresource?: 'status'): Promise<void> {
  const wo = writeOptions(req.query as Query);
  const obj = decodeObject(req, t.r, wo, ctx.log);
  checkName(t, obj);
  setNamespace(t, obj);
  const bodyRV = obj.metadata.resourceVersion;
  const res = await updateObject(
    ctx,
    t.r,
    t.namespace,
    t.name!,
    (_cur, entry) => {
      if (bodyRV && bodyRV !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name!);
      // Not cur (the shared stored object): a copy of the body, or for /status of the stored object.
      return subresource === 'status' ? prepareForStatusUpdate(obj, JSON.parse(entry.json) as KubeObject) : clone(obj);
    },
    subresource === 'status'
      ? { dryRun: wo.dryRun, retry: !bodyRV, subresource, pure: true, shapeChecked: true }
      : {
          dryRun: wo.dryRun,
          retry: !bodyRV,
          pure: true,
          shapeChecked: true,
          createIfMissing: allowCreateOnUpdate(t.r) ? () => createObject(ctx, t.r, clone(obj), wo.dryRun) : undefined,
        },
  );
  sendJson(reply, res.created ? 201 : 200, res.json, wo.warnings);
}
