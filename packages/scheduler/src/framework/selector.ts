// Label selectors for the hot paths of filtering, built on @mk/api's: compiled once per pod
// per cycle, with flags for the two special selectors (everything, nothing).
import { labelSelectorFromObject, selectorFromSet as apiSelectorFromSet, type LabelSelector } from '@mk/api';

export type Labels = Record<string, string> | undefined;

export interface Selector {
  matches(labels: Labels): boolean;
  readonly empty: boolean;
  readonly nothing: boolean;
}

export const Everything: Selector = { matches: () => true, empty: true, nothing: false };
export const Nothing: Selector = { matches: () => false, empty: false, nothing: true };

/** metav1.LabelSelectorAsSelector: nil matches nothing, {} matches everything; invalid selectors throw. */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls == null) return Nothing;
  // @mk/api validates (and throws Kubernetes' errors); matching is compiled here for the hot loops.
  const m = labelSelectorFromObject(ls);
  if (m.empty) return Everything;
  return compile(m.requirements ?? []);
}

type Req = { readonly key: string; readonly operator: string; readonly values: readonly string[] };

function compile(reqs: readonly Req[]): Selector {
  const keys = reqs.map((r) => r.key);
  const ops = reqs.map((r) => r.operator);
  const vals = reqs.map((r) => r.values);
  const single = reqs.map((r) => (r.values.length === 1 ? r.values[0] : undefined));
  const n = reqs.length;
  return {
    empty: false,
    nothing: false,
    matches(labels: Labels): boolean {
      for (let i = 0; i < n; i++) {
        const v = labels === undefined ? undefined : labels[keys[i]];
        switch (ops[i]) {
          case 'in':
          case '=':
          case '==':
            if (v === undefined || (single[i] !== undefined ? v !== single[i] : !vals[i].includes(v))) return false;
            break;
          case 'notin':
          case '!=':
            if (v !== undefined && vals[i].includes(v)) return false;
            break;
          case 'exists':
            if (v === undefined) return false;
            break;
          case '!':
            if (v !== undefined) return false;
            break;
          default:
            return false;
        }
      }
      return true;
    },
  };
}

/** A selector that matches labels equal to every given pair (labels.SelectorFromSet). */
export function selectorFromSet(set: Record<string, string>): Selector {
  const m = apiSelectorFromSet(set);
  if (m.empty) return Everything;
  return compile(m.requirements ?? []);
}

/** Both selectors must match (matchLabelKeys, several default selectors). */
export function andSelectors(a: Selector, b: Selector): Selector {
  if (a.nothing || b.nothing) return Nothing;
  if (a.empty) return b;
  if (b.empty) return a;
  return { empty: false, nothing: false, matches: (l) => a.matches(l) && b.matches(l) };
}
