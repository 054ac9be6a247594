import { describe, expect, it } from 'vitest';
import { buildNode, hostNodeInfo, hostResources, nodeConditions, nodeStatusChanged } from './node.js';

describe('node object', () => {
  const info = hostNodeInfo('docker://20.10.24');
  const input = {
    nodeName: 'n1',
    labels: { role: 'worker' },
    taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' as const }],
    podCIDR: '10.244.1.0/24',
    capacity: { cpu: '2', memory: '4Gi', pods: '110' },
    allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
    nodeIP: '192.168.1.10',
    nodeInfo: info,
  };
  it('carries the labels, taints, podCIDR, addresses and nodeInfo the kubelet registers', () => {
    const n = buildNode(input, '2020-01-01T00:00:00Z');
    expect(n.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux', role: 'worker' });
    expect(n.metadata.labels?.['kubernetes.io/arch']).toBeTruthy();
    expect(n.spec).toEqual({ taints: input.taints, podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    expect(n.status?.addresses).toEqual([
      { type: 'InternalIP', address: '192.168.1.10' },
      { type: 'Hostname', address: 'n1' },
    ]);
    expect(n.status?.nodeInfo).toMatchObject({ containerRuntimeVersion: 'docker://20.10.24', operatingSystem: 'linux' });
    expect(n.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10250);
  });
  it('keeps transition times and ignores heartbeats when deciding whether status changed', () => {
    const a = nodeConditions('2020-01-01T00:00:00Z');
    const b = nodeConditions('2020-01-01T00:00:10Z', a);
    expect(b.every((c) => c.lastTransitionTime === '2020-01-01T00:00:00Z')).toBe(true);
    const n1 = buildNode(input, '2020-01-01T00:00:00Z').status;
    const n2 = { ...n1, conditions: b };
    expect(nodeStatusChanged(n1, n2)).toBe(false);
    expect(nodeStatusChanged(n1, { ...n1, capacity: { cpu: '3' } })).toBe(true);
  });
  it('computes allocatable as capacity minus the eviction threshold', () => {
    const r = hostResources('/');
    expect(r.capacity.pods).toBe('110');
    expect(Number(String(r.allocatable.memory).replace('Ki', ''))).toBe(Number(String(r.capacity.memory).replace('Ki', '')) - 100 * 1024);
  });
});
