// The generic registry (k8s.io/apiserver/pkg/registry/generic/registry.Store): create, the
// retrying update loop, and deletion with graceful periods and finalizers. HTTP-free, so the
// handlers, subresources and the namespace finalizer share one implementation.
import {
  applyDefaults,
  conflict,
  fieldErrorsToCauses,
  invalid,
  notFound,
  StatusError,
  validateObject,
  type KubeObject,
  type ResourceInfo,
  type StatusCause,
} from '@mk/api';
import type { Preconditions, StoreEntry } from '../storage/types.js';
import type { ApiContext } from './context.js';
import { isConflict, qualifiedResource } from './errors.js';
import { clone, deepEqual, nowRFC3339, prepareForCreate, prepareForUpdate, randomSuffix, returnsDeletedObject } from './strategy.js';

/** The result of a write: the object and its JSON (the stored JSON when it was stored). */
export interface WriteResult {
  object: KubeObject;
  json: string;
}

export const MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';
const MAX_RETRIES = 16;

export function notFoundFor(r: ResourceInfo, name: string): StatusError {
  return notFound(qualifiedResource(r), name, r.group, r.plural);
}
export function conflictFor(r: ResourceInfo, name: string, why = MODIFIED): StatusError {
  return conflict(qualifiedResource(r), name, why, r.group, r.plural);
}
/** 422 with Kubernetes' qualified kind: `Deployment.apps "x" is invalid: ...`. */
export function invalidFor(r: ResourceInfo, name: string, causes: StatusCause[]): StatusError {
  const err = invalid(r.group ? `${r.kind}.${r.group}` : r.kind, name, causes, r.group);
  if (err.status.details) err.status.details.kind = r.kind;
  return err;
}

function validate(r: ResourceInfo, obj: KubeObject, old?: KubeObject, shapeChecked = false): void {
  const errs = validateObject(obj, old, { skipTypeCheck: shapeChecked });
  if (errs.length) throw invalidFor(r, obj.metadata.name ?? '', fieldErrorsToCauses(errs));
}

const entryResult = (e: StoreEntry): WriteResult => ({ object: e.object, json: e.json });

/**
 * Create: defaults, NamespaceLifecycle, mutating admission, system fields, validation,
 * allocation, store. obj is owned by the call (it is mutated).
 */
export interface CreateOptions {
  /** The caller ran checkShape on obj (the decoder did): validation skips the type walk. */
  shapeChecked?: boolean;
}

export async function createObject(ctx: ApiContext, r: ResourceInfo, obj: KubeObject, dryRun: boolean, co: CreateOptions = {}): Promise<WriteResult> {
  const requested = ctx.admission.beforeDefaults(r, obj);
  applyDefaults(obj);
  ctx.admission.checkNamespace(r, obj);
  ctx.admission.mutateCreate(r, obj, requested);
  if (!obj.metadata.name && !obj.metadata.generateName) {
    throw invalidFor(r, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  }
  const generated = prepareForCreate(r, obj);
  // Allocation comes first (the service REST's BeginCreate), so validation sees the addresses.
  const txn = ctx.admission.allocate(r, obj, undefined, dryRun);
  try {
    validate(r, obj, undefined, co.shapeChecked);
  } catch (err) {
    txn.rollback();
    throw err;
  }
  if (dryRun) {
    txn.rollback();
    if (ctx.store.get(r, obj.metadata.namespace, obj.metadata.name!)) {
      throw alreadyExistsFor(r, obj.metadata.name!);
    }
    return { object: obj, json: JSON.stringify(obj) };
  }
  try {
    const e = await createWithGeneratedName(ctx, r, obj, generated);
    txn.commit();
    return entryResult(e);
  } catch (err) {
    txn.rollback();
    throw err;
  }
}

/** A generated name that is taken is generated again (Kubernetes' RetryGenerateName). */
async function createWithGeneratedName(ctx: ApiContext, r: ResourceInfo, obj: KubeObject, generated: boolean): Promise<StoreEntry> {
  const prefix = obj.metadata.generateName ?? '';
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.store.create(r, obj);
    } catch (err) {
      if (!generated || attempt >= 7 || !(err instanceof StatusError) || err.reason !== 'AlreadyExists') throw err;
      obj.metadata.name = prefix + randomSuffix();
    }
  }
}

function alreadyExistsFor(r: ResourceInfo, name: string): StatusError {
  const s = new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualifiedResource(r)} "${name}" already exists`,
    reason: 'AlreadyExists',
    details: { name, group: r.group, kind: r.plural },
    code: 409,
  });
  return s;
}

export interface UpdateOptions {
  dryRun: boolean;
  /** Retry on a write conflict with the latest object (unconditional updates, patches). */
  retry: boolean;
  /** 'status' etc.: the caller prepared the object; skip main-resource PrepareForUpdate. */
  subresource?: string;
  /** When the object is missing: create it instead (AllowCreateOnUpdate, apply). */
  createIfMissing?: () => Promise<WriteResult>;
  /**
   * tryUpdate does not change the object it is given (it builds its result from copies): it gets
   * the shared stored object itself rather than a private copy.
   */
  pure?: boolean;
  /** What tryUpdate returns passed checkShape (the decoder's): validation skips the type walk. */
  shapeChecked?: boolean;
}

export interface UpdateResult extends WriteResult {
  created?: boolean;
}

/**
 * GuaranteedUpdate: read the latest object, let tryUpdate compute the next one, check and
 * store it with the read resourceVersion as precondition; on a conflict, retry when allowed.
 * tryUpdate gets a private copy and may mutate and return it (with o.pure: the shared stored
 * object, which it must not change).
 */
export async function updateObject(
  ctx: ApiContext,
  r: ResourceInfo,
  namespace: string | undefined,
  name: string,
  tryUpdate: (current: KubeObject, entry: StoreEntry) => KubeObject,
  o: UpdateOptions,
): Promise<UpdateResult> {
  for (let attempt = 0; ; attempt++) {
    const cur = ctx.store.get(r, namespace, name);
    if (!cur) {
      if (o.createIfMissing) return { ...(await o.createIfMissing()), created: true };
      throw notFoundFor(r, name);
    }
    // A private copy comes from the stored JSON: JSON.parse is cheaper than a deep clone.
    const next = tryUpdate(o.pure ? cur.object : (JSON.parse(cur.json) as KubeObject), cur);
    next.metadata ??= {};
    if (!o.subresource) {
      applyDefaults(next);
      prepareForUpdate(r, next, cur.object);
    }
    next.metadata.resourceVersion = String(cur.resourceVersion);
    checkFinalizersWhileDeleting(r, next, cur.object);
    const txn = ctx.admission.allocate(r, next, cur.object, o.dryRun);
    try {
      // Binding writes spec.nodeName, which pod update validation forbids; Kubernetes' BindingREST skips it too.
      if (o.subresource !== 'binding') validate(r, next, cur.object, o.shapeChecked);
    } catch (err) {
      txn.rollback();
      throw err;
    }
    if (deepEqual(next, cur.object)) {
      // Nothing changed: Kubernetes answers with the stored object and writes nothing.
      txn.rollback();
      return entryResult(cur);
    }
    if (o.dryRun) {
      txn.rollback();
      return { object: next, json: JSON.stringify(next) };
    }
    try {
      const pre: Preconditions = { resourceVersion: String(cur.resourceVersion) };
      if (shouldDeleteDuringUpdate(next, cur.object)) {
        const e = await ctx.store.delete(r, namespace, name, pre);
        txn.commit();
        ctx.admission.removed(r, e.object);
        return entryResult(e);
      }
      const e = await ctx.store.update(r, next, pre);
      txn.commit();
      return entryResult(e);
    } catch (err) {
      txn.rollback();
      if (o.retry && isConflict(err) && attempt < MAX_RETRIES) continue;
      throw err;
    }
  }
}

function finalizersOf(o: KubeObject): string[] {
  return o.metadata.finalizers ?? [];
}

/** An object being deleted goes once its last finalizer is removed (ShouldDeleteDuringUpdate). */
function shouldDeleteDuringUpdate(next: KubeObject, old: KubeObject): boolean {
  return (
    !!old.metadata.deletionTimestamp &&
    finalizersOf(next).length === 0 &&
    old.metadata.deletionGracePeriodSeconds === 0
  );
}

function checkFinalizersWhileDeleting(r: ResourceInfo, next: KubeObject, old: KubeObject): void {
  if (!old.metadata.deletionTimestamp) return;
  const had = new Set(finalizersOf(old));
  const added = finalizersOf(next).filter((f) => !had.has(f));
  if (added.length) {
    throw invalidFor(r, next.metadata.name ?? '', [
      {
        reason: 'FieldValueForbidden',
        field: 'metadata.finalizers',
        message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
      },
    ]);
  }
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  orphanDependents?: boolean;
  preconditions?: Preconditions;
  dryRun: boolean;
}

export interface DeleteResult extends WriteResult {
  /** The object left storage (false: it is marked for deletion and stays). */
  deleted: boolean;
}

function checkPreconditions(r: ResourceInfo, cur: StoreEntry, pre: Preconditions | undefined): void {
  if (!pre) return;
  const m = cur.object.metadata;
  if (pre.uid && pre.uid !== m.uid) {
    throw conflictFor(r, m.name ?? '', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${m.uid ?? ''}`);
  }
  if (pre.resourceVersion && pre.resourceVersion !== String(cur.resourceVersion)) {
    throw conflictFor(
      r,
      m.name ?? '',
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.resourceVersion}`,
    );
  }
}

/** The grace period a Pod deletion gets (pod strategy CheckGracefulDelete); undefined for other kinds. */
function gracePeriod(r: ResourceInfo, obj: KubeObject, requested: number | undefined): number | undefined {
  if (r.kind !== 'Pod') return undefined;
  const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  // An unscheduled or finished pod has no kubelet to wait for.
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  let g = requested ?? spec.terminationGracePeriodSeconds ?? 30;
  if (g < 0) g = 1;
  return g;
}

/** Finalizers after applying the propagation policy (deletionFinalizersForGarbageCollection). */
function finalizersFor(obj: KubeObject, o: DeleteOptions): string[] {
  let f = [...finalizersOf(obj)];
  const policy = o.propagationPolicy ?? (o.orphanDependents === true ? 'Orphan' : o.orphanDependents === false ? 'Background' : undefined);
  if (policy === 'Foreground') {
    f = f.filter((x) => x !== 'orphan');
    if (!f.includes('foregroundDeletion')) f.push('foregroundDeletion');
  } else if (policy === 'Orphan') {
    f = f.filter((x) => x !== 'foregroundDeletion');
    if (!f.includes('orphan')) f.push('orphan');
  } else if (policy === 'Background') {
    f = f.filter((x) => x !== 'orphan' && x !== 'foregroundDeletion');
  }
  return f;
}

/** A Status Success for an immediate delete, as the generic store's finalizeDelete returns. */
export function deleteSuccessStatus(r: ResourceInfo, obj: KubeObject): string {
  const details: Record<string, string> = { name: obj.metadata.name ?? '' };
  if (r.group) details.group = r.group;
  details.kind = r.plural;
  if (obj.metadata.uid) details.uid = obj.metadata.uid;
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

/**
 * Delete: preconditions; graceful pods and objects with finalizers get deletionTimestamp and
 * stay; others leave storage. Namespaces are handled by deleteNamespace.
 */
export async function deleteObject(
  ctx: ApiContext,
  r: ResourceInfo,
  namespace: string | undefined,
  name: string,
  o: DeleteOptions,
): Promise<DeleteResult> {
  for (let attempt = 0; ; attempt++) {
    const cur = ctx.store.get(r, namespace, name);
    if (!cur) throw notFoundFor(r, name);
    checkPreconditions(r, cur, o.preconditions);
    const obj = cur.object;
    const grace = gracePeriod(r, obj, o.gracePeriodSeconds);
    const finalizers = finalizersFor(obj, o);
    const m = obj.metadata;
    let next: KubeObject | undefined;
    if (grace !== undefined && grace > 0) {
      // Graceful deletion: the kubelet stops the pod and deletes it with grace 0.
      const remaining = m.deletionGracePeriodSeconds;
      if (m.deletionTimestamp && remaining !== undefined && remaining <= grace && sameList(finalizers, finalizersOf(obj))) {
        return { object: obj, json: cur.json, deleted: false };
      }
      next = marked(obj, m.deletionTimestamp && remaining !== undefined && remaining <= grace ? undefined : grace, finalizers);
    } else if (finalizers.length > 0) {
      if (m.deletionTimestamp && m.deletionGracePeriodSeconds === 0 && sameList(finalizers, finalizersOf(obj))) {
        return { object: obj, json: cur.json, deleted: false };
      }
      next = marked(obj, m.deletionTimestamp && m.deletionGracePeriodSeconds === 0 ? undefined : 0, finalizers);
    }
    const pre: Preconditions = { resourceVersion: String(cur.resourceVersion) };
    try {
      if (next) {
        if (o.dryRun) return { object: next, json: JSON.stringify(next), deleted: false };
        const e = await ctx.store.update(r, next, pre);
        return { ...entryResult(e), deleted: false };
      }
      if (o.dryRun) return { object: obj, json: returnsDeletedObject(r) ? cur.json : deleteSuccessStatus(r, obj), deleted: true };
      const e = await ctx.store.delete(r, namespace, name, pre);
      ctx.admission.removed(r, e.object);
      return { object: e.object, json: returnsDeletedObject(r) ? e.json : deleteSuccessStatus(r, e.object), deleted: true };
    } catch (err) {
      // Our own read-modify-write raced another writer: the user's preconditions were already
      // checked against the object we read, so re-read and decide again.
      if (isConflict(err) && attempt < MAX_RETRIES) continue;
      throw err;
    }
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A copy marked for deletion; grace undefined keeps the current deletion timestamp and period. */
function marked(obj: KubeObject, grace: number | undefined, finalizers: string[]): KubeObject {
  const next = clone(obj);
  if (grace !== undefined) {
    next.metadata.deletionTimestamp = nowRFC3339(grace);
    next.metadata.deletionGracePeriodSeconds = grace;
  }
  if (finalizers.length) next.metadata.finalizers = finalizers;
  else delete next.metadata.finalizers;
  return next;
}
