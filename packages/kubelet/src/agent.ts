// One node's kubelet logic, independent of where its pods come from: registration and
// heartbeats (through a possibly shared Heartbeat), the runtime, the pod syncer.
import type { Node, Pod, ResourceList, Taint } from '@mk/api';
import type { EventRecorder, KubeClient, Logger } from '@mk/client';
import { Heartbeat } from './node/heartbeat.js';
import type { NodeSpecInput } from './node/node.js';
import { RestartBackoff } from './pod/backoff.js';
import { PodSyncer } from './pod/sync.js';
import type { VolumeHost } from './pod/sync.js';
import type { ContainerRuntime } from './runtime/types.js';

export interface NodeAgentOptions {
  client: KubeClient;
  heartbeat: Heartbeat;
  runtime: ContainerRuntime;
  logger: Logger;
  recorder?: EventRecorder;
  nodeName: string;
  nodeIP: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Wanted podCIDR; an existing node keeps the one it has. */
  podCIDR: string;
  capacity: ResourceList;
  allocatable: ResourceList;
  nodeInfo: NodeSpecInput['nodeInfo'];
  lookup(uid: string): Pod | undefined;
  volumes?: (nodeName: string) => VolumeHost;
  resyncMs?: number;
  backoffInitialMs?: number;
  kubeletPort?: number;
  /** A pod-network agent sets this node's network up (NetworkUnavailable=True until then). */
  podNetworkAgent?: boolean;
}

export class NodeAgent {
  syncer!: PodSyncer;
  node!: Node;
  podCIDR!: string;
  private images: NodeSpecInput['images'];
  private imageTimer: NodeJS.Timeout | undefined;

  constructor(readonly o: NodeAgentOptions) {}

  /** node.status.images from the runtime, refreshed every minute; status is written when they change. */
  private async refreshImages(): Promise<void> {
    if (!this.o.runtime.listImages) return;
    try {
      const imgs = await this.o.runtime.listImages();
      const next = imgs.map((i) => ({ names: i.names, sizeBytes: i.sizeBytes }));
      if (JSON.stringify(next) !== JSON.stringify(this.images)) {
        this.images = next;
        this.o.heartbeat.poke(this.o.nodeName);
      }
    } catch (e) {
      this.o.logger.warn(`listing images failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  input(): NodeSpecInput {
    return {
      nodeName: this.o.nodeName,
      labels: this.o.labels,
      podCIDR: this.o.podCIDR,
      capacity: this.o.capacity,
      allocatable: this.o.allocatable,
      nodeIP: this.o.nodeIP,
      nodeInfo: this.o.nodeInfo,
      images: this.images,
      kubeletPort: this.o.kubeletPort,
      podNetworkAgent: this.o.podNetworkAgent,
    };
  }

  async start(): Promise<void> {
    await this.refreshImages();
    if (this.o.runtime.listImages) {
      this.imageTimer = setInterval(() => void this.refreshImages(), 60_000);
      this.imageTimer.unref();
    }
    this.node = await this.o.heartbeat.add(() => this.input(), this.o.taints);
    this.podCIDR = this.node.spec?.podCIDR ?? this.o.podCIDR;
    await this.o.runtime.start({ nodeName: this.o.nodeName, podCIDR: this.podCIDR, nodeIP: this.o.nodeIP });
    const backoff = this.o.backoffInitialMs ? new RestartBackoff(this.o.backoffInitialMs, this.o.backoffInitialMs * 30) : undefined;
    this.syncer = new PodSyncer({
      client: this.o.client,
      nodeName: this.o.nodeName,
      runtime: this.o.runtime,
      recorder: this.o.recorder,
      logger: this.o.logger,
      hostIP: () => this.o.nodeIP,
      allocatable: () => this.o.allocatable,
      lookup: (uid) => this.o.lookup(uid),
      volumes: this.o.volumes?.(this.o.nodeName),
      resyncMs: this.o.resyncMs,
      backoff,
    });
  }

  podUpdated(pod: Pod): void {
    this.syncer.podUpdated(pod);
  }

  podRemoved(pod: Pod): void {
    this.syncer.podRemoved(pod);
  }

  async stop(): Promise<void> {
    if (this.imageTimer) clearInterval(this.imageTimer);
    this.o.heartbeat.remove(this.o.nodeName);
    this.syncer?.stop();
    await this.syncer?.flush();
    await this.o.runtime.close();
  }
}

export const UID_INDEX = 'metadata.uid';
export const podUid = (p: Pod): string[] => (p.metadata.uid ? [p.metadata.uid] : []);

export { Heartbeat };

/** Whether an update changes what the kubelet acts on (kubelet's podConfig ignores status-only updates). */
export function podChanged(a: Pod, b: Pod): boolean {
  const ma = a.metadata;
  const mb = b.metadata;
  return (
    ma.uid !== mb.uid ||
    ma.deletionTimestamp !== mb.deletionTimestamp ||
    ma.deletionGracePeriodSeconds !== mb.deletionGracePeriodSeconds ||
    JSON.stringify(ma.labels) !== JSON.stringify(mb.labels) ||
    JSON.stringify(ma.annotations) !== JSON.stringify(mb.annotations) ||
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    // A status someone else wrote (a terminal phase, say) is acted on too.
    a.status?.phase !== b.status?.phase
  );
}
