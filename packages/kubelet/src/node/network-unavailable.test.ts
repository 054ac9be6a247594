import { describe, expect, it } from 'vitest';
import { buildNode, hostNodeInfo, kubeletStatusPatch, nodeConditions, nodeStatus } from './node.js';
import type { NodeCondition } from '@mk/api';

describe('NetworkUnavailable and the pod network agent', () => {
  const input = {
    nodeName: 'n1',
    podCIDR: '10.244.1.0/24',
    capacity: { cpu: '2', memory: '4Gi', pods: '110' },
    allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
    nodeIP: '192.168.1.10',
    nodeInfo: hostNodeInfo('docker://20.10.24'),
  };
  const t0 = '2020-01-01T00:00:00Z';

  it('registers NetworkUnavailable=True (NoRouteCreated) only when an agent manages the network', () => {
    expect(buildNode(input, t0).status?.conditions?.map((c) => c.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
    const n = buildNode({ ...input, podNetworkAgent: true }, t0);
    expect(n.status?.conditions?.[0]).toEqual({
      type: 'NetworkUnavailable',
      status: 'True',
      reason: 'NoRouteCreated',
      message: 'Node created without a route',
      lastHeartbeatTime: t0,
      lastTransitionTime: t0,
    });
  });

  it("keeps conditions others own as it last saw them, and sends only its own in a patch", () => {
    const agent: NodeCondition = { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'RouteController created a route', lastHeartbeatTime: t0, lastTransitionTime: t0 };
    const next = nodeConditions('2020-01-01T00:00:10Z', [agent, ...nodeConditions(t0)]);
    expect(next.find((c) => c.type === 'NetworkUnavailable')).toEqual(agent);
    const status = nodeStatus(input, '2020-01-01T00:00:10Z', { conditions: next });
    expect(kubeletStatusPatch(status).conditions?.map((c) => c.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
  });
});
