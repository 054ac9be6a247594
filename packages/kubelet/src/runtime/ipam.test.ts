import { describe, expect, it } from 'vitest';
import { IPAllocator, gatewayOf, parseCIDR } from './ipam.js';

describe('IPAllocator', () => {
  it('hands out hosts of the CIDR after the gateway, never twice', () => {
    const a = new IPAllocator('10.1.2.0/29');
    const got = [a.allocate(), a.allocate(), a.allocate(), a.allocate(), a.allocate()];
    expect(got).toEqual(['10.1.2.2', '10.1.2.3', '10.1.2.4', '10.1.2.5', '10.1.2.6']);
    expect(() => a.allocate()).toThrow('no pod IPs left in 10.1.2.0/29');
    a.release('10.1.2.4');
    expect(a.allocate()).toBe('10.1.2.4');
  });
  it('reserves only addresses inside the range', () => {
    const a = new IPAllocator('10.1.2.0/24');
    expect(a.reserve('10.1.2.9')).toBe(true);
    expect(a.reserve('10.1.3.9')).toBe(false);
    expect(a.inUse).toBe(1);
  });
  it('parses CIDRs and rejects bad ones', () => {
    expect(parseCIDR('10.1.2.77/24')).toEqual({ base: (10 << 24) + (1 << 16) + (2 << 8), bits: 24 });
    expect(gatewayOf('10.244.3.0/24')).toBe('10.244.3.1');
    expect(() => parseCIDR('10.1.2/24')).toThrow('invalid CIDR address: 10.1.2/24');
  });
});
