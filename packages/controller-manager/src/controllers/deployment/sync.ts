// The Deployment controller's shared steps (sync.go, progress.go): find or create the new
// ReplicaSet, scale ReplicaSets, clean up history, and write status and conditions.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '@mk/api';
import { isAlreadyExists, isNotFound } from '@mk/client';
import type { EventRecorder, KubeClient } from '@mk/client';
import { canonicalJSON, clone, getControllerOf, newControllerRef } from '../../util/owner.js';
import { computeHash } from './hash.js';
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  NEW_REPLICASET_REASON,
  NEW_RS_AVAILABLE_REASON,
  REPLICASET_UPDATED_REASON,
  REVISION_ANNOTATION,
  TIMED_OUT_REASON,
  byCreation,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  getCondition,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  proportion,
  removeCondition,
  replicas,
  replicasAnnotationsNeedUpdate,
  revisionOf,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sumActual,
  sumAvailable,
  sumReady,
  sumReplicas,
} from './util.js';

const RS = 'replicasets.apps';
const DEPLOY = 'deployments.apps';

export class DeploymentSync {
  /** Set when the sync wants another look after a delay (progress deadline, minReadySeconds). */
  requeueAfterMs: number | undefined;

  constructor(
    readonly client: KubeClient,
    readonly recorder: EventRecorder,
    /** The Deployment being synced: a private copy, replaced by what each write returns. */
    public d: Deployment,
  ) {}

  // ---- ReplicaSets -------------------------------------------------------------------

  /** The new ReplicaSet (created if asked and missing) and all the others. */
  async getAllReplicaSetsAndSyncRevision(rsList: ReplicaSet[], createIfNotExisted: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const found = findNewReplicaSet(this.d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== found);
    const newRS = await this.getNewReplicaSet(found, oldRSs, createIfNotExisted);
    return { newRS, oldRSs };
  }

  private async getNewReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const d = this.d;
    const newRevision = String(maxRevision(oldRSs) + 1);
    if (existing) {
      const copy = clone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReady = d.spec?.minReadySeconds ?? 0;
      if (annotationsUpdated || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
        copy.spec!.minReadySeconds = minReady;
        Object.assign(existing, await this.client.update<ReplicaSet>(RS, copy));
      }
      await this.syncRevisionAnnotation(existing.metadata.annotations?.[REVISION_ANNOTATION] ?? newRevision);
      if (hasProgressDeadline(this.d) && !getCondition(this.d.status, 'Progressing')) {
        const status = clone(this.d.status ?? {});
        setCondition(status, newCondition('Progressing', 'True', FOUND_NEW_RS_REASON, `Found new replica set "${existing.metadata.name}"`));
        await this.writeStatus(status);
      }
      return existing;
    }
    if (!create) return undefined;

    const collisionCount = d.status?.collisionCount;
    const hash = computeHash(d.spec?.template, collisionCount);
    const template = clone(d.spec!.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash } };
    const selector = clone(d.spec!.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
        labels: { ...template.metadata.labels },
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    let createdRS: ReplicaSet;
    try {
      createdRS = await this.client.create<ReplicaSet>(RS, rs);
    } catch (err) {
      if (isAlreadyExists(err)) {
        // Same name: ours with the same template is fine; anything else is a hash collision.
        const other = await this.client.get<ReplicaSet>(RS, d.metadata.namespace, rs.metadata.name!);
        if (getControllerOf(other)?.uid === d.metadata.uid && equalIgnoreHash(other.spec?.template, d.spec?.template)) return other;
        const status = clone(d.status ?? {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await this.writeStatus(status);
        throw err;
      }
      const msg = err instanceof Error ? err.message : String(err);
      if (hasProgressDeadline(d)) {
        const status = clone(d.status ?? {});
        setCondition(status, newCondition('Progressing', 'False', FAILED_RS_CREATE_REASON, `Failed to create new replica set "${rs.metadata.name}": ${msg}`));
        await this.writeStatus(status).catch(() => {});
      }
      void this.recorder.event(d, 'Warning', FAILED_RS_CREATE_REASON, `Failed to create new replica set "${rs.metadata.name}": ${msg}`);
      throw err;
    }
    if (replicas(createdRS) > 0) {
      void this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${createdRS.metadata.name} from 0 to ${replicas(createdRS)}`);
    }
    await this.syncRevisionAnnotation(newRevision);
    if (hasProgressDeadline(this.d)) {
      const status = clone(this.d.status ?? {});
      setCondition(status, newCondition('Progressing', 'True', NEW_REPLICASET_REASON, `Created new replica set "${createdRS.metadata.name}"`));
      await this.writeStatus(status);
    }
    return createdRS;
  }

  /** The Deployment carries its newest revision in the same annotation as its ReplicaSets. */
  private async syncRevisionAnnotation(revision: string): Promise<void> {
    if (this.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
    const patch = { metadata: { annotations: { [REVISION_ANNOTATION]: revision }, resourceVersion: this.d.metadata.resourceVersion } };
    this.d = await this.client.patch<Deployment>(DEPLOY, this.d.metadata.namespace, this.d.metadata.name ?? '', patch, 'merge');
  }

  async scaleReplicaSetAndRecordEvent(rs: ReplicaSet, newScale: number): Promise<boolean> {
    if (replicas(rs) === newScale) return false;
    return this.scaleReplicaSet(rs, newScale, replicas(rs) < newScale ? 'up' : 'down');
  }

  /** Set replicas (and the desired/max annotations); the object is updated in place. */
  async scaleReplicaSet(rs: ReplicaSet, newScale: number, op: 'up' | 'down'): Promise<boolean> {
    const d = this.d;
    const sizeChanged = replicas(rs) !== newScale;
    const max = replicas(d) + maxSurge(d);
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, replicas(d), max)) return false;
    const copy = clone(rs);
    const old = replicas(rs);
    copy.spec!.replicas = newScale;
    setReplicasAnnotations(copy, replicas(d), max);
    Object.assign(rs, await this.client.update<ReplicaSet>(RS, copy));
    if (sizeChanged) {
      void this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${old} to ${newScale}`);
    }
    return sizeChanged;
  }

  // ---- scaling (sync.go scale) -----------------------------------------------------------

  /** A change of spec.replicas: resize the active ReplicaSets, proportionally during a rollout. */
  async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const d = this.d;
    const single = findActiveOrLatest(newRS, oldRSs);
    if (single) {
      if (replicas(single) !== replicas(d)) await this.scaleReplicaSetAndRecordEvent(single, replicas(d));
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of filterActive(oldRSs)) await this.scaleReplicaSetAndRecordEvent(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = filterActive([...oldRSs, newRS]);
    const allowed = replicas(d) > 0 ? replicas(d) + maxSurge(d) : 0;
    const toAdd = allowed - sumReplicas(all);
    // Scaling up: the biggest (then newest) first; down: the biggest (then oldest) first.
    if (toAdd > 0) all.sort((a, b) => replicas(b) - replicas(a) || byCreation(b, a));
    else if (toAdd < 0) all.sort((a, b) => replicas(b) - replicas(a) || byCreation(a, b));
    let added = 0;
    const sizes = new Map<ReplicaSet, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = proportion(d, rs, toAdd, added);
        sizes.set(rs, replicas(rs) + p);
        added += p;
      } else sizes.set(rs, replicas(rs));
    }
    if (toAdd !== 0 && all.length) {
      const leftover = toAdd - added;
      sizes.set(all[0], Math.max(0, sizes.get(all[0])! + leftover));
    }
    for (const rs of all) {
      const size = sizes.get(rs)!;
      const op = toAdd > 0 ? 'up' : 'down';
      await this.scaleReplicaSet(rs, size, op);
    }
  }

  /** sync: used for scaling events and paused Deployments. */
  async sync(rsList: ReplicaSet[]): Promise<void> {
    const { newRS, oldRSs } = await this.getAllReplicaSetsAndSyncRevision(rsList, false);
    await this.scale(newRS, oldRSs);
    if (this.d.spec?.paused) await this.cleanupDeployment(oldRSs);
    await this.syncDeploymentStatus([...oldRSs, newRS], newRS);
  }

  /** A scaling event: an active ReplicaSet was sized for a different spec.replicas. */
  isScalingEvent(rsList: ReplicaSet[]): boolean {
    for (const rs of filterActive(rsList)) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired !== undefined && desired !== replicas(this.d)) return true;
    }
    return false;
  }

  /** Delete old, empty ReplicaSets beyond revisionHistoryLimit, lowest revision first. */
  async cleanupDeployment(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i];
      if ((rs.status?.replicas ?? 0) !== 0 || replicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.client.delete(RS, rs.metadata.namespace, rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  // ---- status ------------------------------------------------------------------------

  calculateStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): DeploymentStatus {
    const d = this.d;
    const available = sumAvailable(allRSs);
    const total = sumReplicas(allRSs);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation,
      replicas: sumActual(allRSs),
      updatedReplicas: sumActual([newRS]),
      readyReplicas: sumReady(allRSs),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
    };
    if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
    if (d.status?.conditions) status.conditions = clone(d.status.conditions);
    if (available >= replicas(d) - maxUnavailable(d)) {
      setCondition(status, newCondition('Available', 'True', MINIMUM_REPLICAS_AVAILABLE, 'Deployment has minimum availability.'));
    } else {
      setCondition(status, newCondition('Available', 'False', MINIMUM_REPLICAS_UNAVAILABLE, 'Deployment does not have minimum availability.'));
    }
    return status;
  }

  async syncDeploymentStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): Promise<void> {
    const status = this.calculateStatus(allRSs, newRS);
    if (sameStatus(this.d.status, status)) return;
    await this.writeStatus(status);
  }

  /** syncRolloutStatus: status plus the Progressing condition and the progress deadline. */
  async syncRolloutStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): Promise<void> {
    const d = this.d;
    const status = this.calculateStatus(allRSs, newRS);
    if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
    const current = getCondition(d.status, 'Progressing');
    const isComplete = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
    if (hasProgressDeadline(d) && !isComplete) {
      const name = newRS?.metadata.name ?? '';
      if (deploymentComplete(d, status)) {
        setCondition(status, newCondition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, `ReplicaSet "${name}" has successfully progressed.`));
      } else if (deploymentProgressing(d, status)) {
        let c = newCondition('Progressing', 'True', REPLICASET_UPDATED_REASON, `ReplicaSet "${name}" is progressing.`);
        if (current) {
          if (current.status === 'True') c = { ...c, lastTransitionTime: current.lastTransitionTime };
          removeCondition(status, 'Progressing');
        }
        setCondition(status, c);
      } else if (deploymentTimedOut(d, status)) {
        setCondition(status, newCondition('Progressing', 'False', TIMED_OUT_REASON, `ReplicaSet "${name}" has timed out progressing.`));
      }
    }
    const failure = replicaFailure([newRS, ...allRSs]);
    if (failure) setCondition(status, failure);
    else removeCondition(status, 'ReplicaFailure');
    if (sameStatus(d.status, status)) {
      this.requeueStuck(status);
      return;
    }
    await this.writeStatus(status);
  }

  /** A rollout still in progress is looked at again when its deadline passes. */
  private requeueStuck(status: DeploymentStatus): void {
    const d = this.d;
    const c = getCondition(status, 'Progressing');
    if (!hasProgressDeadline(d) || !c || deploymentComplete(d, status) || c.reason === TIMED_OUT_REASON) return;
    const at = Date.parse(c.lastUpdateTime ?? '') + (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
    if (!Number.isFinite(at)) return;
    this.requeueAfterMs = Math.max(0, at - Date.now()) + 1000;
  }

  async writeStatus(status: DeploymentStatus): Promise<void> {
    const next = clone(this.d);
    next.status = status;
    this.d = await this.client.updateStatus<Deployment>(DEPLOY, next);
  }
}

function replicaFailure(rss: Array<ReplicaSet | undefined>): DeploymentCondition | undefined {
  for (const rs of rss) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    if (c) return { type: 'ReplicaFailure', status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  }
  return undefined;
}

function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  const norm = (s: DeploymentStatus | undefined): string =>
    canonicalJSON({
      ...s,
      replicas: s?.replicas || 0,
      updatedReplicas: s?.updatedReplicas || 0,
      readyReplicas: s?.readyReplicas || 0,
      availableReplicas: s?.availableReplicas || 0,
      unavailableReplicas: s?.unavailableReplicas || 0,
      conditions: s?.conditions ?? [],
    });
  return norm(a) === norm(b);
}
