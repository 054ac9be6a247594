// Per-kind rules Kubernetes keeps in each registry's strategy (pkg/registry/*/strategy.go):
// what create resets, which kinds track generation, which have a status subresource, how
// deletion is answered. The REST handlers stay generic; the differences live here.
import { randomBytes, randomUUID } from 'node:crypto';
import { podQOSClass, type KubeObject, type PodSpec, type ResourceInfo } from '@mk/api';

const GENERATION_KINDS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'PodDisruptionBudget']);
/** Kinds whose PUT may create a missing object (AllowCreateOnUpdate). */
const CREATE_ON_UPDATE = new Set(['Endpoints', 'Lease', 'Event']);
/** Kinds whose immediate DELETE answers with the object rather than a Status (ReturnDeletedObject). */
const RETURN_DELETED_OBJECT = new Set(['Pod', 'Service', 'ServiceAccount', 'Namespace']);
/** Kinds whose create starts from an empty status (PrepareForCreate resets it). */
const RESET_STATUS_ON_CREATE = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'PodDisruptionBudget']);

// utilrand.String: Kubernetes' alphabet without vowels and confusable characters.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[bytes[i] % ALPHABET.length];
  return s;
}

let cachedSecond = -1;
let cachedText = '';
/** RFC 3339 with second precision, as metav1.Time marshals (cached per second: it is on every write). */
export function nowRFC3339(offsetSeconds = 0): string {
  const sec = Math.floor(Date.now() / 1000) + offsetSeconds;
  if (offsetSeconds === 0 && sec === cachedSecond) return cachedText;
  const text = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  if (offsetSeconds === 0) {
    cachedSecond = sec;
    cachedText = text;
  }
  return text;
}

export function hasStatusSubresource(r: ResourceInfo): boolean {
  return !!r.subresources?.includes('status');
}
export function tracksGeneration(r: ResourceInfo): boolean {
  return GENERATION_KINDS.has(r.kind);
}
export function allowCreateOnUpdate(r: ResourceInfo): boolean {
  return CREATE_ON_UPDATE.has(r.kind);
}
export function returnsDeletedObject(r: ResourceInfo): boolean {
  return RETURN_DELETED_OBJECT.has(r.kind);
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** BeforeCreate + PrepareForCreate: system fields the server owns. True when it generated the name. */
export function prepareForCreate(r: ResourceInfo, obj: KubeObject): boolean {
  const m = obj.metadata;
  const generate = !m.name && !!m.generateName;
  if (generate) m.name = m.generateName + randomSuffix();
  m.uid = randomUUID();
  m.creationTimestamp = nowRFC3339();
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.resourceVersion;
  if (tracksGeneration(r)) m.generation = 1;
  else delete m.generation;
  if (!r.namespaced) delete m.namespace;
  if (RESET_STATUS_ON_CREATE.has(r.kind)) obj.status = r.kind === 'Service' ? { loadBalancer: {} } : {};
  switch (r.kind) {
    case 'Pod':
      obj.status = { phase: 'Pending', qosClass: podQOSClass((obj.spec ?? {}) as PodSpec) };
      break;
    case 'Namespace': {
      const spec = asObj(obj.spec);
      const fin = (spec.finalizers as string[] | undefined) ?? [];
      if (!fin.includes('kubernetes')) fin.push('kubernetes');
      obj.spec = { ...spec, finalizers: fin };
      obj.status = { phase: 'Active' };
      break;
    }
  }
  return generate;
}

/**
 * PrepareForUpdate for the main resource: system metadata comes from the stored object, status
 * is kept for kinds with a status subresource, and generation bumps when spec changes.
 */
export function prepareForUpdate(r: ResourceInfo, obj: KubeObject, old: KubeObject): void {
  const m = obj.metadata;
  const om = old.metadata;
  m.uid = om.uid;
  m.creationTimestamp = om.creationTimestamp;
  if (om.deletionTimestamp !== undefined) m.deletionTimestamp = om.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (om.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (r.namespaced) m.namespace = om.namespace;
  else delete m.namespace;
  // An update that leaves managedFields out keeps them (an empty list resets them).
  if (m.managedFields === undefined && om.managedFields !== undefined) m.managedFields = om.managedFields;
  if (hasStatusSubresource(r)) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  if (r.kind === 'Namespace') obj.spec = old.spec; // spec.finalizers changes only through /finalize
  if (tracksGeneration(r)) {
    const g = om.generation ?? 1;
    m.generation = deepEqual(obj.spec, old.spec) ? g : g + 1;
  } else delete m.generation;
}

/**
 * PrepareForUpdate of a /status update: everything but status comes from the stored object.
 * base is a private copy of the stored object (stored objects are shared, and frozen under
 * test); it becomes the result.
 */
export function prepareForStatusUpdate(obj: KubeObject, base: KubeObject): KubeObject {
  if (obj.status === undefined) delete base.status;
  else base.status = obj.status;
  return base;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Obj;
  const bo = b as Obj;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/**
 * Structural copy of a JSON value (stored objects are shared and must not be mutated). A plain
 * walk: structuredClone's serialise-and-read costs several times more for these small trees.
 * Properties whose value is undefined are kept, as structuredClone keeps them.
 */
export function clone<T>(v: T): T {
  return copyValue(v) as T;
}

function copyValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyValue(v[i]);
    return out;
  }
  const out: Obj = {};
  for (const k of Object.keys(v)) out[k] = copyValue((v as Obj)[k]);
  return out;
}
