// ObjectMeta, labels, annotations and shared numeric checks (apimachinery's
// ValidateObjectMeta, ValidateLabels, ValidateAnnotations, ValidateNonnegativeField ...).
import type { ObjectMeta } from '../meta.js';
import { forbidden, invalid, required, tooLong, type FieldError } from './errors.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from './names.js';

export type NameValidator = (name: string, prefix: boolean) => string[];

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** A name function that, for generateName prefixes, ignores a trailing '-' as Kubernetes does. */
export function nameFn(check: (v: string) => string[]): NameValidator {
  return (name, prefix) => check(prefix && name.endsWith('-') ? name.slice(0, -1) : name);
}

export function validateLabels(labels: unknown, path: string, errs: FieldError[]): void {
  if (labels === undefined || labels === null) return;
  if (typeof labels !== 'object') return;
  for (const k in labels as Record<string, unknown>) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    const v = (labels as Record<string, unknown>)[k];
    if (typeof v !== 'string') continue;
    for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  }
}

export function validateAnnotations(annotations: unknown, path: string, errs: FieldError[]): void {
  if (!annotations || typeof annotations !== 'object') return;
  let size = 0;
  for (const k in annotations as Record<string, unknown>) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    const v = (annotations as Record<string, unknown>)[k];
    size += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
}

/** ValidateObjectMeta: name (or generateName), namespace scope, labels, annotations, owners. */
export function validateObjectMeta(meta: ObjectMeta | undefined, namespaced: boolean, nameCheck: NameValidator, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (!meta || typeof meta !== 'object') {
    errs.push(required(`${path}.name`, 'name or generateName is required'));
    return errs;
  }
  if (meta.generateName) for (const msg of nameCheck(meta.generateName, true)) errs.push(invalid(`${path}.generateName`, meta.generateName, msg));
  if (!meta.name) {
    if (!meta.generateName) errs.push(required(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const msg of nameCheck(meta.name, false)) errs.push(invalid(`${path}.name`, meta.name, msg));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(required(`${path}.namespace`));
    else for (const msg of isDNS1123Label(meta.namespace)) errs.push(invalid(`${path}.namespace`, meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0) errs.push(invalid(`${path}.generation`, meta.generation, 'must be greater than or equal to 0'));
  validateLabels(meta.labels, `${path}.labels`, errs);
  validateAnnotations(meta.annotations, `${path}.annotations`, errs);
  (meta.ownerReferences ?? []).forEach((r, i) => {
    const p = `${path}.ownerReferences[${i}]`;
    if (!r || typeof r !== 'object') return;
    if (!r.apiVersion) errs.push(invalid(`${p}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(invalid(`${p}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(invalid(`${p}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(invalid(`${p}.uid`, r.uid ?? '', 'uid must not be empty'));
  });
  if ((meta.ownerReferences ?? []).filter((r) => r?.controller === true).length > 1) {
    errs.push(invalid(`${path}.ownerReferences`, meta.ownerReferences, 'Only one reference can have Controller set to true'));
  }
  return errs;
}

/** ValidateObjectMetaUpdate: name, namespace and uid may not change. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const immutable = (f: 'name' | 'namespace' | 'uid' | 'creationTimestamp') => {
    if (old[f] !== undefined && (meta[f] ?? '') !== (old[f] ?? '')) errs.push(invalid(`${path}.${f}`, meta[f] ?? '', 'field is immutable'));
  };
  immutable('name');
  immutable('namespace');
  immutable('uid');
  return errs;
}

// ---- numeric helpers, Kubernetes' texts
export function nonNegative(v: unknown, path: string, errs: FieldError[]): void {
  if (typeof v === 'number' && v < 0) errs.push(invalid(path, v, 'must be greater than or equal to 0'));
}
export function positive(v: unknown, path: string, errs: FieldError[]): void {
  if (typeof v === 'number' && v <= 0) errs.push(invalid(path, v, 'must be greater than 0'));
}

/** ValidatePositiveIntOrPercent + IsNotMoreThan100Percent. */
export function intOrPercent(v: unknown, path: string, errs: FieldError[], max100 = true): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    if (!m) errs.push(invalid(path, v, "must be an integer or percentage (e.g '5%')"));
    else if (max100 && Number(m[1]) > 100) errs.push(invalid(path, v, 'must not be greater than 100%'));
  } else if (typeof v === 'number' && v < 0) errs.push(invalid(path, v, 'must be greater than or equal to 0'));
}

/** The integer an int-or-percent stands for when it is absolute, or its percentage number. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^(-?[0-9]+)%?$/.exec(v);
    return m ? Number(m[1]) : NaN;
  }
  return 0;
}

/** Deep equality for JSON values (objects compared by key sets, arrays by order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}
