import { describe, expect, it } from 'vitest';
import { parsePorts } from './server.js';

const q = (s: string): URLSearchParams => new URLSearchParams(s);

describe('port-forward ports query', () => {
  it('takes repeated and comma-separated ports', () => {
    expect(parsePorts(q('ports=80'))).toEqual([80]);
    expect(parsePorts(q('ports=80,8080&ports=53'))).toEqual([80, 8080, 53]);
  });
  it('refuses what the kubelet refuses, in its words', () => {
    expect(() => parsePorts(q(''))).toThrow('query parameter "ports" is required');
    expect(() => parsePorts(q('ports='))).toThrow('query parameter "ports" cannot be empty');
    expect(() => parsePorts(q('ports=http'))).toThrow('unable to parse "http" as a port');
    expect(() => parsePorts(q('ports=70000'))).toThrow('unable to parse "70000" as a port');
    expect(() => parsePorts(q('ports=0'))).toThrow('port "0" must be > 0');
  });
});
