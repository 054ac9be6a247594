// Deployment controller (pkg/controller/deployment): owns ReplicaSets, one per pod template,
// and moves pods between them by the Deployment's strategy.
import { labelSelectorFromObject } from '@mk/api';
import type { Deployment, KubeObject, OwnerReference, Pod, ReplicaSet } from '@mk/api';
import { isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { claimObjects } from '../../util/claim.js';
import { clone, getControllerOf } from '../../util/owner.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { DeploymentSync } from './sync.js';
import { PAUSED_DEPLOY_REASON, RESUMED_DEPLOY_REASON, getCondition, hasProgressDeadline, newCondition, setCondition } from './util.js';

export class DeploymentController extends QueueController {
  readonly name = 'deployment';
  private readonly dInformer: Informer<Deployment>;
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly podInformer: Informer<Pod>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.dInformer = ctx.factory.informerFor<Deployment>('deployments.apps');
    this.rsInformer = ctx.factory.informerFor<ReplicaSet>('replicasets.apps');
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    const enqueue = (d: KubeObject): void => this.queue.add(metaNamespaceKey(d));
    this.dInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.replicaSetChanged(undefined, rs),
      onUpdate: (old, cur) => this.replicaSetChanged(old, cur),
      onDelete: (rs) => this.enqueueOwner(rs.metadata.namespace, getControllerOf(rs)),
    });
    // Recreate waits for old pods to be gone.
    this.podInformer.addEventHandler({ onDelete: (pod) => this.podDeleted(pod) });
  }

  private enqueueOwner(namespace: string | undefined, ref: OwnerReference | undefined): boolean {
    if (!ref || ref.kind !== 'Deployment') return false;
    const d = this.dInformer.getByName(namespace, ref.name);
    if (!d || d.metadata.uid !== ref.uid) return false;
    this.queue.add(metaNamespaceKey(d));
    return true;
  }

  private replicaSetChanged(old: ReplicaSet | undefined, cur: ReplicaSet): void {
    if (old && old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const oldRef = old && getControllerOf(old);
    const curRef = getControllerOf(cur);
    if (old && oldRef && oldRef.uid !== curRef?.uid) this.enqueueOwner(old.metadata.namespace, oldRef);
    if (curRef) {
      this.enqueueOwner(cur.metadata.namespace, curRef);
      return;
    }
    // An orphan: every Deployment that could adopt it.
    for (const d of this.dInformer.list(cur.metadata.namespace)) {
      try {
        const sel = labelSelectorFromObject(d.spec?.selector);
        if (!sel.empty && sel.matches(cur.metadata.labels)) this.queue.add(metaNamespaceKey(d));
      } catch {
        // an invalid selector adopts nothing
      }
    }
  }

  private podDeleted(pod: Pod): void {
    const rsRef = getControllerOf(pod);
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.getByName(pod.metadata.namespace, rsRef.name);
    if (!rs || rs.metadata.uid !== rsRef.uid) return;
    const dRef = getControllerOf(rs);
    if (!dRef || dRef.kind !== 'Deployment') return;
    const d = this.dInformer.getByName(pod.metadata.namespace, dRef.name);
    if (d?.spec?.strategy?.type === 'Recreate') this.enqueueOwner(pod.metadata.namespace, dRef);
  }

  protected async reconcile(key: string): Promise<void> {
    const cached = this.dInformer.get(key);
    if (!cached) return;
    const s = new DeploymentSync(this.ctx.client, this.ctx.recorder, clone(cached));
    try {
      await this.syncDeployment(s);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (s.requeueAfterMs !== undefined) this.queue.addAfter(key, s.requeueAfterMs);
  }

  private async syncDeployment(s: DeploymentSync): Promise<void> {
    const d = s.d;
    const selector = labelSelectorFromObject(d.spec?.selector);
    if (selector.empty) {
      void this.ctx.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        await s.writeStatus({ ...(d.status ?? {}), observedGeneration: d.metadata.generation });
      }
      return;
    }
    const rsList = (
      await claimObjects<ReplicaSet>(
        {
          client: this.ctx.client,
          owner: d,
          ownerApiVersion: 'apps/v1',
          ownerKind: 'Deployment',
          ownerResource: 'deployments.apps',
          resource: 'replicasets.apps',
          selector,
        },
        this.rsInformer.list(d.metadata.namespace),
      )
    ).map((rs) => clone(rs));

    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, false);
      return s.syncDeploymentStatus([...oldRSs, newRS], newRS);
    }
    await this.checkPausedConditions(s);
    if (s.d.spec?.paused) return s.sync(rsList);
    if (s.isScalingEvent(rsList)) return s.sync(rsList);
    if (s.d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(s, rsList, this.podsByReplicaSet(s.d, rsList));
    return rolloutRolling(s, rsList);
  }

  /** Progressing=Unknown DeploymentPaused / DeploymentResumed as the Deployment is paused or resumed. */
  private async checkPausedConditions(s: DeploymentSync): Promise<void> {
    const d = s.d;
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return;
    const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
    const status = clone(d.status ?? {});
    if (d.spec?.paused && !pausedCondExists) {
      setCondition(status, newCondition('Progressing', 'Unknown', PAUSED_DEPLOY_REASON, 'Deployment is paused'));
    } else if (!d.spec?.paused && pausedCondExists) {
      setCondition(status, newCondition('Progressing', 'Unknown', RESUMED_DEPLOY_REASON, 'Deployment is resumed'));
    } else return;
    await s.writeStatus(status);
  }

  private podsByReplicaSet(d: Deployment, rsList: ReplicaSet[]): Map<string, Pod[]> {
    const m = new Map<string, Pod[]>();
    for (const rs of rsList) m.set(rs.metadata.uid ?? '', []);
    const selector = labelSelectorFromObject(d.spec?.selector);
    for (const p of this.podInformer.list(d.metadata.namespace)) {
      if (!selector.matches(p.metadata.labels)) continue;
      const ref = getControllerOf(p);
      if (ref && m.has(ref.uid)) m.get(ref.uid)!.push(p);
    }
    return m;
  }
}
