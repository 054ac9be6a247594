// Many simulated nodes in one process (like kwok): one shared pod informer indexed by
// nodeName instead of a watch per node, one Heartbeat renewing every lease in small batches,
// and a SimulatedRuntime per node (records in memory).
import type { Pod, ResourceList, Taint } from '@mk/api';
import { Informer, KubeClient, NODE_NAME_INDEX, eventRecorder, podsByNodeName, stderrLogger } from '@mk/client';
import type { Logger } from '@mk/client';
import { Heartbeat, NodeAgent, UID_INDEX, podChanged, podUid } from './agent.js';
import { KUBELET_VERSION, hostNodeInfo } from './node/node.js';
import { SimulatedRuntime } from './runtime/simulated.js';

export const SIMULATED_DEFAULT_CAPACITY: ResourceList = {
  cpu: '4',
  memory: '32Gi',
  pods: '110',
  'ephemeral-storage': '100Gi',
};

/** Capacity as given (defaults filled in); a simulated node reserves nothing, so allocatable = capacity. */
export function simulatedResources(capacity: ResourceList = {}): { capacity: ResourceList; allocatable: ResourceList } {
  const c = { ...SIMULATED_DEFAULT_CAPACITY, ...capacity };
  return { capacity: c, allocatable: { ...c } };
}

/** Node i's pod range: 10.128.0.0/24, 10.128.1.0/24, ... (16,384 nodes before 10.192). */
export function simulatedPodCIDR(i: number): string {
  return `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24`;
}

/** Node i's InternalIP: 10.64.0.1, 10.64.0.2, ... */
export function simulatedNodeIP(i: number): string {
  const n = i + 1;
  return `10.${64 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

export interface SimulatedNodesOptions {
  server: string;
  count: number;
  /** Nodes are named PREFIX0, PREFIX1, ... (default `sim-node-`), unless names are given. */
  namePrefix?: string;
  names?: string[];
  /** The first node's index, for names and pod ranges (add more nodes later without clashes). */
  startIndex?: number;
  capacity?: ResourceList;
  labels?: Record<string, string> | ((index: number, name: string) => Record<string, string>);
  taints?: Taint[];
  /** How long simulated pods take to start. */
  startupDelayMs?: number;
  /** Write container events (Created, Started...) like a real kubelet; off by default for scale. */
  events?: boolean;
  leaseRenewMs?: number;
  /** API requests in flight at once for registration and heartbeats. */
  concurrency?: number;
  backoffInitialMs?: number;
  token?: string;
  logger?: Logger;
}

export interface SimulatedNodes {
  nodeNames: string[];
  /** Lease renewals and node status writes so far. */
  stats(): { renewals: number; statusWrites: number; pods: number; running: number };
  stop(): Promise<void>;
}

export async function startSimulatedNodes(opts: SimulatedNodesOptions): Promise<SimulatedNodes> {
  const logger = opts.logger ?? stderrLogger;
  const client = new KubeClient({ server: opts.server, token: opts.token, userAgent: `kubelet/${KUBELET_VERSION} (simulated)` });
  const concurrency = opts.concurrency ?? 16;
  const heartbeat = new Heartbeat({ client, logger, leaseRenewMs: opts.leaseRenewMs, concurrency });
  const recorder = opts.events ? eventRecorder(client, 'kubelet', { logger }) : undefined;
  const start = opts.startIndex ?? 0;
  const names = opts.names ?? Array.from({ length: opts.count }, (_, i) => `${opts.namePrefix ?? 'sim-node-'}${start + i}`);
  const nodeInfo = hostNodeInfo('sim://0.1.0');
  const resources = simulatedResources(opts.capacity);

  const informer = new Informer<Pod>(client, 'pods', { logger });
  informer.addIndexer(NODE_NAME_INDEX, podsByNodeName);
  informer.addIndexer(UID_INDEX, podUid);
  const agents = new Map<string, NodeAgent>();
  const lookup = (uid: string): Pod | undefined => informer.byIndex(UID_INDEX, uid)[0];

  const make = (name: string, i: number): NodeAgent =>
    new NodeAgent({
      client,
      heartbeat,
      runtime: new SimulatedRuntime({ startupDelayMs: opts.startupDelayMs }),
      logger,
      recorder,
      nodeName: name,
      nodeIP: simulatedNodeIP(i),
      labels: typeof opts.labels === 'function' ? opts.labels(i, name) : opts.labels,
      taints: opts.taints,
      podCIDR: simulatedPodCIDR(i),
      capacity: resources.capacity,
      allocatable: resources.allocatable,
      nodeInfo,
      lookup,
      backoffInitialMs: opts.backoffInitialMs,
    });

  // Register a few at a time.
  let next = 0;
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, names.length) }, async () => {
      while (next < names.length && failures.length === 0) {
        const idx = next++;
        const a = make(names[idx], start + idx);
        try {
          await a.start();
          agents.set(names[idx], a);
        } catch (e) {
          failures.push(e);
        }
      }
    }),
  );
  if (failures.length) {
    heartbeat.stop();
    await client.close();
    throw failures[0];
  }

  const agentOf = (p: Pod): NodeAgent | undefined => (p.spec?.nodeName ? agents.get(p.spec.nodeName) : undefined);
  informer.addEventHandler({
    onAdd: (p) => agentOf(p)?.podUpdated(p),
    onUpdate: (o, p) => {
      if (podChanged(o, p)) agentOf(p)?.podUpdated(p);
    },
    onDelete: (p) => agentOf(p)?.podRemoved(p),
  });
  informer.start();
  await informer.waitForSync();
  logger.info(`${agents.size} simulated nodes started`);

  return {
    nodeNames: names,
    stats: () => ({
      renewals: heartbeat.renewals,
      statusWrites: heartbeat.statusWrites,
      pods: [...agents.values()].reduce((n, a) => n + a.syncer.workers.size, 0),
      running: [...agents.values()].reduce((n, a) => n + (a.syncer.phases().Running ?? 0), 0),
    }),
    async stop() {
      informer.stop();
      await Promise.all([...agents.values()].map((a) => a.stop()));
      heartbeat.stop();
      await client.close();
    },
  };
}
