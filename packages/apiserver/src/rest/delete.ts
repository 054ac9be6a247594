// DELETE of one object or of a collection, with DeleteOptions from the body or the query.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, groupVersion, type ResourceInfo } from '@mk/api';
import { bodyOf, contentType } from './body.js';
import type { ApiContext, WriteOptions } from './context.js';
import { parseBody } from './decode.js';
import { deleteNamespace } from './namespaces.js';
import type { RequestTarget } from './path.js';
import { deleteObject, invalidFor, type DeleteOptions, type DeleteResult } from './registry.js';
import { parseIntParam, q, sendJson, writeOptions, type Query } from './request.js';

const POLICIES = new Set(['Foreground', 'Background', 'Orphan']);

/** DeleteOptions from the body (if any) and the query string. */
function deleteOptions(req: FastifyRequest, wo: WriteOptions): DeleteOptions {
  const query = req.query as Query;
  const body = bodyOf(req);
  let b: Record<string, unknown> = {};
  if (body.length > 0 && (typeof body !== 'string' || body.trim() !== '')) {
    const parsed = parseBody(body, contentType(req));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) b = parsed as Record<string, unknown>;
    else throw badRequest('the body of a DELETE must be a DeleteOptions object');
  }
  const o: DeleteOptions = { dryRun: wo.dryRun || (Array.isArray(b.dryRun) && b.dryRun.includes('All')) };
  const grace = parseIntParam(query, 'gracePeriodSeconds') ?? (b.gracePeriodSeconds as number | undefined);
  if (grace !== undefined && grace !== null) o.gracePeriodSeconds = Number(grace);
  const policy = q(query, 'propagationPolicy') ?? (b.propagationPolicy as string | undefined);
  if (policy !== undefined && policy !== null) {
    if (!POLICIES.has(policy)) {
      throw invalidFor({ group: 'meta.k8s.io', version: 'v1', kind: 'DeleteOptions', plural: 'deleteoptions', singular: '', namespaced: false }, '', [
        { reason: 'FieldValueNotSupported', field: 'propagationPolicy', message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"` },
      ]);
    }
    o.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  }
  const orphan = q(query, 'orphanDependents') ?? (b.orphanDependents as boolean | undefined);
  if (orphan !== undefined && orphan !== null) o.orphanDependents = orphan === true || orphan === 'true';
  if (b.preconditions && typeof b.preconditions === 'object') o.preconditions = b.preconditions as DeleteOptions['preconditions'];
  return o;
}

async function deleteOne(ctx: ApiContext, r: ResourceInfo, namespace: string | undefined, name: string, o: DeleteOptions): Promise<DeleteResult> {
  return r.kind === 'Namespace' ? deleteNamespace(ctx, name, o) : deleteObject(ctx, r, namespace, name, o);
}

export async function del(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const wo = writeOptions(req.query as Query);
  const o = deleteOptions(req, wo);
  const res = await deleteOne(ctx, t.r, t.namespace, t.name!, o);
  // 202 only when cascading deletion was asked through orphanDependents=false and the object stays.
  const code = !res.deleted && o.orphanDependents === false ? 202 : 200;
  sendJson(reply, code, res.json, wo.warnings);
}

export async function deleteCollection(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = req.query as Query;
  const wo = writeOptions(query);
  const o = deleteOptions(req, wo);
  const res = ctx.store.list(t.r, { namespace: t.namespace, labelSelector: q(query, 'labelSelector'), fieldSelector: q(query, 'fieldSelector') });
  const items: string[] = [];
  for (const e of res.items) {
    const m = e.object.metadata;
    try {
      const d = await deleteOne(ctx, t.r, m.namespace, m.name ?? '', o);
      items.push(JSON.stringify(d.object));
    } catch (err) {
      if ((err as { code?: number }).code === 404) continue; // deleted meanwhile
      throw err;
    }
  }
  const body = `{"kind":"${t.r.kind}List","apiVersion":"${groupVersion(t.r)}","metadata":{"resourceVersion":"${ctx.store.resourceVersion}"},"items":[${items.join(',')}]}`;
  sendJson(reply, 200, body);
}
