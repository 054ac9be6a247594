// Node registration and heartbeats for one node or thousands. Each node has a Lease in
// kube-node-lease renewed every 10 s and a status written when it changes (checked every
// 10 s) or at least every 5 min. One ticker serves every node; due work runs a few requests
// at a time, and first due times are spread so that many nodes do not renew in step.
import type { Node, NodeStatus, Taint } from '@mk/api';
import type { KubeClient, Lease, Logger } from '@mk/client';
import { isAlreadyExists, isConflict, isNotFound, microTime } from '@mk/client';
import { buildNode, kubeletStatusPatch, nodeLabels, nodeStatus, nodeStatusChanged } from './node.js';
import type { NodeSpecInput } from './node.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

export interface HeartbeatOptions {
  client: KubeClient;
  logger: Logger;
  /** Lease renew interval (kubelet: 10 s = leaseDuration / 4). */
  leaseRenewMs?: number;
  /** How often status is recomputed and written if changed (kubelet: 10 s). */
  statusUpdateMs?: number;
  /** Status is written at least this often even unchanged (kubelet: 5 min). */
  statusReportMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

interface NodeEntry {
  input: () => NodeSpecInput;
  name: string;
  uid: string;
  status?: NodeStatus;
  statusWrittenAt: number;
  nextStatusAt: number;
  lease?: Lease;
  nextLeaseAt: number;
  busy: boolean;
  /** Set when the node object is found missing: register again. */
  lost: boolean;
  onRegistered?: (node: Node) => void;
}

const metaNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export class Heartbeat {
  private readonly nodes = new Map<string, NodeEntry>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly leaseRenewMs: number;
  private readonly statusUpdateMs: number;
  private readonly statusReportMs: number;
  private readonly concurrency: number;
  /** Renewals done, for tests and benchmarks. */
  renewals = 0;
  statusWrites = 0;

  constructor(private readonly o: HeartbeatOptions) {
    this.leaseRenewMs = o.leaseRenewMs ?? 10_000;
    this.statusUpdateMs = o.statusUpdateMs ?? 10_000;
    this.statusReportMs = o.statusReportMs ?? 5 * 60_000;
    this.concurrency = o.concurrency ?? 16;
  }

  /** Register (or adopt) the node and its lease; heartbeats start. Resolves with the Node. */
  async add(input: () => NodeSpecInput, taints?: Taint[]): Promise<Node> {
    const i = input();
    const node = await this.register(i, taints);
    const lease = await this.ensureLease(i.nodeName, node);
    const now = Date.now();
    this.nodes.set(i.nodeName, {
      input,
      name: i.nodeName,
      uid: node.metadata.uid!,
      status: node.status,
      statusWrittenAt: now,
      nextStatusAt: now + Math.random() * this.statusUpdateMs,
      lease,
      nextLeaseAt: now + Math.random() * this.leaseRenewMs,
      busy: false,
      lost: false,
    });
    this.ensureTicker();
    return node;
  }

  remove(nodeName: string): void {
    this.nodes.delete(nodeName);
    if (this.nodes.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get size(): number {
    return this.nodes.size;
  }

  private ensureTicker(): void {
    if (this.timer) return;
    const tickMs = Math.min(1000, this.leaseRenewMs / 4);
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref?.();
  }

  private readonly queue: NodeEntry[] = [];

  /** Queue every node with work due; a few run at a time, the next starting as one ends. */
  private tick(): void {
    const now = Date.now();
    for (const e of this.nodes.values()) {
      if (e.busy) continue;
      if (e.nextLeaseAt <= now || e.nextStatusAt <= now || e.lost) {
        e.busy = true;
        this.queue.push(e);
      }
    }
    this.drain();
  }

  private drain(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const e = this.queue.shift()!;
      if (!this.nodes.has(e.name)) continue;
      this.inFlight++;
      void this.beat(e, Date.now()).finally(() => {
        e.busy = false;
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async beat(e: NodeEntry, now: number): Promise<void> {
    try {
      if (e.lost) {
        const node = await this.register(e.input(), undefined);
        e.uid = node.metadata.uid!;
        e.status = node.status;
        e.lease = undefined;
        e.lost = false;
      }
      if (e.nextLeaseAt <= now) {
        await this.renew(e);
        e.nextLeaseAt = now + this.leaseRenewMs;
      }
      if (e.nextStatusAt <= now) {
        await this.updateStatus(e, now);
        e.nextStatusAt = now + this.statusUpdateMs;
      }
    } catch (err) {
      if (isNotFound(err)) e.lost = true;
      this.o.logger.warn(`heartbeat of node ${e.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async register(i: NodeSpecInput, taints: Taint[] | undefined): Promise<Node> {
    const node = buildNode({ ...i, taints }, metaNow());
    try {
      return await this.o.client.create<Node>('nodes', node);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    // Already registered (a restarted kubelet): reconcile the labels it owns, refresh status.
    const existing = await this.o.client.get<Node>('nodes', undefined, i.nodeName);
    const patch: { metadata: { labels: Record<string, string> }; spec?: { podCIDR: string; podCIDRs: string[] } } = {
      metadata: { labels: nodeLabels(i.nodeName, i.labels) },
    };
    if (i.podCIDR && !existing.spec?.podCIDR) patch.spec = { podCIDR: i.podCIDR, podCIDRs: [i.podCIDR] };
    await this.o.client.patch<Node>('nodes', undefined, i.nodeName, patch, 'merge');
    const status = nodeStatus(i, metaNow(), existing.status);
    return this.o.client.patch<Node>('nodes', undefined, i.nodeName, { status: kubeletStatusPatch(status) }, 'strategic', { subresource: 'status' });
  }

  private leaseFor(nodeName: string, node: { uid: string }): Lease {
    const now = microTime();
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.uid }],
      },
      spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now },
    };
  }

  private async ensureLease(nodeName: string, node: Node): Promise<Lease> {
    try {
      return await this.o.client.create<Lease>('leases', this.leaseFor(nodeName, { uid: node.metadata.uid! }));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const cur = await this.o.client.get<Lease>('leases', NODE_LEASE_NAMESPACE, nodeName);
    return this.o.client.update<Lease>('leases', {
      ...cur,
      spec: { ...cur.spec, holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime() },
    });
  }

  private async renew(e: NodeEntry): Promise<void> {
    if (!e.lease) {
      e.lease = await this.ensureLease(e.name, { metadata: { uid: e.uid } } as Node);
      this.renewals++;
      return;
    }
    try {
      e.lease = await this.o.client.update<Lease>('leases', { ...e.lease, spec: { ...e.lease.spec, renewTime: microTime() } });
      this.renewals++;
    } catch (err) {
      // Someone else wrote it (or it is gone): start from the server's copy next time.
      if (isConflict(err) || isNotFound(err)) {
        e.lease = undefined;
        e.nextLeaseAt = 0;
        return;
      }
      throw err;
    }
  }

  private async updateStatus(e: NodeEntry, now: number): Promise<void> {
    const next = nodeStatus(e.input(), metaNow(), e.status);
    if (!nodeStatusChanged(next, e.status) && now - e.statusWrittenAt < this.statusReportMs) return;
    // Strategic merge: conditions merge by type, so one set by the pod network agent stays.
    const node = await this.o.client.patch<Node>('nodes', undefined, e.name, { status: kubeletStatusPatch(next) }, 'strategic', { subresource: 'status' });
    e.status = node.status;
    e.statusWrittenAt = now;
    this.statusWrites++;
  }

  /** Write one node's status now if it changed (the kubelet saw new images, say). */
  poke(nodeName: string): void {
    const e = this.nodes.get(nodeName);
    if (e) e.nextStatusAt = 0;
  }
}
