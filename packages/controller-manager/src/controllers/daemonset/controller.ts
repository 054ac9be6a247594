// DaemonSet controller (pkg/controller/daemon): one pod per eligible node, placed by the
// scheduler through node affinity on metadata.name; RollingUpdate or OnDelete updates
// tracked by ControllerRevisions and the controller-revision-hash label.
import { labelSelectorFromObject } from '@mk/api';
import type { ControllerRevision, DaemonSet, KubeObject, Node, Pod } from '@mk/api';
import { isAlreadyExists, isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { claimObjects } from '../../util/claim.js';
import { ControllerExpectations } from '../../util/expectations.js';
import { scaledValueFromIntOrPercent } from '../../util/intstr.js';
import { clone, getControllerOf, newControllerRef } from '../../util/owner.js';
import { isPodAvailable, isPodReady, isPodTerminal, podKey } from '../../util/pod.js';
import { computeHash } from '../deployment/hash.js';
import { daemonPodNode, nodeShouldRunDaemonPod, podSpecForNode } from './placement.js';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
const REVISIONS = 'controllerrevisions.apps';

export class DaemonSetController extends QueueController {
  readonly name = 'daemonset';
  readonly expectations = new ControllerExpectations();
  private readonly dsInformer: Informer<DaemonSet>;
  private readonly podInformer: Informer<Pod>;
  private readonly nodeInformer: Informer<Node>;
  private readonly revInformer: Informer<ControllerRevision>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.dsInformer = ctx.factory.informerFor<DaemonSet>('daemonsets.apps');
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    this.nodeInformer = ctx.factory.informerFor<Node>('nodes');
    this.revInformer = ctx.factory.informerFor<ControllerRevision>(REVISIONS);
    const enqueue = (o: KubeObject): void => this.queue.add(metaNamespaceKey(o));
    this.dsInformer.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_o, n) => enqueue(n),
      onDelete: (ds) => {
        this.expectations.delete(metaNamespaceKey(ds));
        enqueue(ds);
      },
    });
    const all = (): void => {
      for (const ds of this.dsInformer.list()) enqueue(ds);
    };
    this.nodeInformer.addEventHandler({
      onAdd: all,
      onUpdate: (o, n) => {
        if (JSON.stringify([o.metadata.labels, o.spec?.taints]) !== JSON.stringify([n.metadata.labels, n.spec?.taints])) all();
      },
      onDelete: all,
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.podEvent(p, 'add'),
      onUpdate: (_o, p) => this.podEvent(p, p.metadata.deletionTimestamp ? 'delete' : 'update'),
      onDelete: (p) => this.podEvent(p, 'delete'),
    });
  }

  private podEvent(pod: Pod, kind: 'add' | 'update' | 'delete'): void {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'DaemonSet') return;
    const ds = this.dsInformer.getByName(pod.metadata.namespace, ref.name);
    if (!ds || ds.metadata.uid !== ref.uid) return;
    const key = metaNamespaceKey(ds);
    if (kind === 'add') this.expectations.creationObserved(key);
    if (kind === 'delete') this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  protected async reconcile(key: string): Promise<void> {
    const ds = this.dsInformer.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const pods = await claimObjects<Pod>(
      {
        client: this.ctx.client,
        owner: ds,
        ownerApiVersion: 'apps/v1',
        ownerKind: 'DaemonSet',
        ownerResource: 'daemonsets.apps',
        resource: 'pods',
        selector: labelSelectorFromObject(ds.spec?.selector),
      },
      this.podInformer.list(ds.metadata.namespace).filter((p) => !p.metadata.deletionTimestamp),
    );
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) {
      const n = daemonPodNode(p) ?? '';
      if (!byNode.has(n)) byNode.set(n, []);
      byNode.get(n)!.push(p);
    }
    for (const list of byNode.values()) list.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    if (ds.metadata.deletionTimestamp) return;
    await this.syncRevisions(ds, hash, pods);
    if (this.expectations.satisfied(key)) await this.manage(key, ds, byNode, hash);
    await this.updateStatus(ds, byNode, hash);
  }

  private async manage(key: string, ds: DaemonSet, byNode: Map<string, Pod[]>, hash: string): Promise<void> {
    // (byNode lists each node's pods oldest first.)
    const create: string[] = [];
    const remove: Pod[] = [];
    const nodes = this.nodeInformer.list();
    const names = new Set(nodes.map((n) => n.metadata.name ?? ''));
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      const here = byNode.get(name) ?? [];
      if (shouldRun && here.length === 0) create.push(name);
      else if (shouldContinueRunning) {
        const failed = here.filter(isPodTerminal);
        remove.push(...failed);
        const running = here.filter((p) => !isPodTerminal(p));
        if (running.length > 1) {
          if (this.surge(ds, 0) > 0) {
            // A surge keeps one old and one new pod side by side; extras of one revision go.
            const seen = new Set<string | undefined>();
            for (const p of running) {
              const h = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
              if (seen.has(h)) remove.push(p);
              seen.add(h);
            }
          } else remove.push(...running.slice(1)); // keep the oldest
        }
        if (failed.length && running.length === 0 && shouldRun) create.push(name);
      } else remove.push(...here);
    }
    // Pods for nodes that are gone (podgc's job in Kubernetes, done here too).
    for (const [node, ps] of byNode) if (node && !names.has(node)) remove.push(...ps);
    if (create.length === 0 && remove.length === 0 && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const desiredCount = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
      if (this.surge(ds, desiredCount) > 0) {
        const r = this.surgeUpdate(ds, byNode, hash, nodes);
        create.push(...r.create);
        remove.push(...r.remove);
      } else remove.push(...this.rollingUpdateVictims(ds, byNode, hash));
    }
    if (create.length === 0 && remove.length === 0) return;
    this.expectations.expect(key, create.length, remove.map(podKey));
    const results = await Promise.allSettled([
      ...create.map((n) => this.createPod(ds, n, hash).catch((err: unknown) => {
        this.expectations.creationObserved(key);
        throw err;
      })),
      ...remove.map((p) =>
        this.ctx.client.delete('pods', p.metadata.namespace, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } }).catch((err: unknown) => {
          this.expectations.deletionObserved(key, podKey(p));
          if (!isNotFound(err)) throw err;
        }),
      ),
    ]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private surge(ds: DaemonSet, desired: number): number {
    const v = ds.spec?.updateStrategy?.rollingUpdate?.maxSurge;
    if (v === undefined || v === 0 || v === '0%') return 0;
    return Math.max(1, scaledValueFromIntOrPercent(v, desired, true));
  }

  /**
   * maxSurge: start the new pod beside the old one on up to maxSurge nodes at a time; the
   * old one goes once the new one is available (or at once if it was not available anyway).
   */
  private surgeUpdate(ds: DaemonSet, byNode: Map<string, Pod[]>, hash: string, nodes: Node[]): { create: string[]; remove: Pod[] } {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun);
    const maxSurge = this.surge(ds, desired.length);
    const create: string[] = [];
    const remove: Pod[] = [];
    let surging = 0;
    const pending: string[] = [];
    for (const node of desired) {
      const here = (byNode.get(node.metadata.name ?? '') ?? []).filter((p) => !isPodTerminal(p));
      const fresh = here.find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash);
      const old = here.filter((p) => p !== fresh);
      if (old.length === 0) continue;
      if (fresh) {
        surging++;
        if (isPodAvailable(fresh, minReady)) remove.push(...old);
      } else if (!old.some((p) => isPodAvailable(p, minReady))) remove.push(...old);
      else pending.push(node.metadata.name ?? '');
    }
    for (const n of pending) {
      if (surging >= maxSurge) break;
      create.push(n);
      surging++;
    }
    return { create, remove };
  }

  /** Old pods to replace now: unavailable ones freely, then up to maxUnavailable at a time. */
  private rollingUpdateVictims(ds: DaemonSet, byNode: Map<string, Pod[]>, hash: string): Pod[] {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const desired = this.nodeInformer.list().filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun);
    const maxUnavailable = Math.max(1, scaledValueFromIntOrPercent(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired.length, true));
    let unavailable = 0;
    const oldAvailable: Pod[] = [];
    const victims: Pod[] = [];
    for (const node of desired) {
      const pod = (byNode.get(node.metadata.name ?? '') ?? [])[0];
      if (!pod) {
        unavailable++;
        continue;
      }
      const available = isPodAvailable(pod, minReady);
      const old = pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash;
      if (!available) {
        unavailable++;
        if (old) victims.push(pod);
      } else if (old) oldAvailable.push(pod);
    }
    for (const p of oldAvailable) {
      if (unavailable >= maxUnavailable) break;
      victims.push(p);
      unavailable++;
    }
    return victims;
  }

  private async createPod(ds: DaemonSet, nodeName: string, hash: string): Promise<void> {
    const t = ds.spec!.template;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
        ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
      },
      spec: podSpecForNode(t.spec ?? { containers: [] }, nodeName),
    };
    if (t.metadata?.annotations) pod.metadata.annotations = { ...t.metadata.annotations };
    const created = await this.ctx.client.create<Pod>('pods', pod);
    void this.ctx.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
  }

  /** The ControllerRevision of the current template exists and has the highest revision. */
  private async syncRevisions(ds: DaemonSet, hash: string, pods: Pod[]): Promise<void> {
    const mine = this.revInformer.list(ds.metadata.namespace).filter((r) => getControllerOf(r)?.uid === ds.metadata.uid);
    const max = mine.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
    const name = `${ds.metadata.name}-${hash}`;
    const cur = mine.find((r) => r.metadata.name === name);
    if (!cur) {
      const rev: ControllerRevision = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name,
          namespace: ds.metadata.namespace,
          labels: { ...(ds.spec?.template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
          ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
        },
        data: { spec: { template: { ...clone(ds.spec!.template), $patch: 'replace' } } },
        revision: max + 1,
      };
      try {
        await this.ctx.client.create(REVISIONS, rev);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    } else if (cur.revision < max) {
      await this.ctx.client.patch(REVISIONS, cur.metadata.namespace, name, { revision: max + 1 }, 'merge');
    }
    // History beyond revisionHistoryLimit that no pod uses.
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    const inUse = new Set(pods.map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]));
    const old = mine.filter((r) => r.metadata.name !== name && !inUse.has(r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL])).sort((a, b) => a.revision - b.revision);
    for (const r of old.slice(0, Math.max(0, mine.length - 1 - limit))) {
      await this.ctx.client.delete(REVISIONS, r.metadata.namespace, r.metadata.name ?? '').catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
  }

  private async updateStatus(ds: DaemonSet, byNode: Map<string, Pod[]>, hash: string): Promise<void> {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    for (const node of this.nodeInformer.list()) {
      const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
      const here = (byNode.get(node.metadata.name ?? '') ?? []).filter((p) => !isPodTerminal(p));
      if (shouldRun) {
        desired++;
        if (here.length) {
          current++;
          const p = here[0];
          if (isPodReady(p)) ready++;
          if (isPodAvailable(p, minReady)) available++;
          if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updated++;
        }
      } else if (here.length) misscheduled++;
    }
    const status = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated || null,
      numberAvailable: available || null,
      numberUnavailable: desired - available || null,
    };
    const s = ds.status;
    if (
      s &&
      s.currentNumberScheduled === current &&
      s.numberMisscheduled === misscheduled &&
      s.desiredNumberScheduled === desired &&
      s.numberReady === ready &&
      s.observedGeneration === ds.metadata.generation &&
      (s.updatedNumberScheduled ?? 0) === updated &&
      (s.numberAvailable ?? 0) === available &&
      (s.numberUnavailable ?? 0) === desired - available
    )
      return;
    await this.ctx.client.patch('daemonsets.apps', ds.metadata.namespace, ds.metadata.name ?? '', { status }, 'merge', { subresource: 'status' }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    if (minReady > 0 && ready > available) this.queue.addAfter(metaNamespaceKey(ds), minReady * 1000);
  }
}
