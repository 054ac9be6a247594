import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@mk/api';
import { clone, prepareForStatusUpdate } from './strategy.js';

describe('clone', () => {
  it('copies a JSON tree deeply, keeping key order and undefined-valued keys as structuredClone does', () => {
    const src = { a: 1, b: { c: [1, { d: 'x' }, null], e: undefined as string | undefined }, f: [] as unknown[], g: null, h: true };
    const out = clone(src);
    expect(out).toStrictEqual(structuredClone(src));
    expect(Object.keys(out.b)).toEqual(['c', 'e']);
    expect(out.b).not.toBe(src.b);
    expect(out.b.c).not.toBe(src.b.c);
    expect(out.b.c[1]).not.toBe(src.b.c[1]);
    (out.b.c[1] as { d: string }).d = 'changed';
    expect((src.b.c[1] as { d: string }).d).toBe('x');
  });
});

describe('prepareForStatusUpdate', () => {
  it('takes status from the update and everything else from the stored copy it is given', () => {
    const base: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { nodeName: 'n1' }, status: { phase: 'Pending' } };
    const update: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { x: 'y' } }, spec: { nodeName: 'other' }, status: { phase: 'Running' } };
    const next = prepareForStatusUpdate(update, base);
    expect(next).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } });
    const cleared = prepareForStatusUpdate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, { ...base, status: { phase: 'Pending' } });
    expect(cleared.status).toBeUndefined();
  });
});
