// field.Error (k8s.io/apimachinery/pkg/util/validation/field): typed errors with a path,
// printed exactly as Kubernetes prints them.
import type { StatusCause } from '../meta.js';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotFound';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueForbidden: 'Forbidden',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotFound: 'Not found',
};

/** A bad value that prints as given Go syntax (for structs Kubernetes prints with %#v). */
export class GoRepr {
  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}
  toJSON(): unknown {
    return this.value;
  }
}

const goMap = (m: Record<string, string> | undefined | null): string =>
  m ? `map[string]string{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}` : 'map[string]string(nil)';
const goStrings = (a: string[] | undefined | null): string => (a ? `[]string{${a.map((x) => JSON.stringify(x)).join(', ')}}` : '[]string(nil)');

/** A label map as Go prints it (`map[string]string{"app":"web"}`, or `map[string]string(nil)`). */
export function goStringMap(m: Record<string, string> | undefined | null): GoRepr {
  return new GoRepr(goMap(m), m ?? null);
}

/** A metav1.LabelSelector as Go's %#v prints it in field errors. */
export function goLabelSelector(ls: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }): GoRepr {
  const exprs = ls.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${ls.matchExpressions
        .map((r) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(r.key ?? '')}, Operator:${JSON.stringify(r.operator ?? '')}, Values:${goStrings(r.values)}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoRepr(`v1.LabelSelector{MatchLabels:${goMap(ls.matchLabels)}, MatchExpressions:${exprs}}`, ls);
}

/** A value as Go's %v / %q / %#v would print it in a field error. */
export function goValue(v: unknown): string {
  if (v instanceof GoRepr) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
    return JSON.stringify(v);
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    if (keys.every((k) => typeof o[k] === 'string')) {
      return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`).join(', ')}}`;
    }
    return JSON.stringify(v);
  }
  return String(v);
}

/** The text after `field: `, e.g. `Invalid value: 70000: must be between 1 and 65535, inclusive`. */
export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  const omitValue =
    e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden' || e.type === 'FieldValueTooLong' || !('badValue' in e);
  if (!omitValue) s += `: ${goValue(e.badValue)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `spec.containers[0].image: Required value`. */
export function fieldErrorMessage(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}

/** Causes for a 422 Status, as Kubernetes' NewInvalid builds them. */
export function fieldErrorsToCauses(errs: FieldError[]): StatusCause[] {
  return errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
}

// Constructors named after Kubernetes' field.Required, field.Invalid, ...
export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const invalid = (field: string, badValue: unknown, detail = ''): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const duplicate = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue });
export const tooLong = (field: string, badValue: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  badValue,
  detail: `may not be more than ${max} bytes`,
});
export const typeInvalid = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field, badValue, detail });
export function notSupported(field: string, badValue: unknown, supported: readonly string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, badValue, detail: `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` };
}
