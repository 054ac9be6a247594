import { describe, expect, it } from 'vitest';
import type { Pod } from '@mk/api';
import { expand, fieldRefValue, formatMap, resourceFieldValue } from './env.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', uid: 'u', labels: { app: 'web', tier: 'fe' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', resources: { limits: { cpu: '500m', memory: '128Mi' } } }] },
  status: { podIP: '10.0.0.9' },
};

describe('environment', () => {
  it('expands $(VAR) references, keeps unknown ones, and unescapes $$', () => {
    const vars = new Map([['A', 'x']]);
    expect(expand('$(A)-$(B)-$$(A)', vars)).toBe('x-$(B)-$(A)');
  });
  it('resolves fieldRef paths', () => {
    expect(fieldRefValue(pod, 'metadata.name', 'h')).toBe('web');
    expect(fieldRefValue(pod, 'metadata.namespace', 'h')).toBe('prod');
    expect(fieldRefValue(pod, "metadata.labels['app']", 'h')).toBe('web');
    expect(fieldRefValue(pod, 'spec.nodeName', 'h')).toBe('n1');
    expect(fieldRefValue(pod, 'status.hostIP', '192.168.0.1')).toBe('192.168.0.1');
    expect(fieldRefValue(pod, 'status.podIP', 'h')).toBe('10.0.0.9');
    expect(() => fieldRefValue(pod, 'spec.bogus', 'h')).toThrow('unsupported fieldPath: spec.bogus');
  });
  it('formats label maps as the downward API does', () => {
    expect(formatMap(pod.metadata.labels)).toBe('app="web"\ntier="fe"');
  });
  it('resolves resourceFieldRef with divisors, rounding up', () => {
    const c = pod.spec!.containers[0];
    expect(resourceFieldValue(pod, c, 'limits.cpu', undefined, {})).toBe('1');
    expect(resourceFieldValue(pod, c, 'limits.cpu', '1m', {})).toBe('500');
    expect(resourceFieldValue(pod, c, 'limits.memory', '1Mi', {})).toBe('128');
    expect(resourceFieldValue(pod, { name: 'x' }, 'limits.memory', undefined, { memory: '1Gi' })).toBe(String(1024 ** 3));
  });
});
