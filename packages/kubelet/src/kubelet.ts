// startKubelet: one node, its pods watched with fieldSelector spec.nodeName=NODE, driven
// through Docker or the simulated runtime.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod, ResourceList, Taint } from '@mk/api';
import { Informer, KubeClient, eventRecorder, stderrLogger } from '@mk/client';
import type { Logger } from '@mk/client';
import { Heartbeat, NodeAgent, UID_INDEX, podChanged, podUid } from './agent.js';
import { KUBELET_VERSION, defaultNodeName, hostIP, hostNodeInfo, hostResources } from './node/node.js';
import type { ContainerRuntime } from './runtime/types.js';
import { SimulatedRuntime } from './runtime/simulated.js';
import { DockerRuntime } from './runtime/docker/runtime.js';
import { HostVolumes } from './runtime/docker/volumes.js';
import { simulatedResources } from './simulated.js';
import { startKubeletServer } from './server/server.js';
import { readStaticPods, syncStaticPods } from './pod/static.js';
import { podDNSConfigurer } from './pod/dns.js';

export interface KubeletOptions {
  server: string;
  nodeName?: string;
  runtime: 'docker' | 'simulated';
  /** The node's pod range; default 10.244.X.0/24 (X: last octet of the node IP) unless the Node already has one. */
  podCIDR?: string;
  registerWithTaints?: Taint[];
  labels?: Record<string, string>;
  token?: string;
  logger?: Logger;
  /** Pod volumes live under rootDir/pods/UID (default /var/lib/mk-kubelet/NODE). */
  rootDir?: string;
  /** The node's InternalIP (default: the first non-loopback IPv4 address). */
  nodeIP?: string;
  /** Simulated nodes: capacity (cpu 4, memory 32Gi, pods 110 by default). */
  capacity?: ResourceList;
  /** Simulated runtime: how long a pod takes to start. */
  startupDelayMs?: number;
  /** First container restart back-off (default 10 s, doubling to 30 times this). */
  backoffInitialMs?: number;
  /** Docker: where the engine listens (default /var/run/docker.sock). */
  dockerSocket?: string;
  /** Lease renew interval (default 10 s). */
  leaseRenewMs?: number;
  /** The kubelet server's port for logs and exec (default 10250; 0 picks a free one). */
  port?: number;
  /** Where the kubelet server listens (default 0.0.0.0). */
  address?: string;
  /** Serve logs and exec (default: with the Docker runtime). */
  serve?: boolean;
  /** Run every Pod manifest in this directory as a static pod (mirror pod NAME-NODE). */
  podManifestPath?: string;
  /** How often the manifest directory is read (default 20 s). */
  fileCheckFrequencyMs?: number;
  /**
   * --cluster-dns: the cluster DNS Service IPs written into pods' resolv.conf (e.g. ['10.96.0.10']).
   * Unset: Docker's own resolv.conf (see docs/differences.md); [] as in Kubernetes (host DNS, with a warning).
   */
  clusterDNS?: string[];
  /** --cluster-domain: the pods' search path (e.g. cluster.local). */
  clusterDomain?: string;
  /** --resolv-conf: the host resolver file for pods with the host's DNS (default /etc/resolv.conf). */
  resolvConf?: string;
  /**
   * A pod-network agent (mk-proxy, flannel host-gw style) manages this node's network: the
   * node registers with NetworkUnavailable=True until the agent sets it False, and the Docker
   * network leaves masquerading to the agent (so pods on two nodes see each other's own IPs).
   */
  podNetworkAgent?: boolean;
}

export interface Kubelet {
  nodeName: string;
  podCIDR: string;
  /** The kubelet server's port (undefined when not serving). */
  port?: number;
  stop(): Promise<void>;
}

export const DEFAULT_POD_CIDR = '10.244.0.0/24';

/**
 * Without --pod-cidr and without one on the Node (mk has no node IPAM controller), each node
 * takes 10.244.X.0/24 with X the last octet of its IP: distinct for lab VMs on one subnet.
 */
export function defaultPodCIDR(nodeIP: string): string {
  const last = Number(nodeIP.split('.')[3]);
  return Number.isInteger(last) && last > 0 && last < 255 ? `10.244.${last}.0/24` : DEFAULT_POD_CIDR;
}

export async function startKubelet(opts: KubeletOptions): Promise<Kubelet> {
  const nodeName = opts.nodeName ?? defaultNodeName();
  const logger = opts.logger ?? stderrLogger;
  const client = new KubeClient({ server: opts.server, token: opts.token, userAgent: `kubelet/${KUBELET_VERSION} (linux) ${nodeName}` });
  const recorder = eventRecorder(client, 'kubelet', { host: nodeName, logger });
  const rootDir = opts.rootDir ?? join('/var/lib/mk-kubelet', nodeName);
  const nodeIP = opts.nodeIP ?? hostIP();
  let runtime: ContainerRuntime;
  let resources: { capacity: ResourceList; allocatable: ResourceList };
  if (opts.runtime === 'docker') {
    mkdirSync(rootDir, { recursive: true });
    const podDNS =
      opts.clusterDNS === undefined
        ? undefined
        : podDNSConfigurer({
            clusterDNS: opts.clusterDNS,
            clusterDomain: opts.clusterDomain ?? '',
            resolvConf: opts.resolvConf,
            event: (pod, reason, message) => void recorder.event(pod, 'Warning', reason, message),
            warn: (m) => logger.warn(m),
          });
    runtime = new DockerRuntime({ socketPath: opts.dockerSocket, rootDir, podDNS, clusterDomain: opts.clusterDomain, logger, ipMasquerade: !opts.podNetworkAgent });
    resources = hostResources(rootDir);
  } else {
    runtime = new SimulatedRuntime({ startupDelayMs: opts.startupDelayMs });
    resources = simulatedResources(opts.capacity);
  }
  const version = await runtime.version();
  const heartbeat = new Heartbeat({ client, logger, leaseRenewMs: opts.leaseRenewMs, concurrency: 2 });

  const informer = new Informer<Pod>(client, 'pods', { fieldSelector: `spec.nodeName=${nodeName}`, logger });
  informer.addIndexer(UID_INDEX, podUid);
  const server =
    (opts.serve ?? opts.runtime === 'docker')
      ? await startKubeletServer({
          runtime,
          logger,
          podByName: (ns, name) => informer.getByName(ns, name),
          port: opts.port,
          address: opts.address,
        })
      : undefined;
  const agent = new NodeAgent({
    client,
    heartbeat,
    runtime,
    logger,
    recorder,
    nodeName,
    nodeIP,
    labels: opts.labels,
    taints: opts.registerWithTaints,
    podCIDR: opts.podCIDR ?? defaultPodCIDR(nodeIP),
    capacity: resources.capacity,
    allocatable: resources.allocatable,
    nodeInfo: hostNodeInfo(version),
    lookup: (uid) => informer.byIndex(UID_INDEX, uid)[0],
    volumes: opts.runtime === 'docker' ? () => new HostVolumes(join(rootDir, 'pods'), client, nodeIP) : undefined,
    resyncMs: opts.runtime === 'docker' ? 10_000 : 0,
    backoffInitialMs: opts.backoffInitialMs,
    kubeletPort: server?.port,
    podNetworkAgent: opts.podNetworkAgent,
  });
  try {
    await agent.start();
  } catch (e) {
    await server?.close();
    throw e;
  }
  informer.addEventHandler({
    onAdd: (p) => agent.podUpdated(p),
    onUpdate: (o, p) => {
      if (podChanged(o, p)) agent.podUpdated(p);
    },
    onDelete: (p) => agent.podRemoved(p),
  });
  informer.start();
  await informer.waitForSync();
  const orphans = async (): Promise<void> => {
    try {
      await agent.syncer.cleanupOrphans();
    } catch (e) {
      logger.warn(`cleaning up orphaned pods failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  await orphans();
  const orphanTimer = setInterval(() => void orphans(), 60_000);
  orphanTimer.unref();
  let staticTimer: NodeJS.Timeout | undefined;
  if (opts.podManifestPath) {
    const dir = opts.podManifestPath;
    let running = false;
    const statics = async (): Promise<void> => {
      if (running) return;
      running = true;
      try {
        const want = readStaticPods(dir, nodeName, agent.node.metadata.uid!, logger);
        await syncStaticPods(client, want, informer.list(), logger);
      } catch (e) {
        logger.warn(`static pods: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        running = false;
      }
    };
    await statics();
    staticTimer = setInterval(() => void statics(), opts.fileCheckFrequencyMs ?? 20_000);
    staticTimer.unref();
  }
  logger.info(`kubelet ${nodeName} started (runtime ${version}, podCIDR ${agent.podCIDR})`);
  return {
    nodeName,
    podCIDR: agent.podCIDR,
    port: server?.port,
    async stop() {
      clearInterval(orphanTimer);
      if (staticTimer) clearInterval(staticTimer);
      informer.stop();
      await server?.close();
      await agent.stop();
      await client.close();
    },
  };
}
