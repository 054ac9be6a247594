// HTTP verbs on resource paths: decode the request, call the registry, encode the answer.
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
import type { ApiContext, WriteOptions } from './context.js';
import { asObjectFor, parseBody } from './decode.js';
import { asStatusError, methodNotAllowed, notFoundPath, statusError } from './errors.js';
import { checkDecodedFields } from './fields.js';
import { deleteNamespace } from './namespaces.js';
import type { RequestTarget } from './path.js';
import { bindPod, CREATED_STATUS_JSON, evictPod } from './pods.js';
import {
  conflictFor,
  createObject,
  deleteObject,
  invalidFor,
  notFoundFor,
  updateObject,
  type DeleteOptions,
  type DeleteResult,
  type UpdateResult,
} from './registry.js';
import { isTrue, parseIntParam, q, sendJson, tableJson, wantsTable, writeOptions, type Query } from './request.js';
import { scaleOf, updateScale } from './scale.js';
import { allowCreateOnUpdate, clone, prepareForStatusUpdate } from './strategy.js';
import { serveHttpWatch } from './watch.js';
import { withApplyEntry } from './apply.js';

const NAMESPACE_MISMATCH = 'the namespace of the provided object does not match the namespace sent on the request';

function bodyOf(req: FastifyRequest): string | Buffer {
  const b = req.body;
  return typeof b === 'string' || Buffer.isBuffer(b) ? b : b === undefined || b === null ? '' : String(b);
}

/** Patch bodies are text. */
function textOf(req: FastifyRequest): string {
  const b = bodyOf(req);
  return typeof b === 'string' ? b : b.toString('utf8');
}

function contentType(req: FastifyRequest): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** Decodes the body as an object of resource r and applies fieldValidation. */
function decodeObject(req: FastifyRequest, r: ResourceInfo, wo: WriteOptions, log?: ApiContext['log']): KubeObject {
  const body = bodyOf(req);
  const obj = asObjectFor(parseBody(body, contentType(req), (skipped) => log?.warn({ skipped }, 'protobuf fields mk does not read were dropped')), r, body);
  checkDecodedFields(r, obj, wo);
  return obj;
}

function setNamespace(t: RequestTarget, obj: KubeObject): void {
  if (!t.r.namespaced) return;
  const ns = obj.metadata.namespace;
  if (ns !== undefined && ns !== '' && ns !== t.namespace) throw badRequest(NAMESPACE_MISMATCH);
  obj.metadata.namespace = t.namespace;
}

function checkName(t: RequestTarget, obj: KubeObject): void {
  if (obj.metadata.name !== t.name) {
    throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${t.name})`);
  }
}

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
          return update(ctx, t, req, reply);
        case 'PATCH':
          return patch(ctx, t, req, reply);
        case 'DELETE':
          return del(ctx, t, req, reply);
      }
      throw methodNotAllowed(method, `${r.plural}/${name}`);
    case 'status':
      if (method === 'GET') return get(ctx, t, req, reply);
      if (method === 'PUT') return updateStatus(ctx, t, req, reply);
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
    default:
      // log and exec are served by the kubelet through its own server.
      throw notFoundPath();
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
  const wo = writeOptions(req.query as Query);
  const obj = decodeObject(req, t.r, wo, ctx.log);
  setNamespace(t, obj);
  if (obj.metadata.resourceVersion) {
    throw statusError(500, 'InternalError', 'Internal error occurred: resourceVersion should not be set on objects to be created', {
      causes: [{ message: 'resourceVersion should not be set on objects to be created' }],
    });
  }
  const res = await createObject(ctx, t.r, obj, wo.dryRun);
  sendJson(reply, 201, res.json, wo.warnings);
}

async function update(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
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
      return clone(obj);
    },
    {
      dryRun: wo.dryRun,
      retry: !bodyRV,
      createIfMissing: allowCreateOnUpdate(t.r) ? () => createObject(ctx, t.r, clone(obj), wo.dryRun) : undefined,
    },
  );
  sendJson(reply, res.created ? 201 : 200, res.json, wo.warnings);
}

async function updateStatus(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
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
    (cur, entry) => {
      if (bodyRV && bodyRV !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name!);
      return prepareForStatusUpdate(obj, cur);
    },
    { dryRun: wo.dryRun, retry: !bodyRV, subresource: 'status' },
  );
  sendJson(reply, 200, res.json, wo.warnings);
}

type PatchFn = (doc: KubeObject) => KubeObject;

const PATCH_TYPES = 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json';

function parsePatchJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** The patch function for a Content-Type, or undefined for apply (handled separately). */
function patchFunction(ct: string, body: string, r: ResourceInfo): PatchFn | undefined {
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

async function patch(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const wo = writeOptions(req.query as Query);
  const ct = contentType(req);
  const body = textOf(req);
  const fn = patchFunction(ct, body, t.r);
  if (!fn) return apply(ctx, t, req, reply, wo);
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
      return status ? prepareForStatusUpdate(patched, cur) : patched;
    },
    { dryRun: wo.dryRun, retry: true, subresource: status ? 'status' : undefined },
  );
  sendJson(reply, 200, res.json, wo.warnings);
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

async function scale(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
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

async function binding(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const wo = writeOptions(req.query as Query);
  const body = bodyOf(req);
  const b = asObjectFor(parseBody(body, contentType(req)), BINDING_RI, body);
  await bindPod(ctx, t.namespace!, t.name!, b, wo.dryRun);
  sendJson(reply, 201, CREATED_STATUS_JSON);
}

async function eviction(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const wo = writeOptions(req.query as Query);
  const body = bodyOf(req);
  const parsed = parseBody(body, contentType(req)) as { apiVersion?: string } | null;
  // policy/v1beta1 Evictions are still accepted by Kubernetes (kubectl drain falls back to them).
  const ri = parsed && typeof parsed === 'object' && parsed.apiVersion === 'policy/v1beta1' ? { ...EVICTION_RI, version: 'v1beta1' } : EVICTION_RI;
  const ev = asObjectFor(parsed, ri, body);
  await evictPod(ctx, t.namespace!, t.name!, ev, wo.dryRun);
  sendJson(reply, 201, CREATED_STATUS_JSON);
}

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

async function del(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const wo = writeOptions(req.query as Query);
  const o = deleteOptions(req, wo);
  const res = await deleteOne(ctx, t.r, t.namespace, t.name!, o);
  // 202 only when cascading deletion was asked through orphanDependents=false and the object stays.
  const code = !res.deleted && o.orphanDependents === false ? 202 : 200;
  sendJson(reply, code, res.json, wo.warnings);
}

async function deleteCollection(ctx: ApiContext, t: RequestTarget, req: FastifyRequest, reply: FastifyReply): Promise<void> {
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

