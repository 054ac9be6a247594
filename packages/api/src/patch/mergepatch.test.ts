import { describe, it, expect } from 'vitest';
import { StatusError } from '../status.js';
import { applyMergePatch, createMergePatch, createThreeWayJsonMergePatch } from './mergepatch.js';

describe('applyMergePatch (RFC 7386)', () => {
  // The examples of RFC 7386 appendix A.
  const rfc: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [doc, patch, want] of rfc) {
    it(`${JSON.stringify(doc)} + ${JSON.stringify(patch)}`, () => {
      const before = JSON.stringify(doc);
      expect(applyMergePatch(doc, patch)).toEqual(want);
      expect(JSON.stringify(doc)).toBe(before);
    });
  }

  it('null deletes a label and lists are replaced, not merged', () => {
    const dep = { metadata: { labels: { app: 'web', old: 'x' } }, spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } };
    const out = applyMergePatch(dep, { metadata: { labels: { old: null } }, spec: { template: { spec: { containers: [{ name: 'c' }] } } } });
    expect(out).toEqual({ metadata: { labels: { app: 'web' } }, spec: { template: { spec: { containers: [{ name: 'c' }] } } } });
  });

  it('a null patch is 400 "Invalid JSON Patch"', () => {
    try {
      applyMergePatch({}, null);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      expect((e as StatusError).code).toBe(400);
      expect((e as StatusError).message).toBe('Invalid JSON Patch');
    }
  });
});

describe('merge patch diffs', () => {
  it('createMergePatch gives null for removed keys and whole lists for changed ones', () => {
    expect(createMergePatch({ a: 1, b: { c: 1, d: 2 }, l: [1] }, { a: 1, b: { c: 2 }, l: [1, 2] })).toEqual({ b: { c: 2, d: null }, l: [1, 2] });
    expect(createMergePatch({ a: 1 }, { a: 1 })).toEqual({});
  });

  it('three-way: removes what left the file, keeps what others set, {} when unchanged', () => {
    const original = { spec: { a: 1, b: 2 } };
    const modified = { spec: { a: 1 } };
    const current = { spec: { a: 1, b: 2, c: 'set by a controller' }, status: { ready: true } };
    expect(createThreeWayJsonMergePatch(original, modified, current)).toEqual({ spec: { b: null } });
    expect(createThreeWayJsonMergePatch(modified, modified, { ...current, spec: { a: 1, c: 'x' } })).toEqual({});
    expect(createThreeWayJsonMergePatch(undefined, { spec: { a: 2 } }, current)).toEqual({ spec: { a: 2 } });
  });
});
