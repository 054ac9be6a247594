// NetworkUnavailable between the kubelet and the pod network agent, without root: a kubelet told
// that an agent manages its network registers NetworkUnavailable=True (and gets tainted
// node.kubernetes.io/network-unavailable); one used alone does not; the agent's
// RouteCreated condition survives the kubelet's own status writes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Node, NodeCondition } from '@mk/api';
import { silentLogger } from '@mk/client';
import { startControllerManager, type ControllerManager } from '@mk/controller-manager';
import { startKubelet, type Kubelet } from '@mk/kubelet';
import { networkAvailable } from '@mk/proxy';
import { startCluster, until, type Cluster } from './kubelet-helpers.js';

const AGENT = 'podnet-managed';
const ALONE = 'podnet-alone';
const TAINT = 'node.kubernetes.io/network-unavailable';

let c: Cluster;
let cm: ControllerManager;
const kubelets: Kubelet[] = [];

const start = async (nodeName: string, podNetworkAgent: boolean, cpu = '4'): Promise<Kubelet> => {
  const k = await startKubelet({ server: c.url, nodeName, runtime: 'simulated', nodeIP: '192.0.2.50', podNetworkAgent, capacity: { cpu, memory: '32Gi', pods: '110' }, logger: silentLogger });
  kubelets.push(k);
  return k;
};
const getNode = (name: string): Promise<Node> => c.client.get<Node>('nodes', undefined, name);
const condition = (n: Node, type: string): NodeCondition | undefined => n.status?.conditions?.find((x) => x.type === type);

beforeAll(async () => {
  c = await startCluster();
  cm = await startControllerManager({ server: c.url, controllers: ['nodelifecycle'], logger: silentLogger });
});
afterAll(async () => {
  for (const k of kubelets) await k.stop();
  await cm?.stop();
  await c?.close();
});

describe('NetworkUnavailable', () => {
  it('a kubelet with a pod network agent registers NetworkUnavailable=True and is tainted network-unavailable', async () => {
    await start(AGENT, true);
    const n = await getNode(AGENT);
    expect(condition(n, 'NetworkUnavailable')).toMatchObject({ status: 'True', reason: 'NoRouteCreated', message: 'Node created without a route' });
    await until('the network-unavailable taint', async () => (await getNode(AGENT)).spec?.taints?.some((t) => t.key === TAINT && t.effect === 'NoSchedule'));
  });

  it('a kubelet used alone has no such condition and no taint', async () => {
    await start(ALONE, false);
    const n = await getNode(ALONE);
    expect(condition(n, 'NetworkUnavailable')).toBeUndefined();
    expect(condition(n, 'Ready')?.status).toBe('True');
    // The controller has seen it (Ready) and left it untainted.
    await until('the controller to pass over it', async () => (await getNode(AGENT)).spec?.taints?.length);
    expect((await getNode(ALONE)).spec?.taints ?? []).toEqual([]);
  });

  it("the agent's RouteCreated condition clears the taint and survives a kubelet restart's status write", async () => {
    await networkAvailable(c.client, [await getNode(AGENT)], new Map(), silentLogger);
    const n = await getNode(AGENT);
    expect(condition(n, 'NetworkUnavailable')).toMatchObject({ status: 'False', reason: 'RouteCreated', message: 'RouteController created a route' });
    // Merged by type: the kubelet's conditions are all still there.
    expect(n.status?.conditions?.map((x) => x.type).sort()).toEqual(['DiskPressure', 'MemoryPressure', 'NetworkUnavailable', 'PIDPressure', 'Ready']);
    await until('the taint removed', async () => !(await getNode(AGENT)).spec?.taints?.some((t) => t.key === TAINT));

    // A restarted kubelet adopts the Node and writes its status: the agent's condition stays.
    const k = kubelets.shift()!;
    await k.stop();
    // More CPUs than before: the restarted kubelet's status write is a real change.
    await start(AGENT, true, '8');
    const after = await getNode(AGENT);
    expect(after.status?.capacity?.cpu).toBe('8');
    expect(condition(after, 'NetworkUnavailable')?.status).toBe('False');
    expect(condition(after, 'Ready')?.status).toBe('True');
  });

  it('the agent writes once per node version, not again while its cache lags', async () => {
    const n = await getNode(ALONE);
    const patched = new Map<string, string>();
    await networkAvailable(c.client, [n], patched, silentLogger);
    const rv = (await getNode(ALONE)).metadata.resourceVersion;
    // The same stale copy again: no second write.
    await networkAvailable(c.client, [n], patched, silentLogger);
    expect((await getNode(ALONE)).metadata.resourceVersion).toBe(rv);
    expect(condition(await getNode(ALONE), 'NetworkUnavailable')?.status).toBe('False');
  });
});
