// Disruption controller (pkg/controller/disruption): PodDisruptionBudget status, which the
// eviction subresource reads: currentHealthy, desiredHealthy, expectedPods and
// disruptionsAllowed. Pods the apiserver just evicted (disruptedPods) count as unhealthy
// until their deletion is seen, or for two minutes.
import { labelSelectorFromObject } from '@mk/api';
import type { Condition, Deployment, KubeObject, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus, ReplicaSet } from '@mk/api';
import { isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { scaledValueFromIntOrPercent } from '../../util/intstr.js';
import { canonicalJSON, clone, getControllerOf } from '../../util/owner.js';
import { isPodReady } from '../../util/pod.js';

const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export class DisruptionController extends QueueController {
  readonly name = 'disruption';
  private readonly pdbInformer: Informer<PodDisruptionBudget>;
  private readonly podInformer: Informer<Pod>;
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly dInformer: Informer<Deployment>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.pdbInformer = ctx.factory.informerFor<PodDisruptionBudget>('poddisruptionbudgets.policy');
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    this.rsInformer = ctx.factory.informerFor<ReplicaSet>('replicasets.apps');
    this.dInformer = ctx.factory.informerFor<Deployment>('deployments.apps');
    const enqueue = (o: KubeObject): void => this.queue.add(metaNamespaceKey(o));
    this.pdbInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
    const podChanged = (p: Pod): void => {
      for (const pdb of this.pdbInformer.list(p.metadata.namespace)) {
        try {
          if (labelSelectorFromObject(pdb.spec?.selector).matches(p.metadata.labels)) enqueue(pdb);
        } catch {
          // an invalid selector matches nothing
        }
      }
    };
    this.podInformer.addEventHandler({ onAdd: podChanged, onUpdate: (_o, p) => podChanged(p), onDelete: podChanged });
    const scaleChanged = (o: KubeObject): void => {
      for (const pdb of this.pdbInformer.list(o.metadata.namespace)) enqueue(pdb);
    };
    this.rsInformer.addEventHandler({ onUpdate: (a, b) => a.spec?.replicas !== b.spec?.replicas && scaleChanged(b) });
    this.dInformer.addEventHandler({ onUpdate: (a, b) => a.spec?.replicas !== b.spec?.replicas && scaleChanged(b) });
  }

  /** The replicas the pods' controllers ask for (getExpectedScale); unmanaged pods count as one each. */
  private expectedScale(pods: Pod[]): number {
    const seen = new Map<string, number>();
    let unmanaged = 0;
    for (const p of pods) {
      const ref = getControllerOf(p);
      if (ref?.kind === 'ReplicaSet') {
        const rs = this.rsInformer.getByName(p.metadata.namespace, ref.name);
        const dRef = rs && getControllerOf(rs);
        const d = dRef?.kind === 'Deployment' ? this.dInformer.getByName(p.metadata.namespace, dRef.name) : undefined;
        if (d) seen.set(d.metadata.uid ?? '', d.spec?.replicas ?? 1);
        else if (rs) seen.set(rs.metadata.uid ?? '', rs.spec?.replicas ?? 1);
        else unmanaged++;
      } else unmanaged++;
    }
    return [...seen.values()].reduce((a, b) => a + b, 0) + unmanaged;
  }

  protected async reconcile(key: string): Promise<void> {
    const pdb = this.pdbInformer.get(key);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const spec = pdb.spec ?? {};
    const selector = labelSelectorFromObject(spec.selector);
    const pods = selector.empty ? [] : this.podInformer.list(pdb.metadata.namespace).filter((p) => selector.matches(p.metadata.labels));
    const now = Date.now();
    // Disrupted pods: forget those seen going or too old.
    const disrupted: Record<string, string> = {};
    let recheck = Infinity;
    for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
      const pod = pods.find((p) => p.metadata.name === name);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
      if (expires <= now) continue;
      disrupted[name] = at;
      recheck = Math.min(recheck, expires);
    }
    const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p) && !disrupted[p.metadata.name ?? '']).length;
    let expected: number;
    let desired: number;
    if (spec.maxUnavailable !== undefined) {
      expected = this.expectedScale(pods);
      desired = Math.max(0, expected - scaledValueFromIntOrPercent(spec.maxUnavailable, expected, true));
    } else if (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%')) {
      expected = this.expectedScale(pods);
      desired = scaledValueFromIntOrPercent(spec.minAvailable, expected, true);
    } else {
      expected = pods.filter((p) => !p.metadata.deletionTimestamp).length;
      desired = scaledValueFromIntOrPercent(spec.minAvailable ?? 1, expected, true);
    }
    const allowed = Math.max(0, healthy - desired);
    const old = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const cond: Condition = {
      type: 'DisruptionAllowed',
      status: allowed > 0 ? 'True' : 'False',
      reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
      message: '',
      observedGeneration: pdb.metadata.generation,
      lastTransitionTime: old && old.status === (allowed > 0 ? 'True' : 'False') ? old.lastTransitionTime : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    const status: PodDisruptionBudgetStatus = {
      observedGeneration: pdb.metadata.generation,
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
      conditions: [cond],
    };
    if (Object.keys(disrupted).length) status.disruptedPods = disrupted;
    if (recheck !== Infinity) this.queue.addAfter(key, recheck - now + 50);
    if (canonicalJSON(status) === canonicalJSON(pdb.status ?? {})) return;
    const next = clone(pdb);
    next.status = status;
    await this.ctx.client.updateStatus('poddisruptionbudgets.policy', next).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
