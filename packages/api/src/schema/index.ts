// Per-kind schemas: unknown-field detection and JSON type checks for decoded objects.
import type { z } from 'zod';
import type { KubeObject } from '../meta.js';
import type { FieldError } from '../validation/errors.js';
import { CORE_KINDS, objectMeta } from './core.js';
import { obj, shapeToZod, str, walkShape, type Shape, type ShapeIssues } from './shape.js';
import { WORKLOAD_KINDS } from './workloads.js';

export * from './shape.js';
export { objectMeta, labelSelector, podSpec, podTemplateSpec, container } from './core.js';

const KIND_SHAPES = new Map<string, Shape>();
for (const [kind, fields] of Object.entries({ ...CORE_KINDS, ...WORKLOAD_KINDS })) {
  KIND_SHAPES.set(kind, obj({ apiVersion: str, kind: str, metadata: objectMeta, ...fields }));
}

/** The shape of a kind's object, or undefined for kinds mk does not know. */
export function shapeFor(kind: string): Shape | undefined {
  return KIND_SHAPES.get(kind);
}

const zodCache = new Map<string, z.ZodType>();
/** A strict zod schema for a kind (unknown fields and wrong types fail), or undefined. */
export function schemaFor(kind: string): z.ZodType | undefined {
  let s = zodCache.get(kind);
  if (!s) {
    const shape = KIND_SHAPES.get(kind);
    if (!shape) return undefined;
    s = shapeToZod(shape);
    zodCache.set(kind, s);
  }
  return s;
}

/** Unknown fields and wrong JSON types in one pass (what the apiserver's decode step uses). */
export function checkShape(o: KubeObject, kind = o.kind ?? ''): ShapeIssues {
  const issues: ShapeIssues = { unknown: [], types: [] };
  const shape = KIND_SHAPES.get(kind);
  if (shape) walkShape(shape, o, issues);
  return issues;
}

/** Paths of fields the kind does not have, e.g. `spec.containers[0].imagePullPolice`. */
export function findUnknownFields(o: KubeObject): string[] {
  return checkShape(o).unknown;
}

/** Values of the wrong JSON type (e.g. `replicas: "three"`), as FieldValueTypeInvalid errors. */
export function typeErrors(o: KubeObject): FieldError[] {
  return checkShape(o).types;
}

/** Kubernetes' warning text for an unknown field. */
export function unknownFieldWarning(path: string): string {
  return `unknown field "${path}"`;
}
