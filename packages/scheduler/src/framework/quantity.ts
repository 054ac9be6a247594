// Resource quantities as the scheduler counts them: cpu in millicores, everything else
// in whole units (MilliValue()/Value(), rounded up). Parsed once per distinct string.
import { parseQuantity } from '@mk/api';

const milliCache = new Map<string, number>();
const valueCache = new Map<string, number>();

function cached(cache: Map<string, number>, q: string | number, f: (s: string | number) => number): number {
  const k = String(q);
  let v = cache.get(k);
  if (v === undefined) {
    v = f(q);
    if (cache.size > 10_000) cache.clear();
    cache.set(k, v);
  }
  return v;
}

/** MilliValue(), rounded up; throws Kubernetes' message on a malformed quantity. */
export function milliValue(q: string | number): number {
  return cached(milliCache, q, (s) => parseQuantity(s).milliValue());
}

/** Value(), rounded up. */
export function value(q: string | number): number {
  return cached(valueCache, q, (s) => parseQuantity(s).value());
}
