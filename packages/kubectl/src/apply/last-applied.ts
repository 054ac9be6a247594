// The kubectl.kubernetes.io/last-applied-configuration annotation, serialised exactly as
// kubectl does (kubectl's GetModifiedConfiguration): the object without the annotation,
// map keys sorted, compact, newline-terminated, with `annotations: {}` kept when empty.
// Matching it byte for byte lets mk and kubectl apply the same file interchangeably.
import type { KubeObject } from '@mk/api';
import { sortKeys } from '../printers/serialize.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The object to apply, carrying its own last-applied annotation. */
export function modifiedConfiguration(obj: KubeObject, annotate = true): KubeObject {
  const copy = structuredClone(obj);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  copy.metadata.annotations = annotations;
  if (!annotate) return copy;
  const text = `${goJson(sortKeys(copy))}\n`;
  copy.metadata.annotations = { ...annotations, [LAST_APPLIED]: text };
  return copy;
}

export function lastApplied(obj: KubeObject): KubeObject | undefined {
  const text = obj.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as KubeObject;
  } catch {
    return undefined;
  }
}

/** JSON as Go's encoding/json writes it: HTML-significant characters escaped. */
export function goJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
