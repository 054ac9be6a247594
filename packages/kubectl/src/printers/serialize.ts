// -o yaml / -o json as kubectl prints them: keys sorted (kubectl prints unstructured maps),
// JSON indented by 4, YAML with sequences not indented under their key.
import { stringify } from 'yaml';

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function toJson(obj: unknown): string {
  return `${JSON.stringify(sortKeys(obj), null, 4)}\n`;
}

export function toYaml(obj: unknown): string {
  // YAML 1.1 quoting, as Go's yaml.v2 does: `"2026-01-01T00:00:00Z"`, `"yes"`, `"on"` stay strings.
  return stringify(sortKeys(obj), { version: '1.1', indentSeq: false, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** Several objects in one output: kubectl wraps them in a v1 List. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
