// -o yaml / -o json as kubectl prints them: keys sorted (kubectl prints unstructured maps),
// JSON indented by 4, YAML with sequences not indented under their key.
import { Document, Scalar, visit } from 'yaml';
import { sortKeys } from './sort-keys.js';

export { sortKeys };

/** The options that make the yaml package print as Go's yaml.v2 does. */
export const GO_YAML_OPTIONS = { version: '1.1', indentSeq: false, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

export function toJson(obj: unknown): string {
  return `${JSON.stringify(sortKeys(obj), null, 4)}\n`;
}

// A plain scalar YAML 1.1 would read as something other than a string (a number, a bool,
// null, a timestamp, `<<`): yaml.v2 writes those strings double-quoted.
let typedTests: RegExp[] | undefined;
function readsAsNonString(v: string): boolean {
  typedTests ??= new Document(null, { version: '1.1' }).schema.tags.flatMap((t) => (t.test && t.tag !== 'tag:yaml.org,2002:str' ? [t.test] : []));
  return typedTests.some((re) => re.test(v));
}
// Characters yaml.v2 cannot write plain or single-quoted (tabs, controls): double quotes.
// eslint-disable-next-line no-control-regex
const NOT_PRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/;

export function toYaml(obj: unknown): string {
  // Go's yaml.v2 quoting: strings that YAML 1.1 would type (`"2026-01-01T00:00:00Z"`,
  // `"yes"`, `"123"`) and unprintable ones in double quotes; other strings that cannot be
  // plain (`'*x'`, `'x: y'`, `' lead'`) in single quotes.
  const doc = new Document(sortKeys(obj), GO_YAML_OPTIONS);
  visit(doc, {
    Scalar(_key, node: Scalar) {
      const v = node.value;
      if (typeof v === 'string' && !v.includes('\n') && (v === '' || NOT_PRINTABLE.test(v) || readsAsNonString(v))) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ ...GO_YAML_OPTIONS, singleQuote: true });
}

/** Several objects in one output: kubectl wraps them in a v1 List. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
