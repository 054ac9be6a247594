// A small shape language for Kubernetes' wire types. One description drives two things:
// a hand-rolled walker (fast enough for the apiserver's create path: unknown fields and
// wrong JSON types in one pass), and zod schemas for callers that want zod.
import { z } from 'zod';
import type { FieldError } from '../validation/errors.js';

export type Shape =
  | { readonly k: 'string' | 'int32' | 'int64' | 'number' | 'boolean' | 'intOrString' | 'quantity' | 'any' }
  | { readonly k: 'object'; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly k: 'array'; readonly of: Shape }
  | { readonly k: 'map'; readonly of: Shape };

export const str: Shape = { k: 'string' };
export const int: Shape = { k: 'int32' };
export const int64: Shape = { k: 'int64' };
export const num: Shape = { k: 'number' };
export const bool: Shape = { k: 'boolean' };
export const intOrStr: Shape = { k: 'intOrString' };
export const quantity: Shape = { k: 'quantity' };
export const anyValue: Shape = { k: 'any' };
// Null-prototype field tables: a lookup miss means an unknown field, with no prototype surprises.
export const obj = (fields: Record<string, Shape>): Shape => ({ k: 'object', fields: Object.assign(Object.create(null) as Record<string, Shape>, fields) });
export const arr = (of: Shape): Shape => ({ k: 'array', of });
export const map = (of: Shape): Shape => ({ k: 'map', of });
export const strs = arr(str);
export const strMap = map(str);

/** Adds fields to an object shape (for types that embed another, like EphemeralContainer). */
export function extend(base: Shape, fields: Record<string, Shape>): Shape {
  if (base.k !== 'object') throw new Error('extend: not an object shape');
  return obj({ ...base.fields, ...fields });
}

const TYPE_NAME: Record<string, string> = {
  string: 'string',
  int32: 'int32',
  int64: 'int64',
  number: 'number',
  boolean: 'boolean',
  intOrString: 'integer or string',
  quantity: 'quantity (string or number)',
  object: 'object',
  array: 'array',
  map: 'object',
};

export interface ShapeIssues {
  unknown: string[];
  types: FieldError[];
}


/** A map key in the path stack (printed `[key]`), as opposed to a field name. */
interface MapKey {
  key: string;
}
type Seg = string | number | MapKey;

/** Path segments are kept in a stack and joined only when something is wrong. */
function pathString(segs: Seg[]): string {
  let s = '';
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (typeof seg === 'object') s += `[${seg.key}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s;
}

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function walkShape(shape: Shape, value: unknown, issues: ShapeIssues, segs: Seg[] = []): void {
  if (value === null || value === undefined) return; // JSON null decodes to the zero value
  switch (shape.k) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') typeErr();
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeErr();
      return;
    case 'number':
      if (typeof value !== 'number') typeErr();
      return;
    case 'int32':
      if (typeof value !== 'number' || !Number.isInteger(value) || value > 2147483647 || value < -2147483648) typeErr();
      return;
    case 'int64':
      if (typeof value !== 'number' || !Number.isInteger(value)) typeErr();
      return;
    case 'intOrString':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) typeErr();
      return;
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number') typeErr();
      return;
    case 'array': {
      if (!Array.isArray(value)) return typeErr();
      const of = shape.of;
      if (of.k === 'string') {
        for (let i = 0; i < value.length; i++) {
          const v = value[i];
          if (typeof v !== 'string' && v !== null) {
            segs.push(i);
            walkShape(of, v, issues, segs);
            segs.pop();
          }
        }
        return;
      }
      for (let i = 0; i < value.length; i++) {
        segs.push(i);
        walkShape(of, value[i], issues, segs);
        segs.pop();
      }
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return typeErr();
      const of = shape.of;
      for (const key in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[key];
        if (of.k === 'string' && typeof v === 'string') continue;
        segs.push({ key });
        walkShape(of, v, issues, segs);
        segs.pop();
      }
      return;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return typeErr();
      const fields = shape.fields;
      for (const key in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[key];
        const f = fields[key];
        if (f === undefined) {
          segs.push(key);
          issues.unknown.push(pathString(segs));
          segs.pop();
        } else if (v !== null && v !== undefined && !(f.k === 'string' && typeof v === 'string')) {
          segs.push(key);
          walkShape(f, v, issues, segs);
          segs.pop();
        }
      }
      return;
    }
  }
  function typeErr(): void {
    issues.types.push({
      type: 'FieldValueTypeInvalid',
      field: pathString(segs),
      badValue: value,
      detail: `must be of type ${TYPE_NAME[shape.k]}, not ${jsonType(value)}`,
    });
  }
}

/** The zod schema for a shape: strict objects, nullable fields, as the wire allows. */
export function shapeToZod(shape: Shape): z.ZodType {
  switch (shape.k) {
    case 'string':
      return z.string();
    case 'boolean':
      return z.boolean();
    case 'number':
      return z.number();
    case 'int32':
      return z.number().int().min(-2147483648).max(2147483647);
    case 'int64':
      return z.number().int();
    case 'intOrString':
      return z.union([z.number().int(), z.string()]);
    case 'quantity':
      return z.union([z.string(), z.number()]);
    case 'any':
      return z.unknown();
    case 'array':
      return z.array(nullable(shapeToZod(shape.of)));
    case 'map':
      return z.record(z.string(), nullable(shapeToZod(shape.of)));
    case 'object': {
      const fields: Record<string, z.ZodType> = {};
      for (const [k, v] of Object.entries(shape.fields)) fields[k] = nullable(shapeToZod(v)).optional();
      return z.strictObject(fields);
    }
  }
}

function nullable(t: z.ZodType): z.ZodType {
  return t.nullable();
}
