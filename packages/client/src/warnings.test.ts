import { describe, it, expect } from 'vitest';
import { parseWarningHeader } from './warnings.js';

describe('parseWarningHeader', () => {
  it('unescapes the text of a 299 warning, as kubectl prints it', () => {
    expect(parseWarningHeader('299 - "unknown field \\"spec.foo\\""')).toEqual(['unknown field "spec.foo"']);
  });

  it('reads several warnings in one header and across repeated headers', () => {
    const h = ['299 - "first, with a comma", 299 - "second"', '299 kube-apiserver "third" "Mon, 01 Jan 2024 00:00:00 GMT"'];
    expect(parseWarningHeader(h)).toEqual(['first, with a comma', 'second', 'third']);
  });

  it('ignores missing headers and other warn-codes', () => {
    expect(parseWarningHeader(undefined)).toEqual([]);
    expect(parseWarningHeader('199 - "stale"')).toEqual([]);
  });
});
