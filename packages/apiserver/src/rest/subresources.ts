// HTTP handlers of the scale, binding and eviction subresources.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, type KubeObject, type ResourceInfo } from '@mk/api';
import { bodyOf, contentType, textOf } from './body.js';
import type { ApiContext } from './context.js';
import { asObjectFor, parseBody } from './decode.js';
import { methodNotAllowed } from './errors.js';
import type { RequestTarget } from './path.js';
import { patchFunction } from './patch.js';
import { bindPod, CREATED_STATUS_JSON, evictPod } from './pods.js';
import { notFoundFor } from './registry.js';
import { sendJson, writeOptions, type Query } from './request.js';
import { scaleOf, updateScale } from './scale.js';
import { clone } from './strategy.js';

export async function scale(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { r, namespace, name } = t;
  if (req.method === 'GET') {
    const e = ctx.store.get(r, namespace, name!);
    if (!e) throw notFoundFor(r, name!);
    return sendJson(reply, 200, JSON.stringify(scaleOf(e.object)));
  }
  const wo = writeOptions(req.query as Query);
  const SCALE_RI: ResourceInfo = { group: 'autoscaling', version: 'v1', kind: 'Scale', plural: 'scale', singular: 'scale', namespaced: true };
  let toScale: (cur: KubeObject) => KubeObject;
  if (req.method === 'PUT') {
    const body = bodyOf(req);
    const s = asObjectFor(parseBody(body, contentType(req)), SCALE_RI, body);
    toScale = () => clone(s);
  } else if (req.method === 'PATCH') {
    const ct = contentType(req);
    const fn = patchFunction(ct, textOf(req), SCALE_RI);
    if (!fn) throw badRequest('apply is not supported on the scale subresource');
    toScale = (cur) => fn(cur);
  } else throw methodNotAllowed(req.method, `${r.plural}/scale`);
  const res = await updateScale(ctx, r, namespace, name!, toScale, wo.dryRun);
  sendJson(reply, 200, JSON.stringify(res.scale));
}

const BINDING_RI: ResourceInfo = { group: '', version: 'v1', kind: 'Binding', plural: 'bindings', singular: 'binding', namespaced: true };
const EVICTION_RI: ResourceInfo = { group: 'policy', version: 'v1', kind: 'Eviction', plural: 'evictions', singular: 'eviction', namespaced: true };

export async function binding(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  sendJson(reply, 201, await bindingFromBody(ctx, t, req.query as Query, bodyOf(req), contentType(req)));
}

/** POST pods/{name}/binding, HTTP-free (the fastify route and the server's fast path); returns the answer's JSON. */
export async function bindingFromBody(ctx: ApiContext, t: RequestTarget, query: Query, body: string | Buffer, mediaType: string): Promise<string> {
  const wo = writeOptions(query);
  const b = asObjectFor(parseBody(body, mediaType), BINDING_RI, body);
  await bindPod(ctx, t.namespace!, t.name!, b, wo.dryRun);
  return CREATED_STATUS_JSON;
}

export async function eviction(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const wo = writeOptions(req.query as Query);
  const body = bodyOf(req);
  const parsed = parseBody(body, contentType(req)) as { apiVersion?: string } | null;
  // policy/v1beta1 Evictions are still accepted by Kubernetes (kubectl drain falls back to them).
  const ri = parsed && typeof parsed === 'object' && parsed.apiVersion === 'policy/v1beta1' ? { ...EVICTION_RI, version: 'v1beta1' } : EVICTION_RI;
  const ev = asObjectFor(parsed, ri, body);
  await evictPod(ctx, t.namespace!, t.name!, ev, wo.dryRun);
  sendJson(reply, 201, CREATED_STATUS_JSON);
}
