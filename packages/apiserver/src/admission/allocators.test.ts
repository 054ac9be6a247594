import { describe, expect, it } from 'vitest';
import { IPAllocator, parseIPv4, formatIPv4 } from './ipallocator.js';
import { PortAllocator } from './portallocator.js';
import { ServiceAllocator } from './services.js';

describe('IPAllocator', () => {
  it('hands out distinct usable addresses of the CIDR, never network or broadcast', () => {
    const a = new IPAllocator('10.0.0.0/29'); // 6 usable
    expect(a.firstAddress()).toBe('10.0.0.1');
    const got = new Set<string>();
    for (let i = 0; i < 6; i++) got.add(a.allocateNext()!);
    expect(got.size).toBe(6);
    expect(got.has('10.0.0.0')).toBe(false);
    expect(got.has('10.0.0.7')).toBe(false);
    expect(a.allocateNext()).toBeUndefined();
    a.release('10.0.0.3');
    expect(a.allocateNext()).toBe('10.0.0.3');
  });

  it('rejects addresses outside the range or taken', () => {
    const a = new IPAllocator('10.96.0.0/12');
    expect(a.allocate('1.2.3.4')).toBe('not-in-range');
    expect(a.allocate('10.96.0.0')).toBe('not-in-range');
    expect(a.allocate('10.111.255.254')).toBeUndefined();
    expect(a.allocate('10.111.255.254')).toBe('allocated');
    expect(a.allocate('10.112.0.1')).toBe('not-in-range');
  });

  it('parses and formats IPv4', () => {
    expect(formatIPv4(parseIPv4('192.168.1.20')!)).toBe('192.168.1.20');
    expect(parseIPv4('256.0.0.1')).toBeUndefined();
    expect(parseIPv4('1.2.3')).toBeUndefined();
  });
});

describe('PortAllocator', () => {
  it('allocates within the range and reports Kubernetes-style failures', () => {
    const p = new PortAllocator('30000-30002');
    expect(p.allocate(80)).toBe('not-in-range');
    expect(p.allocate(30001)).toBeUndefined();
    expect(p.allocate(30001)).toBe('allocated');
    const rest = [p.allocateNext(), p.allocateNext()].sort();
    expect(rest).toEqual([30000, 30002]);
    expect(p.allocateNext()).toBeUndefined();
  });
});

describe('ServiceAllocator', () => {
  const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });

  it('rolls back what a failed allocation took', () => {
    const a = new ServiceAllocator('10.96.0.0/12', '30000-32767');
    expect(() => a.allocate(svc({ type: 'NodePort', ports: [{ port: 80 }, { port: 81, nodePort: 1 }] }), undefined, false)).toThrow(
      /spec.ports\[1\].nodePort: Invalid value: 1: provided port is not in the valid range/,
    );
    // Nothing stays allocated: the same explicit values succeed afterwards.
    const ok = svc({ type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30000 }] });
    a.allocate(ok, undefined, false).commit();
    expect(a.ips.has('10.96.0.10')).toBe(true);
    expect(a.ports.has(30000)).toBe(true);
  });

  it('allocates nothing on dry run', () => {
    const a = new ServiceAllocator('10.96.0.0/12', '30000-32767');
    const s = svc({ type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30000 }] });
    a.allocate(s, undefined, true).commit();
    expect(a.ips.has('10.96.0.10')).toBe(false);
    expect(a.ports.has(30000)).toBe(false);
  });

  it('keeps node ports across an update that omits them and frees them on a type change', () => {
    const a = new ServiceAllocator('10.96.0.0/12', '30000-32767');
    const first = svc({ type: 'NodePort', ports: [{ port: 80, protocol: 'TCP' }] });
    a.allocate(first, undefined, false).commit();
    const np = (first.spec.ports as Array<{ nodePort: number }>)[0].nodePort;
    const again = svc({ type: 'NodePort', ports: [{ port: 80, protocol: 'TCP' }] });
    a.allocate(again, first, false).commit();
    expect((again.spec.ports as Array<{ nodePort: number }>)[0].nodePort).toBe(np);
    const toClusterIP = svc({ ...structuredClone(again.spec), type: 'ClusterIP' });
    a.allocate(toClusterIP, again, false).commit();
    expect((toClusterIP.spec.ports as Array<{ nodePort?: number }>)[0].nodePort).toBeUndefined();
    expect(a.ports.has(np)).toBe(false);
  });
});
