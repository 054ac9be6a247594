// The `Warning` response header (RFC 7234 §5.5), as the apiserver sends it:
// `299 - "unknown field \"spec.foo\""`. Several warnings may share one header, comma-separated.

const WARNING = /(\d{3}) (\S+) "((?:[^"\\]|\\.)*)"(?: "[^"]*")?/g;

/** The texts of every warning in the header value(s), unescaped. */
export function parseWarningHeader(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  for (const v of Array.isArray(value) ? value : [value]) {
    for (const m of v.matchAll(WARNING)) {
      if (m[1] !== '299') continue; // 299: miscellaneous persistent warning, the only code apiservers send
      out.push(m[3].replace(/\\(.)/g, '$1'));
    }
  }
  return out;
}
