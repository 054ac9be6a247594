import { describe, expect, it } from 'vitest';
import { decodeProtobuf } from './protobuf.js';

// A minimal protobuf writer, enough to build what kubectl sends.
const varint = (n: number | bigint): number[] => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const bytes = (num: number, data: number[] | Buffer): number[] => [...varint((num << 3) | 2), ...varint(data.length), ...data];
const str = (num: number, s: string) => bytes(num, Buffer.from(s));
const int = (num: number, n: number) => [...varint(num << 3), ...varint(n)];
const entry = (num: number, k: string, v: string) => bytes(num, [...str(1, k), ...str(2, v)]);

function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...bytes(1, [...str(1, apiVersion), ...str(2, kind)]), ...bytes(2, raw)]);
}

describe('decodeProtobuf', () => {
  it('decodes a Deployment as kubectl create deployment sends it', () => {
    const meta = [...str(1, 'web'), ...str(3, ''), ...entry(11, 'app', 'web'), ...bytes(8, [])];
    const container = [...str(1, 'nginx'), ...str(2, 'nginx:1.25'), ...bytes(8, [])];
    const podSpec = [...bytes(2, container), ...str(3, '')];
    const template = [...bytes(1, [...entry(11, 'app', 'web')]), ...bytes(2, podSpec)];
    const spec = [...int(1, 0), ...bytes(2, entry(1, 'app', 'web')), ...bytes(3, template), ...bytes(4, []), ...int(5, 0), ...int(7, 0)];
    const { object, skipped } = decodeProtobuf(envelope('apps/v1', 'Deployment', [...bytes(1, meta), ...bytes(2, spec), ...bytes(3, [])]));
    expect(skipped).toEqual([]);
    expect(object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      // replicas is a pointer in Go: an explicit 0 stays; minReadySeconds and paused do not.
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', resources: {} }] } },
        strategy: {},
      },
      status: {},
    });
  });

  it('decodes Secret bytes as base64, negative ints and IntOrString', () => {
    const secret = decodeProtobuf(envelope('v1', 'Secret', [...bytes(1, str(1, 's')), ...bytes(2, [...str(1, 'p'), ...bytes(2, Buffer.from('q'))]), ...str(3, 'Opaque')]));
    expect(secret.object).toMatchObject({ data: { p: 'cQ==' }, type: 'Opaque' });
    const port = [...str(2, 'TCP'), ...int(3, 80), ...bytes(4, [...int(1, 1), ...str(3, 'http')])];
    const svc = decodeProtobuf(envelope('v1', 'Service', [...bytes(2, [...bytes(1, port)])]));
    expect(svc.object.spec).toEqual({ ports: [{ protocol: 'TCP', port: 80, targetPort: 'http' }] });
    const del = decodeProtobuf(envelope('policy/v1', 'Eviction', [...bytes(1, str(1, 'p')), ...bytes(2, int(1, -1))]));
    expect(del.object.deleteOptions).toEqual({ gracePeriodSeconds: -1 });
  });

  it('reports unknown fields and refuses unknown kinds', () => {
    const { skipped } = decodeProtobuf(envelope('v1', 'ConfigMap', [...bytes(1, str(1, 'c')), ...int(99, 1)]));
    expect(skipped).toEqual(['ConfigMap#99']);
    expect(() => decodeProtobuf(envelope('v1', 'Widget', []))).toThrow(/cannot be decoded from protobuf/);
    expect(() => decodeProtobuf(Buffer.from('{}'))).toThrow(/k8s/);
  });
});
