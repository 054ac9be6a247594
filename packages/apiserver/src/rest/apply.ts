// Server-side apply, a subset: the applied configuration creates the object when absent, and is
// otherwise merged as a strategic merge patch; managedFields records the manager's Apply entry.
// Unlike Kubernetes, fields a manager stops applying are not removed and there is no conflict
// detection between managers (docs/differences.md).
import type { KubeObject, ManagedFieldsEntry } from '@mk/api';
import { nowRFC3339 } from './strategy.js';

type Json = Record<string, unknown>;
const SKIP_META = new Set(['name', 'namespace', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields']);

function fieldSet(v: unknown, top = false, inMeta = false): Json {
  const out: Json = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item && typeof item === 'object' && !Array.isArray(item) && typeof (item as Json).name === 'string') {
        out[`k:${JSON.stringify({ name: (item as Json).name })}`] = { '.': {}, ...fieldSet(item) };
      } else if (typeof item !== 'object' || item === null) {
        out[`v:${JSON.stringify(item)}`] = {};
      }
    }
    return out;
  }
  if (!v || typeof v !== 'object') return out;
  for (const [k, child] of Object.entries(v as Json)) {
    if (top && (k === 'apiVersion' || k === 'kind')) continue;
    if (inMeta && SKIP_META.has(k)) continue;
    out[`f:${k}`] = child && typeof child === 'object' ? fieldSet(child, false, top && k === 'metadata') : {};
  }
  return out;
}

/** The FieldsV1 set of an applied configuration. */
export function appliedFields(obj: KubeObject): Json {
  return fieldSet(obj, true);
}

/** managedFields with manager's Apply entry replaced by one for this configuration. */
export function withApplyEntry(existing: ManagedFieldsEntry[] | undefined, manager: string, applied: KubeObject): ManagedFieldsEntry[] {
  const others = (existing ?? []).filter((e) => !(e.manager === manager && e.operation === 'Apply'));
  return [
    ...others,
    { manager, operation: 'Apply', apiVersion: applied.apiVersion, time: nowRFC3339(), fieldsType: 'FieldsV1', fieldsV1: appliedFields(applied) },
  ];
}
