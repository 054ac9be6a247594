// A cluster for controller tests: a real apiserver over a temporary LevelDB, the controller-
// manager, the scheduler and simulated kubelets (@mk/kubelet), so pods really get bound,
// become Running and Ready, and finish graceful deletions.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { KubeClient, silentLogger } from '@mk/client';
import { startControllerManager, type ControllerManager, type ControllerSettings } from '@mk/controller-manager';
import { startScheduler, type RunningScheduler } from '@mk/scheduler';
import { startSimulatedNodes, type SimulatedNodes, type SimulatedNodesOptions } from '@mk/kubelet';

/** What a test may set on a simulated node. */
export type NodeOptions = Partial<Pick<SimulatedNodesOptions, 'labels' | 'taints' | 'capacity' | 'startupDelayMs' | 'leaseRenewMs' | 'backoffInitialMs'>>;

export interface ClusterOptions {
  controllers?: string[];
  settings?: ControllerSettings;
  /** Simulated nodes to start with (default: one, `node-1`). */
  nodes?: string[];
  /** Options for every node the cluster starts. */
  nodeOptions?: NodeOptions;
}

export interface TestCluster {
  server: ApiServer;
  client: KubeClient;
  cm: ControllerManager;
  scheduler: RunningScheduler;
  /** The running simulated kubelets, by node name. */
  nodes: Map<string, SimulatedNodes>;
  /** Start a simulated kubelet for a node (registers the Node, or takes over an existing one). */
  startNode(name: string, opts?: NodeOptions): Promise<SimulatedNodes>;
  /** Stop a node's kubelet, as if it crashed: no more heartbeats, its pods are left as they are. */
  stopNode(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'mk-controllers-'));
  const server = await startApiServer({ dataDir: dir, port: 0, logLevel: 'warn' });
  const client = new KubeClient({ server: server.url });
  const cm = await startControllerManager({ server: server.url, controllers: opts.controllers, logger: silentLogger, settings: opts.settings });
  const scheduler = await startScheduler({ server: server.url, logger: silentLogger });
  const nodes = new Map<string, SimulatedNodes>();
  // Each kubelet gets its own index, so pod ranges and node IPs never clash.
  let index = 0;
  const startNode = async (name: string, extra: NodeOptions = {}): Promise<SimulatedNodes> => {
    if (nodes.has(name)) throw new Error(`node ${name} is already running`);
    const n = await startSimulatedNodes({ server: server.url, count: 1, names: [name], startIndex: index++, logger: silentLogger, ...opts.nodeOptions, ...extra });
    nodes.set(name, n);
    return n;
  };
  for (const name of opts.nodes ?? ['node-1']) await startNode(name);
  return {
    server,
    client,
    cm,
    scheduler,
    nodes,
    startNode,
    async stopNode(name) {
      const n = nodes.get(name);
      nodes.delete(name);
      await n?.stop();
    },
    async close() {
      for (const n of nodes.values()) await n.stop();
      nodes.clear();
      await scheduler.stop();
      await cm.stop();
      await client.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Poll until cond holds (no time limit of its own: the test timeout bounds it). */
export async function until<T>(cond: () => Promise<T | undefined | false> | T | undefined | false, everyMs = 25): Promise<T> {
  for (;;) {
    const v = await cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
