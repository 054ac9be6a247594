// PATCH: JSON patch, merge patch, strategic merge patch, and server-side apply.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  badRequest,
  groupVersion,
  type JsonPatchOp,
  type KubeObject,
  type ResourceInfo,
} from '@mk/api';
import { withApplyEntry } from './apply.js';
import { checkName, contentType, decodeObject, NAMESPACE_MISMATCH, setNamespace, textOf } from './body.js';
import type { ApiContext, WriteOptions } from './context.js';
import { statusError } from './errors.js';
import { checkDecodedFields } from './fields.js';
import type { RequestTarget } from './path.js';
import { conflictFor, createObject, notFoundFor, updateObject, type UpdateResult } from './registry.js';
import { sendJson, writeOptions, type Query } from './request.js';
import { clone, prepareForStatusUpdate } from './strategy.js';

export type PatchFn = (doc: KubeObject) => KubeObject;

const PATCH_TYPES = 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json';

function parsePatchJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** The patch function for a Content-Type, or undefined for apply (handled separately). */
export function patchFunction(ct: string, body: string, r: ResourceInfo): PatchFn | undefined {
  switch (ct) {
    case 'application/json-patch+json': {
      const ops = parsePatchJson(body) as JsonPatchOp[];
      return (doc) => applyJsonPatch(doc, ops) as KubeObject;
    }
    case 'application/merge-patch+json': {
      const p = parsePatchJson(body);
      return (doc) => applyMergePatch(doc, p) as KubeObject;
    }
    case 'application/strategic-merge-patch+json': {
      const p = parsePatchJson(body);
      return (doc) => applyStrategicMergePatch(doc, p, r.kind) as KubeObject;
    }
    case 'application/apply-patch+yaml':
      return undefined;
    default:
      throw statusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES}`);
  }
}

/** Checks the result of a patch is still an object of r with the URL's name and namespace. */
function checkPatched(t: RequestTarget, patched: unknown, wo: WriteOptions): KubeObject {
  if (!patched || typeof patched !== 'object' || Array.isArray(patched)) throw badRequest('the patched object is not a JSON object');
  const obj = patched as KubeObject;
  if (obj.apiVersion !== groupVersion(t.r) || obj.kind !== t.r.kind) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${groupVersion(t.r)})`);
  }
  obj.metadata ??= {};
  checkName(t, obj);
  if (t.r.namespaced && obj.metadata.namespace !== t.namespace) throw badRequest(NAMESPACE_MISMATCH);
  checkDecodedFields(t.r, obj, wo);
  return obj;
}

export async function patch(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const ct = contentType(req);
  if (ct === 'application/apply-patch+yaml') return apply(ctx, t, req, reply, writeOptions(req.query as Query));
  const res = await patchFromBody(ctx, t, req.query as Query, textOf(req), ct);
  sendJson(reply, 200, res.json, res.warnings);
}

/**
 * PATCH of an object or its status with a JSON, merge or strategic merge patch (not apply),
 * HTTP-free: shared by the fastify route and the server's fast path. ct: the media type.
 */
export async function patchFromBody(
  ctx: ApiContext,
  t: RequestTarget,
  query: Query,
  body: string,
  ct: string,
): Promise<{ json: string; warnings: string[] }> {
  const wo = writeOptions(query);
  const fn = patchFunction(ct, body, t.r);
  if (!fn) throw badRequest('apply patches are served by patch()');
  const status = t.subresource === 'status';
  let warned = false;
  const res = await updateObject(
    ctx,
    t.r,
    t.namespace,
    t.name!,
    (cur, entry) => {
      const attemptWo = warned ? { ...wo, warnings: [] } : wo;
      const patched = checkPatched(t, fn(cur), attemptWo);
      warned = true;
      const rv = patched.metadata.resourceVersion;
      // A resourceVersion the patch sets is a precondition; stale on every retry too.
      if (rv && rv !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name!);
      // The patch functions leave cur (the shared stored object) alone and return a copy.
      return status ? prepareForStatusUpdate(patched, JSON.parse(entry.json) as KubeObject) : patched;
    },
    { dryRun: wo.dryRun, retry: true, subresource: status ? 'status' : undefined, pure: true, shapeChecked: true },
  );
  return { json: res.json, warnings: wo.warnings };
}

async function apply(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply, wo: WriteOptions): Promise<void> {
  if (!wo.fieldManager) throw badRequest('PATCH with apply requires a fieldManager: set the fieldManager query parameter');
  if (t.subresource) throw badRequest(`apply is not supported on the ${t.subresource} subresource`);
  const manager = wo.fieldManager;
  const applied = decodeObject(req, t.r, wo, ctx.log);
  checkName(t, applied);
  setNamespace(t, applied);
  delete applied.metadata.managedFields;
  const bodyRV = applied.metadata.resourceVersion;
  const res: UpdateResult = await updateObject(
    ctx,
    t.r,
    t.namespace,
    t.name!,
    (cur, entry) => {
      if (bodyRV && bodyRV !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name!);
      const merged = applyStrategicMergePatch(cur, applied, t.r.kind) as KubeObject;
      merged.metadata.managedFields = withApplyEntry(cur.metadata.managedFields, manager, applied);
      return merged;
    },
    {
      dryRun: wo.dryRun,
      retry: true,
      // applyStrategicMergePatch copies cur; what it returns is cur and the decoded body merged.
      pure: true,
      shapeChecked: true,
      createIfMissing: () => {
        const obj = clone(applied);
        if (bodyRV) throw notFoundFor(t.r, t.name!);
        obj.metadata.managedFields = withApplyEntry(undefined, manager, applied);
        return createObject(ctx, t.r, obj, wo.dryRun);
      },
    },
  );
  sendJson(reply, res.created ? 201 : 200, res.json, wo.warnings);
}
