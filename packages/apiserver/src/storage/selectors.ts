// Selector matching for lists and watches. Each entry carries its labels and selectable field
// values, derived once per write, so filtering 10,000 objects never re-reads their JSON.
import { objectFields, parseFieldSelector, parseLabelSelector, validateFieldSelector, type KubeObject } from '@mk/api';

export interface Derived {
  readonly labels: Record<string, string> | undefined;
  readonly fields: Record<string, string>;
}

export interface EntryFilter {
  /** True when the filter lets everything through (no selectors). */
  readonly everything: boolean;
  /** Selectors given (Kubernetes omits remainingItemCount then). */
  readonly selective: boolean;
  matches(d: Derived): boolean;
}

/** Labels and field values of an object, computed once when it is written. */
export function derive(kind: string, obj: KubeObject): Derived {
  return { labels: obj.metadata.labels, fields: objectFields(kind, obj) };
}

const EVERYTHING: EntryFilter = { everything: true, selective: false, matches: () => true };

/** Throws StatusError BadRequest for a malformed selector or a field the kind cannot be selected on. */
export function compileFilter(kind: string, labelSelector: string | undefined, fieldSelector: string | undefined): EntryFilter {
  const ls = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fs = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
  if (fs) validateFieldSelector(kind, fs);
  const l = ls && !ls.empty ? ls : undefined;
  const f = fs && !fs.empty ? fs : undefined;
  if (!l && !f) return EVERYTHING;
  if (!f) return { everything: false, selective: true, matches: (d) => (l as NonNullable<typeof l>).matches(d.labels) };
  if (!l) return { everything: false, selective: true, matches: (d) => f.matches(d.fields) };
  return { everything: false, selective: true, matches: (d) => l.matches(d.labels) && f.matches(d.fields) };
}
