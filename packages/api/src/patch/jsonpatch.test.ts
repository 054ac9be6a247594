import { describe, it, expect } from 'vitest';
import { StatusError } from '../status.js';
import { applyJsonPatch, JSON_PATCH_REJECTED, type JsonPatchOp } from './jsonpatch.js';

const pod = () => ({
  metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/name': 'web' }, annotations: { 'a~b': 'x' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', args: ['a', 'b'] }] },
});

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('applyJsonPatch: operations (RFC 6902)', () => {
  const cases: { name: string; ops: JsonPatchOp[]; check: (out: ReturnType<typeof pod>) => void }[] = [
    {
      name: 'add a map key',
      ops: [{ op: 'add', path: '/metadata/labels/tier', value: 'frontend' }],
      check: (o) => expect(o.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/name': 'web', tier: 'frontend' }),
    },
    {
      name: 'add appends with -',
      ops: [{ op: 'add', path: '/spec/containers/0/args/-', value: 'c' }],
      check: (o) => expect(o.spec.containers[0].args).toEqual(['a', 'b', 'c']),
    },
    {
      name: 'add inserts at an index',
      ops: [{ op: 'add', path: '/spec/containers/0/args/1', value: 'x' }],
      check: (o) => expect(o.spec.containers[0].args).toEqual(['a', 'x', 'b']),
    },
    {
      name: 'remove a key with an escaped slash (~1)',
      ops: [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' }],
      check: (o) => expect(o.metadata.labels).toEqual({ app: 'web' }),
    },
    {
      name: 'replace a key with an escaped tilde (~0)',
      ops: [{ op: 'replace', path: '/metadata/annotations/a~0b', value: 'y' }],
      check: (o) => expect(o.metadata.annotations).toEqual({ 'a~b': 'y' }),
    },
    {
      name: 'replace a list item (set image)',
      ops: [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.26' }],
      check: (o) => expect(o.spec.containers[0].image).toBe('nginx:1.26'),
    },
    {
      name: 'remove a list item',
      ops: [{ op: 'remove', path: '/spec/containers/0/args/0' }],
      check: (o) => expect(o.spec.containers[0].args).toEqual(['b']),
    },
    {
      name: 'move',
      ops: [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/annotations/app' }],
      check: (o) => {
        expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'web' });
        expect(o.metadata.annotations).toEqual({ 'a~b': 'x', app: 'web' });
      },
    },
    {
      name: 'copy is a deep copy',
      ops: [
        { op: 'copy', from: '/spec/containers/0', path: '/spec/containers/-' },
        { op: 'replace', path: '/spec/containers/1/name', value: 'sidecar' },
      ],
      check: (o) => expect(o.spec.containers.map((c) => c.name)).toEqual(['nginx', 'sidecar']),
    },
    {
      name: 'test that passes, then replace',
      ops: [
        { op: 'test', path: '/spec/containers/0/image', value: 'nginx:1.25' },
        { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.26' },
      ],
      check: (o) => expect(o.spec.containers[0].image).toBe('nginx:1.26'),
    },
    {
      name: 'negative index counts from the end (json-patch v4)',
      ops: [{ op: 'remove', path: '/spec/containers/0/args/-1' }],
      check: (o) => expect(o.spec.containers[0].args).toEqual(['a']),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const input = pod();
      const before = JSON.stringify(input);
      const out = applyJsonPatch(input, c.ops) as ReturnType<typeof pod>;
      c.check(out);
      expect(JSON.stringify(input)).toBe(before); // input untouched
    });
  }

  it('testing a missing key for null passes (json-patch v4)', () => {
    expect(applyJsonPatch({ spec: {} }, [{ op: 'test', path: '/spec/foo', value: null }])).toEqual({ spec: {} });
  });

  it('replaces the whole document at path ""', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 });
  });
});

describe('applyJsonPatch: errors', () => {
  const failing: { name: string; ops: JsonPatchOp[]; detail: RegExp }[] = [
    { name: 'failed test', ops: [{ op: 'test', path: '/spec/containers/0/image', value: 'nope' }], detail: /testing value \/spec\/containers\/0\/image failed/ },
    { name: 'test under a missing parent', ops: [{ op: 'test', path: '/spec/foo/bar', value: 1 }], detail: /test operation does not apply: is missing path/ },
    { name: 'remove a missing key', ops: [{ op: 'remove', path: '/spec/foo' }], detail: /Unable to remove nonexistent key: foo: missing value/ },
    { name: 'add under a missing parent', ops: [{ op: 'add', path: '/spec/foo/bar', value: 1 }], detail: /add operation does not apply: doc is missing path: "\/spec\/foo\/bar": missing value/ },
    { name: 'replace a missing key', ops: [{ op: 'replace', path: '/spec/foo', value: 1 }], detail: /replace operation does not apply: doc is missing key: \/spec\/foo/ },
    { name: 'index out of range', ops: [{ op: 'add', path: '/spec/containers/0/args/5', value: 'x' }], detail: /invalid index/ },
    { name: 'move from a missing path', ops: [{ op: 'move', from: '/nope', path: '/spec/x' }], detail: /doc is missing from path/ },
    { name: 'move into its own child', ops: [{ op: 'move', from: '/spec', path: '/spec/x' }], detail: /prefix/ },
    { name: 'unknown op', ops: [{ op: 'frobnicate', path: '/spec' } as unknown as JsonPatchOp], detail: /Unexpected kind: frobnicate/ },
    { name: 'path without leading slash', ops: [{ op: 'add', path: 'spec', value: 1 }], detail: /doc is missing path/ },
  ];
  for (const c of failing) {
    it(`${c.name} is 422 Invalid, as the apiserver answers`, () => {
      const input = pod();
      const before = JSON.stringify(input);
      const err = statusOf(() => applyJsonPatch(input, c.ops));
      expect(err.code).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.status.message).toBe(JSON_PATCH_REJECTED);
      expect(err.status.details?.causes?.[0]?.message).toMatch(c.detail);
      expect(JSON.stringify(input)).toBe(before);
    });
  }

  it('a failing later op leaves nothing half-applied', () => {
    const input = pod();
    expect(() =>
      applyJsonPatch(input, [
        { op: 'replace', path: '/spec/containers/0/image', value: 'x' },
        { op: 'test', path: '/metadata/name', value: 'other' },
      ]),
    ).toThrow(StatusError);
    expect(input.spec.containers[0].image).toBe('nginx:1.25');
  });

  it('a patch that is not a list is 400 BadRequest', () => {
    const err = statusOf(() => applyJsonPatch({}, { op: 'add' } as unknown as JsonPatchOp[]));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });

  it('more than 10000 operations is 413', () => {
    const ops: JsonPatchOp[] = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
    const err = statusOf(() => applyJsonPatch({ a: 1 }, ops));
    expect(err.code).toBe(413);
    expect(err.message).toBe('The allowed maximum operations in a JSON patch is 10000, got 10001');
  });
});
