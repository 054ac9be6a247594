// Node lifecycle controller (pkg/controller/nodelifecycle) with the NoExecute taint manager
// and node IPAM: a node whose kubelet is not heard from (node Lease or Ready heartbeat) for
// the grace period gets Ready=Unknown and the unreachable taints; pods that do not tolerate
// a NoExecute taint (or whose tolerationSeconds run out) are deleted so their controllers
// replace them elsewhere. Each node gets a /24 spec.podCIDR from the cluster CIDR.
import type { Lease, Node, NodeCondition, Pod, Taint } from '@mk/api';
import { NODE_NAME_INDEX, isNotFound, podsByNodeName } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { clone } from '../../util/owner.js';
import { tolerationFor } from '../../util/taints.js';
import { reconcileTaints } from './taints.js';

const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const WATCHED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

interface Health {
  /** Local time we last saw the kubelet do something (lease renewal or status heartbeat). */
  probeTime: number;
  renewTime?: string;
  heartbeat?: string;
}

function metaNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class NodeLifecycleController extends QueueController {
  readonly name = 'nodelifecycle';
  private readonly nodeInformer: Informer<Node>;
  private readonly leaseInformer: Informer<Lease>;
  private readonly podInformer: Informer<Pod>;
  private readonly health = new Map<string, Health>();
  /** podCIDRs assigned by this controller, by node name, until the informer shows them. */
  private readonly pendingCIDRs = new Map<string, string>();
  private readonly graceMs: number;
  private readonly clusterCIDR: string;
  private ticker: NodeJS.Timeout | undefined;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.graceMs = (ctx.settings.nodeMonitorGracePeriodSeconds ?? 40) * 1000;
    this.clusterCIDR = ctx.settings.clusterCIDR ?? '10.244.0.0/16';
    this.nodeInformer = ctx.factory.informerFor<Node>('nodes');
    this.leaseInformer = ctx.factory.informerFor<Lease>('leases.coordination.k8s.io', { namespace: NODE_LEASE_NAMESPACE });
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    try {
      this.podInformer.addIndexer(NODE_NAME_INDEX, podsByNodeName as (p: Pod) => string[]);
    } catch {
      // another controller added it already
    }
    this.nodeInformer.addEventHandler({
      onAdd: (n) => this.queue.add(n.metadata.name ?? ''),
      onUpdate: (_o, n) => this.queue.add(n.metadata.name ?? ''),
      onDelete: (n) => this.health.delete(n.metadata.name ?? ''),
    });
    this.leaseInformer.addEventHandler({ onAdd: (l) => this.queue.add(l.metadata.name ?? ''), onUpdate: (_o, l) => this.queue.add(l.metadata.name ?? '') });
    // A pod landing on a tainted node is judged too.
    this.podInformer.addEventHandler({
      onAdd: (p) => p.spec?.nodeName && this.queue.add(p.spec.nodeName),
      onUpdate: (o, p) => p.spec?.nodeName && o.spec?.nodeName !== p.spec.nodeName && this.queue.add(p.spec.nodeName),
    });
  }

  override run(workers: number): Promise<void> {
    // nodeMonitorPeriod: look at every node regularly, since silence produces no events.
    const period = Math.max(100, Math.min(5000, this.graceMs / 4));
    this.ticker ??= setInterval(() => {
      for (const n of this.nodeInformer.keys()) this.queue.add(n);
    }, period);
    this.ticker.unref();
    return super.run(workers);
  }

  override async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    await super.stop();
  }

  protected async reconcile(name: string): Promise<void> {
    let node = this.nodeInformer.get(name);
    if (!node) return;
    node = await this.allocateCIDR(node);
    node = await this.monitorHealth(node);
    const taints = reconcileTaints(node, metaNow());
    if (taints) {
      const next = clone(node);
      next.spec = { ...(next.spec ?? {}), taints };
      // Go's omitempty: a node whose last taint went has no taints field, not taints: [].
      if (taints.length === 0) delete next.spec.taints;
      node = await this.ctx.client.update<Node>('nodes', next);
    }
    await this.evictPods(node);
  }

  /** Ready=Unknown when the kubelet has been silent longer than the grace period. */
  private async monitorHealth(node: Node): Promise<Node> {
    const name = node.metadata.name ?? '';
    const now = Date.now();
    const lease = this.leaseInformer.getByName(NODE_LEASE_NAMESPACE, name);
    const renewTime = lease?.spec?.renewTime;
    const heartbeat = node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime;
    let h = this.health.get(name);
    if (!h) this.health.set(name, (h = { probeTime: now, renewTime, heartbeat }));
    if (h.renewTime !== renewTime || h.heartbeat !== heartbeat) {
      h.probeTime = now;
      h.renewTime = renewTime;
      h.heartbeat = heartbeat;
    }
    if (now - h.probeTime <= this.graceMs) return node;
    const ts = metaNow();
    const conditions: NodeCondition[] = clone(node.status?.conditions ?? []);
    let changed = false;
    for (const type of WATCHED_CONDITIONS) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: ts, lastTransitionTime: ts } as NodeCondition);
        changed = true;
      } else if (c.status !== 'Unknown') {
        c.status = 'Unknown';
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
        c.lastTransitionTime = ts;
        changed = true;
      }
    }
    if (!changed) return node;
    void this.ctx.recorder.event({ kind: 'Node', name, apiVersion: 'v1' }, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    const next = clone(node);
    next.status = { ...(next.status ?? {}), conditions };
    const updated = await this.ctx.client.updateStatus<Node>('nodes', next);
    // The kubelet's own status update would have said so; remember our write is not a heartbeat.
    h.heartbeat = updated.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime;
    await this.markPodsNotReady(name);
    return updated;
  }

  /** MarkPodsNotReady: pods on an unreachable node leave Service endpoints. */
  private async markPodsNotReady(nodeName: string): Promise<void> {
    for (const pod of this.podInformer.byIndex(NODE_NAME_INDEX, nodeName)) {
      const conds = pod.status?.conditions ?? [];
      const ready = conds.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const next = conds.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: metaNow() } : c));
      await this.ctx.client
        .patch('pods', pod.metadata.namespace, pod.metadata.name ?? '', { status: { conditions: next } }, 'merge', { subresource: 'status' })
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
    }
  }

  /** The taint manager: delete pods that do not tolerate the node's NoExecute taints (any more). */
  private async evictPods(node: Node): Promise<void> {
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length === 0) return;
    const now = Date.now();
    let nextCheck = Infinity;
    for (const pod of this.podInformer.byIndex(NODE_NAME_INDEX, node.metadata.name ?? '')) {
      if (pod.metadata.deletionTimestamp) continue;
      const deadline = evictionDeadline(pod, taints);
      if (deadline === Infinity) continue;
      if (deadline > now) {
        nextCheck = Math.min(nextCheck, deadline);
        continue;
      }
      void this.ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      await this.ctx.client.delete('pods', pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
    if (nextCheck !== Infinity) this.queue.addAfter(node.metadata.name ?? '', nextCheck - now + 50);
  }

  /** spec.podCIDR: the next free /24 of the cluster CIDR (range allocator). */
  private async allocateCIDR(node: Node): Promise<Node> {
    if (node.spec?.podCIDR) return node;
    const [base, bits] = this.clusterCIDR.split('/');
    const o = base.split('.').map(Number);
    const size = 2 ** Math.max(0, 24 - Number(bits));
    const name = node.metadata.name ?? '';
    const used = new Set(this.nodeInformer.list().map((n) => n.spec?.podCIDR).filter(Boolean));
    // Ranges handed out whose Node update the informer has not shown yet count as taken, as
    // Kubernetes' range allocator marks them in memory: two Nodes added back to back must
    // never get the same range.
    for (const [owner, cidr] of this.pendingCIDRs) {
      const cached = this.nodeInformer.getByName(undefined, owner);
      if (cached && !cached.spec?.podCIDR) used.add(cidr);
      else this.pendingCIDRs.delete(owner);
    }
    for (let i = 0; i < size; i++) {
      const third = o[2] + i;
      const cidr = `${o[0]}.${o[1] + Math.floor(third / 256)}.${third % 256}.0/24`;
      if (used.has(cidr)) continue;
      const next = clone(node);
      next.spec = { ...(next.spec ?? {}), podCIDR: cidr, podCIDRs: [cidr] };
      this.pendingCIDRs.set(name, cidr);
      try {
        return await this.ctx.client.update<Node>('nodes', next);
      } catch (err) {
        this.pendingCIDRs.delete(name);
        throw err;
      }
    }
    void this.ctx.recorder.event({ kind: 'Node', name: node.metadata.name, apiVersion: 'v1' }, 'Warning', 'CIDRNotAvailable', `Node ${node.metadata.name} status is now: CIDRNotAvailable`);
    return node;
  }
}

/** When a pod must go: now for an untolerated taint, never if tolerated forever. */
export function evictionDeadline(pod: Pod, noExecute: Taint[]): number {
  let deadline = Infinity;
  for (const taint of noExecute) {
    const t = tolerationFor(pod.spec?.tolerations, taint);
    if (!t) return 0;
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    const added = Date.parse(taint.timeAdded ?? '') || Date.now();
    deadline = Math.min(deadline, added + Math.max(0, t.tolerationSeconds) * 1000);
  }
  return deadline;
}
