// Field selectors (k8s.io/apimachinery/pkg/fields): `a=b`, `a==b`, `a!=b`, comma means AND,
// plus the per-kind field sets Kubernetes' registries expose (GetAttrs / AddFieldLabelConversionFunc).
import type { KubeObject } from './meta.js';
import { badRequest } from './status.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export interface FieldSelectorMatcher {
  readonly requirements: readonly FieldRequirement[];
  readonly empty: boolean;
  matches(fields: Record<string, string>): boolean;
  /** The value a field must equal, when the selector pins it (used for indexed lookups such as spec.nodeName). */
  requiresExactMatch(field: string): string | undefined;
  toString(): string;
}

class FieldSelector implements FieldSelectorMatcher {
  constructor(readonly requirements: readonly FieldRequirement[]) {}
  get empty(): boolean {
    return this.requirements.length === 0;
  }
  matches(fields: Record<string, string>): boolean {
    for (const r of this.requirements) {
      const v = fields[r.field] ?? '';
      if ((r.operator === '!=') === (v === r.value)) return false;
    }
    return true;
  }
  requiresExactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator !== '!=') return r.value;
    return undefined;
  }
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${r.value}`).join(',');
  }
}

/** Split on unescaped `sep` (Kubernetes allows `\,` `\=` `\\` escapes in values). */
function splitTerms(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '\\') {
      const n = v[i + 1];
      if (n === '\\' || n === ',' || n === '=') {
        out += n;
        i++;
        continue;
      }
      throw badRequest(`invalid field selector: invalid escape sequence`);
    }
    out += v[i];
  }
  return out;
}

/** Parse `a=b,c!=d`; throws 400 `invalid selector: '...'; can't understand '...'` like Kubernetes. */
export function parseFieldSelector(s: string): FieldSelectorMatcher {
  const reqs: FieldRequirement[] = [];
  if (s.trim() === '') return new FieldSelector(reqs);
  for (const term of splitTerms(s, ',')) {
    if (term === '') continue;
    let m: RegExpExecArray | null = null;
    for (const op of ['!=', '==', '='] as const) {
      const i = indexOfUnescaped(term, op);
      if (i >= 0) {
        m = [term, term.slice(0, i), op, term.slice(i + op.length)] as unknown as RegExpExecArray;
        break;
      }
    }
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    reqs.push({ field: m[1].trim(), operator: m[2] as FieldRequirement['operator'], value: unescape(m[3]) });
  }
  return new FieldSelector(reqs.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)));
}

function indexOfUnescaped(s: string, op: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s.startsWith(op, i)) return i;
  }
  return -1;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
type Obj = Record<string, unknown>;
const sub = (o: unknown, k: string): Obj => ((o as Obj | undefined)?.[k] as Obj | undefined) ?? {};

/** The fields each kind can be selected on, in addition to metadata.name and metadata.namespace. */
const KIND_FIELDS: Record<string, (o: KubeObject) => Record<string, string>> = {
  Pod: podFields,
  Node: (o) => ({ 'spec.unschedulable': String(sub(o, 'spec').unschedulable === true) }),
  Event: (o) => {
    const io = sub(o, 'involvedObject');
    return {
      'involvedObject.kind': str(io.kind),
      'involvedObject.namespace': str(io.namespace),
      'involvedObject.name': str(io.name),
      'involvedObject.uid': str(io.uid),
      'involvedObject.apiVersion': str(io.apiVersion),
      'involvedObject.resourceVersion': str(io.resourceVersion),
      'involvedObject.fieldPath': str(io.fieldPath),
      reason: str(o.reason),
      reportingComponent: str(o.reportingComponent),
      source: str(sub(o, 'source').component),
      type: str(o.type),
    };
  },
  Secret: (o) => ({ type: str(o.type) }),
  Namespace: (o) => ({ 'status.phase': str(sub(o, 'status').phase) }),
  ReplicaSet: (o) => ({ 'status.replicas': String(sub(o, 'status').replicas ?? 0) }),
  Job: (o) => ({ 'status.successful': String(sub(o, 'status').succeeded ?? 0) }),
};

const FIELD_NAMES: Record<string, ReadonlySet<string>> = {};
const sample = { metadata: {} } as KubeObject;
// metadata.name and metadata.namespace are every kind's; only Pod's literal repeats them.
for (const [kind, f] of Object.entries(KIND_FIELDS)) FIELD_NAMES[kind] = new Set(Object.keys(f(sample)).filter((k) => !k.startsWith('metadata.')));

/** A Pod's selectable fields with its name and namespace, as one literal: every pod write derives them, and merging two objects cost more. */
function podFields(o: KubeObject): Record<string, string> {
  const spec = sub(o, 'spec');
  const status = sub(o, 'status');
  return {
    'metadata.name': str(o.metadata?.name),
    'metadata.namespace': str(o.metadata?.namespace),
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': String(spec.hostNetwork === true),
    'status.phase': str(status.phase),
    'status.podIP': str(status.podIP),
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
}

/** metadata.name, metadata.namespace and the kind's selectable fields, as strings. */
export function objectFields(kind: string, obj: KubeObject): Record<string, string> {
  if (kind === 'Pod') return podFields(obj);
  const base: Record<string, string> = { 'metadata.name': str(obj.metadata?.name), 'metadata.namespace': str(obj.metadata?.namespace) };
  const f = KIND_FIELDS[kind];
  return f ? Object.assign(base, f(obj)) : base;
}

export function supportedFieldLabels(kind: string): string[] {
  return ['metadata.name', 'metadata.namespace', ...(FIELD_NAMES[kind] ?? [])];
}

/** Throws 400 `field label not supported: foo` for a field this kind cannot be selected on. */
export function validateFieldSelector(kind: string, matcher: FieldSelectorMatcher): void {
  const extra = FIELD_NAMES[kind];
  for (const r of matcher.requirements) {
    if (r.field === 'metadata.name' || r.field === 'metadata.namespace' || extra?.has(r.field)) continue;
    throw badRequest(`field label not supported: ${r.field}`);
  }
}
