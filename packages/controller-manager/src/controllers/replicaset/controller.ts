// ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods that
// match the selector, and reports what it sees in status.
import { labelSelectorFromObject } from '@mk/api';
import type { KubeObject, Pod, ReplicaSet } from '@mk/api';
import { isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { slowStartBatch } from '../../util/batch.js';
import { claimObjects } from '../../util/claim.js';
import { ControllerExpectations } from '../../util/expectations.js';
import { getControllerOf, newControllerRef, clone } from '../../util/owner.js';
import { isPodActive, isPodReady, podKey } from '../../util/pod.js';
import { podsToDelete } from './ranking.js';
import { calculateStatus, sameStatus, statusPatch } from './status.js';

/** At most this many creations or deletions per sync (kube-controller-manager's burstReplicas). */
export const BURST_REPLICAS = 500;

export class ReplicaSetController extends QueueController {
  readonly name = 'replicaset';
  readonly expectations = new ControllerExpectations();
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly podInformer: Informer<Pod>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.rsInformer = ctx.factory.informerFor<ReplicaSet>('replicasets.apps');
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (_old, rs) => this.enqueue(rs),
      onDelete: (rs) => {
        this.expectations.delete(metaNamespaceKey(rs));
        this.enqueue(rs);
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  private enqueue(rs: KubeObject): void {
    this.queue.add(metaNamespaceKey(rs));
  }

  /** The ReplicaSet a controller reference points at, if it is still that very object. */
  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): ReplicaSet | undefined {
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.getByName(namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets whose selector matches an orphan pod: candidates to adopt it. */
  private replicaSetsForPod(pod: Pod): ReplicaSet[] {
    if (!pod.metadata.labels) return [];
    return this.rsInformer.list(pod.metadata.namespace).filter((rs) => {
      try {
        const sel = labelSelectorFromObject(rs.spec?.selector);
        return !sel.empty && sel.matches(pod.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      // A restarted controller may first see a pod already being deleted.
      this.deletePod(pod);
      return;
    }
    const rs = this.resolveControllerRef(pod.metadata.namespace, getControllerOf(pod));
    if (rs) {
      this.expectations.creationObserved(metaNamespaceKey(rs));
      this.enqueue(rs);
      return;
    }
    if (!getControllerOf(pod)) for (const r of this.replicaSetsForPod(pod)) this.enqueue(r);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!rs) return;
      this.enqueue(rs);
      // Becoming ready starts the minReadySeconds clock: look again once it has run.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(metaNamespaceKey(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const r of this.replicaSetsForPod(cur)) this.enqueue(r);
  }

  private deletePod(pod: Pod): void {
    const rs = this.resolveControllerRef(pod.metadata.namespace, getControllerOf(pod));
    if (!rs) return;
    const key = metaNamespaceKey(rs);
    this.expectations.deletionObserved(key, podKey(pod));
    this.enqueue(rs);
  }

  protected async reconcile(key: string): Promise<void> {
    const rs = this.rsInformer.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const selector = labelSelectorFromObject(rs.spec?.selector);
    const active = this.podInformer.list(rs.metadata.namespace).filter(isPodActive);
    const pods = await claimObjects<Pod>(
      {
        client: this.ctx.client,
        owner: rs,
        ownerApiVersion: 'apps/v1',
        ownerKind: 'ReplicaSet',
        ownerResource: 'replicasets.apps',
        resource: 'pods',
        selector,
      },
      active,
    );
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, pods);
      } catch (err) {
        manageError = err;
      }
    }
    const status = calculateStatus(rs, pods, manageError);
    if (!sameStatus(rs.status, status)) {
      try {
        await this.ctx.client.patch('replicasets.apps', rs.metadata.namespace, rs.metadata.name ?? '', { status: statusPatch(status) }, 'merge', {
          subresource: 'status',
        });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (manageError) throw manageError;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.readyReplicas === (rs.spec?.replicas ?? 1) && status.availableReplicas !== status.readyReplicas) {
      this.queue.addAfter(key, minReady * 1000);
    }
  }

  private async manageReplicas(key: string, rs: ReplicaSet, pods: Pod[]): Promise<void> {
    const want = rs.spec?.replicas ?? 1;
    const diff = pods.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      // Expect before creating: the informer may see a pod before create() returns.
      this.expectations.expectCreations(key, n);
      const { successes, error } = await slowStartBatch(n, 1, () => this.createPod(rs));
      for (let i = successes; i < n; i++) this.expectations.creationObserved(key);
      if (error) {
        const msg = error instanceof Error ? error.message : String(error);
        void this.ctx.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${msg}`);
        throw error;
      }
      return;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, this.relatedPods(rs, pods), n);
      this.expectations.expectDeletions(key, victims.map(podKey));
      const results = await Promise.allSettled(victims.map((p) => this.deletePodFor(rs, p)));
      let first: unknown;
      results.forEach((r, i) => {
        if (r.status === 'rejected') {
          this.expectations.deletionObserved(key, podKey(victims[i]));
          if (!isNotFound(r.reason)) first ??= r.reason;
        }
      });
      if (first) throw first;
    }
  }

  /** Pods of the ReplicaSets that share this one's owner (a Deployment's other revisions). */
  private relatedPods(rs: ReplicaSet, own: Pod[]): Pod[] {
    const owner = getControllerOf(rs);
    if (!owner) return own;
    const siblings = new Set(
      this.rsInformer
        .list(rs.metadata.namespace)
        .filter((r) => getControllerOf(r)?.uid === owner.uid)
        .map((r) => r.metadata.uid),
    );
    return this.podInformer.list(rs.metadata.namespace).filter((p) => isPodActive(p) && siblings.has(getControllerOf(p)?.uid));
  }

  private async createPod(rs: ReplicaSet): Promise<void> {
    const template = rs.spec?.template ?? {};
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ownerReferences: [newControllerRef(rs, 'apps/v1', 'ReplicaSet')],
      },
      spec: clone(template.spec ?? { containers: [] }),
    };
    if (template.metadata?.annotations) pod.metadata.annotations = { ...template.metadata.annotations };
    if (template.metadata?.finalizers) pod.metadata.finalizers = [...template.metadata.finalizers];
    const created = await this.ctx.client.create<Pod>('pods', pod);
    void this.ctx.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
  }

  private async deletePodFor(rs: ReplicaSet, pod: Pod): Promise<void> {
    await this.ctx.client.delete('pods', pod.metadata.namespace, pod.metadata.name ?? '', {
      preconditions: pod.metadata.uid ? { uid: pod.metadata.uid } : undefined,
    });
    void this.ctx.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  }
}
