// Unknown-field handling (fieldValidation=Ignore|Warn|Strict) and JSON type errors, as
// Kubernetes' strict decoder reports them.
import { badRequest, checkShape, fieldErrorMessage, type KubeObject, type ResourceInfo } from '@mk/api';
import type { WriteOptions } from './context.js';

/** Splits `spec.containers[0].foo` into ['spec', 'containers', 0, 'foo']. */
function pathTokens(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function removePath(obj: unknown, path: string): void {
  const toks = pathTokens(path);
  let cur: unknown = obj;
  for (let i = 0; i < toks.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[toks[i]];
  }
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) delete (cur as Record<string, unknown>)[toks[toks.length - 1] as string];
}

/**
 * Wrong JSON types are a 400 (`Pod in version "v1" cannot be handled as a Pod: ...`); unknown
 * fields are dropped with a warning, dropped silently, or rejected, per fieldValidation.
 */
export function checkDecodedFields(r: ResourceInfo, obj: KubeObject, opts: WriteOptions): void {
  // One walk over the object finds both kinds of problem.
  const { types, unknown } = checkShape(obj, r.kind);
  if (types.length) {
    // Go's decoder stops at the first mismatch and names the Go type it wanted.
    const e = types[0];
    const m = /must be of type (\S+), not (\S+)/.exec(e.detail ?? '');
    const why = m
      ? `json: cannot unmarshal ${m[2] === 'boolean' ? 'bool' : m[2]} into Go struct field ${r.kind}.${e.field} of type ${m[1]}`
      : fieldErrorMessage(e);
    throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${why}`);
  }
  if (unknown.length === 0) return;
  if (opts.fieldValidation === 'Strict') {
    // Kubernetes' wording, all unknown fields joined: `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "a", unknown field "b"`.
    throw badRequest(
      `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.map((p) => `unknown field "${p}"`).join(', ')}`,
    );
  }
  if (opts.fieldValidation === 'Warn') for (const p of unknown) opts.warnings.push(`unknown field "${p}"`);
  for (const p of unknown) removePath(obj, p);
}
