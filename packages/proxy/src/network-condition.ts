// NetworkUnavailable=False on the nodes whose pod network this proxy set up, written as
// Kubernetes' route controller writes it (updateNetworkingCondition): one strategic merge
// patch of status.conditions, merged by type, so the kubelet's own conditions stay.
import type { Node, NodeCondition } from '@mk/api';
import type { KubeClient, Logger } from '@mk/client';

const metaNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export function routeCreatedCondition(now: string): NodeCondition {
  return {
    type: 'NetworkUnavailable',
    status: 'False',
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason: 'RouteCreated',
    message: 'RouteController created a route',
  };
}

/**
 * Sets the condition on each node (from the informer's cache) that does not have it False.
 * `patched` remembers the version each node was patched from, so a cache that has not caught
 * up with our write yet does not cause a second one.
 */
export async function networkAvailable(client: KubeClient, nodes: Node[], patched: Map<string, string>, log: Logger): Promise<void> {
  for (const node of nodes) {
    const key = `${node.metadata.name}/${node.metadata.uid}`;
    const cur = node.status?.conditions?.find((c) => c.type === 'NetworkUnavailable');
    if (cur?.status === 'False' || patched.get(key) === node.metadata.resourceVersion) continue;
    await client.patch<Node>('nodes', undefined, node.metadata.name!, { status: { conditions: [routeCreatedCondition(metaNow())] } }, 'strategic', { subresource: 'status' });
    patched.set(key, node.metadata.resourceVersion ?? '');
    log.info(`node ${node.metadata.name}: NetworkUnavailable=False (RouteCreated)`);
  }
}
