// Node selector matching (component-helpers/scheduling/corev1/nodeaffinity).
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../framework/types.js';
import type { NodeInfo } from '../framework/nodeinfo.js';

type Matcher = (labels: Record<string, string>, name: string) => boolean;

const NEVER: Matcher = () => false;

function parseInt64(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function requirement(r: NodeSelectorRequirement, field: boolean): Matcher {
  const values = r.values ?? [];
  if (field) {
    // Only metadata.name, with In/NotIn and exactly one value, is a valid field selector.
    if (r.key !== 'metadata.name' || values.length !== 1) return NEVER;
    const v = values[0];
    if (r.operator === 'In') return (_l, name) => name === v;
    if (r.operator === 'NotIn') return (_l, name) => name !== v;
    return NEVER;
  }
  const k = r.key;
  switch (r.operator) {
    case 'In': {
      if (values.length === 0) return NEVER;
      const set = new Set(values);
      return (l) => l[k] !== undefined && set.has(l[k]);
    }
    case 'NotIn': {
      const set = new Set(values);
      return (l) => l[k] === undefined || !set.has(l[k]);
    }
    case 'Exists':
      return values.length ? NEVER : (l) => l[k] !== undefined;
    case 'DoesNotExist':
      return values.length ? NEVER : (l) => l[k] === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return NEVER;
      const want = parseInt64(values[0]);
      if (want === undefined) return NEVER;
      const gt = r.operator === 'Gt';
      return (l) => {
        const v = l[k];
        if (v === undefined) return false;
        const have = parseInt64(v);
        if (have === undefined) return false;
        return gt ? have > want : have < want;
      };
    }
    default:
      return NEVER;
  }
}

/** A term with no requirements matches nothing; its requirements are ANDed. */
export function compileTerm(t: NodeSelectorTerm): Matcher {
  const ms: Matcher[] = [];
  for (const r of t.matchExpressions ?? []) ms.push(requirement(r, false));
  for (const r of t.matchFields ?? []) ms.push(requirement(r, true));
  if (ms.length === 0) return NEVER;
  if (ms.length === 1) return ms[0];
  return (l, n) => {
    for (let i = 0; i < ms.length; i++) if (!ms[i](l, n)) return false;
    return true;
  };
}

/** Terms are ORed. */
export function compileTerms(terms: readonly NodeSelectorTerm[]): Matcher {
  const ms = terms.map(compileTerm);
  return (l, n) => {
    for (let i = 0; i < ms.length; i++) if (ms[i](l, n)) return true;
    return false;
  };
}

/** The pod's nodeSelector AND its required node affinity (nodeaffinity.GetRequiredNodeAffinity). */
export class RequiredNodeAffinity {
  private selector: Array<[string, string]> | null;
  private terms: Matcher | null;
  constructor(pod: Pod) {
    const ns = pod.spec?.nodeSelector;
    this.selector = ns && Object.keys(ns).length ? Object.entries(ns) : null;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = req ? compileTerms(req.nodeSelectorTerms ?? []) : null;
  }
  get empty(): boolean {
    return !this.selector && !this.terms;
  }
  match(node: NodeInfo): boolean {
    const labels = node.labels;
    if (this.selector) {
      for (const [k, v] of this.selector) if (labels[k] !== v) return false;
    }
    if (this.terms && !this.terms(labels, node.name)) return false;
    return true;
  }
}
