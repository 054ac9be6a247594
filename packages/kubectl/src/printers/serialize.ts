// -o yaml / -o json as kubectl prints them: keys sorted (kubectl prints unstructured maps),
// JSON indented by 4, YAML with sequences not indented under their key.
import { stringify } from 'yaml';
import { sortKeys } from './sort-keys.js';

export { sortKeys };

/** The options that make the yaml package print as Go's yaml.v2 does. */
export const GO_YAML_OPTIONS = { version: '1.1', indentSeq: false, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

export function toJson(obj: unknown): string {
  return `${JSON.stringify(sortKeys(obj), null, 4)}\n`;
}

export function toYaml(obj: unknown): string {
  // YAML 1.1 quoting, as Go's yaml.v2 does: `"2026-01-01T00:00:00Z"`, `"yes"`, `"on"` stay strings.
  return stringify(sortKeys(obj), GO_YAML_OPTIONS);
}

/** Several objects in one output: kubectl wraps them in a v1 List. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
