// Garbage collector (pkg/controller/garbagecollector): the ownerReferences graph over every
// resource. Dependents whose owners are all gone are deleted (background); an owner deleted
// with the foregroundDeletion finalizer waits until its blocking dependents are gone; one
// deleted with the orphan finalizer first drops itself from its dependents' ownerReferences.
import { RESOURCES, resourceForKind } from '@mk/api';
import type { KubeObject, OwnerReference, ResourceInfo } from '@mk/api';
import { WorkQueue, isNotFound, runWorkers } from '@mk/client';
import type { Informer } from '@mk/client';
import type { Controller, ControllerContext } from '../../controller.js';

const OWNER_UID_INDEX = 'gc-owner-uid';
const UID_INDEX = 'gc-uid';
export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

/** Everything that can be an owner or a dependent; Events are left out (never owners, many). */
function collectedResources(): ResourceInfo[] {
  return RESOURCES.filter((r) => r.kind !== 'Event' && (r.verbs ?? []).includes('watch') && (r.verbs ?? []).includes('delete'));
}

const resourceId = (r: ResourceInfo): string => `${r.plural}.${r.group}`;

interface Node_ {
  resource: ResourceInfo;
  obj: KubeObject;
}

export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector';
  private readonly queue = new WorkQueue<string>();
  private readonly informers = new Map<string, { r: ResourceInfo; inf: Informer<KubeObject> }>();
  private running: Promise<void> | undefined;

  constructor(private readonly ctx: ControllerContext) {
    for (const r of collectedResources()) {
      const inf = ctx.factory.informerFor<KubeObject>(r);
      inf.addIndexer(OWNER_UID_INDEX, (o) => (o.metadata.ownerReferences ?? []).map((ref) => ref.uid));
      inf.addIndexer(UID_INDEX, (o) => (o.metadata.uid ? [o.metadata.uid] : []));
      this.informers.set(resourceId(r), { r, inf });
      inf.addEventHandler({
        onAdd: (o) => this.changed(r, o),
        onUpdate: (_old, o) => this.changed(r, o),
        onDelete: (o) => this.deleted(o),
      });
    }
  }

  private itemKey(r: ResourceInfo, o: KubeObject): string {
    return `${resourceId(r)}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;
  }

  private changed(r: ResourceInfo, o: KubeObject): void {
    const m = o.metadata;
    if (m.ownerReferences?.length) this.queue.add(this.itemKey(r, o));
    if (m.deletionTimestamp) {
      const f = m.finalizers ?? [];
      if (f.includes(FINALIZER_ORPHAN) || f.includes(FINALIZER_DELETE_DEPENDENTS)) this.queue.add(this.itemKey(r, o));
      this.enqueueDependents(o);
    }
  }

  private deleted(o: KubeObject): void {
    this.enqueueDependents(o);
    // An owner waiting for its dependents in the foreground may now be free to go.
    for (const ref of o.metadata.ownerReferences ?? []) for (const n of this.byUid(ref.uid)) this.queue.add(this.itemKey(n.resource, n.obj));
  }

  private enqueueDependents(o: KubeObject): void {
    if (o.metadata.uid) for (const n of this.dependentsOf(o.metadata.uid)) this.queue.add(this.itemKey(n.resource, n.obj));
  }

  private byUid(uid: string): Node_[] {
    const out: Node_[] = [];
    for (const { r, inf } of this.informers.values()) for (const obj of inf.byIndex(UID_INDEX, uid)) out.push({ resource: r, obj });
    return out;
  }

  private dependentsOf(uid: string): Node_[] {
    const out: Node_[] = [];
    for (const { r, inf } of this.informers.values()) for (const obj of inf.byIndex(OWNER_UID_INDEX, uid)) out.push({ resource: r, obj });
    return out;
  }

  run(workers: number): Promise<void> {
    this.running ??= (async () => {
      await this.ctx.factory.waitForCacheSync();
      await runWorkers(this.queue, workers, (key) => this.reconcile(key), { logger: this.ctx.logger });
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    await this.queue.shutDownWithDrain();
  }

  private async reconcile(key: string): Promise<void> {
    const [rid, ns, name] = key.split('|');
    const entry = this.informers.get(rid);
    if (!entry) return;
    const obj = entry.inf.getByName(ns || undefined, name);
    if (!obj) return;
    const m = obj.metadata;
    if (m.deletionTimestamp) {
      const f = m.finalizers ?? [];
      if (f.includes(FINALIZER_ORPHAN)) return this.orphanDependents(entry.r, obj);
      if (f.includes(FINALIZER_DELETE_DEPENDENTS)) return this.deleteDependentsInForeground(entry.r, obj);
      return;
    }
    if (m.ownerReferences?.length) await this.checkOwners(entry.r, obj);
  }

  /** Orphan: remove the owner from every dependent's ownerReferences, then drop the finalizer. */
  private async orphanDependents(r: ResourceInfo, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid!;
    for (const dep of this.dependentsOf(uid)) {
      const refs = (dep.obj.metadata.ownerReferences ?? []).filter((x) => x.uid !== uid);
      await this.patchOwnerRefs(dep, refs);
    }
    await this.removeFinalizer(r, owner, FINALIZER_ORPHAN);
  }

  /** Foreground: delete the dependents; the owner goes once no blocking dependent is left. */
  private async deleteDependentsInForeground(r: ResourceInfo, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid!;
    const deps = this.dependentsOf(uid);
    for (const dep of deps) {
      if (dep.obj.metadata.deletionTimestamp) continue;
      const hasOwnDependents = this.dependentsOf(dep.obj.metadata.uid ?? '').length > 0;
      await this.deleteObject(dep, hasOwnDependents ? 'Foreground' : 'Background');
    }
    const blocking = deps.filter((d) => d.obj.metadata.ownerReferences?.some((x) => x.uid === uid && x.blockOwnerDeletion));
    if (blocking.length === 0) await this.removeFinalizer(r, owner, FINALIZER_DELETE_DEPENDENTS);
  }

  /** attemptToDeleteItem: delete an object whose owners are all gone; drop references to gone owners. */
  private async checkOwners(r: ResourceInfo, obj: KubeObject): Promise<void> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const owner = await this.lookupOwner(ref, obj.metadata.namespace);
      if (owner === undefined) continue; // a kind mk does not serve: leave it alone
      if (owner === null) dangling.push(ref);
      else if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FINALIZER_DELETE_DEPENDENTS)) waiting.push(ref);
      else solid.push(ref);
    }
    const node = { resource: r, obj };
    if (solid.length > 0) {
      if (dangling.length + waiting.length === 0) return;
      const gone = new Set([...dangling, ...waiting].map((x) => x.uid));
      await this.patchOwnerRefs(node, (obj.metadata.ownerReferences ?? []).filter((x) => !gone.has(x.uid)));
      return;
    }
    if (dangling.length + waiting.length === 0) return;
    const f = obj.metadata.finalizers ?? [];
    const hasDependents = this.dependentsOf(obj.metadata.uid ?? '').length > 0;
    let policy: 'Foreground' | 'Background' | 'Orphan' = 'Background';
    if (waiting.length > 0 && hasDependents) policy = 'Foreground';
    else if (f.includes(FINALIZER_ORPHAN)) policy = 'Orphan';
    else if (f.includes(FINALIZER_DELETE_DEPENDENTS)) policy = 'Foreground';
    await this.deleteObject(node, policy);
  }

  /**
   * The owner a reference points at: the object, null when it is gone (or is another object
   * of the same name), undefined when its kind is unknown. The cache may lag behind a just-
   * created owner, so absence is confirmed with the server.
   */
  private async lookupOwner(ref: OwnerReference, namespace: string | undefined): Promise<KubeObject | null | undefined> {
    const r = resourceForKind(ref.apiVersion, ref.kind);
    if (!r) return undefined;
    const cached = this.informers.get(resourceId(r))?.inf.byIndex(UID_INDEX, ref.uid)[0];
    if (cached) return cached;
    try {
      const live = await this.ctx.client.get(r, r.namespaced ? namespace : undefined, ref.name);
      return live.metadata.uid === ref.uid ? live : null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  private async deleteObject(n: Node_, policy: 'Foreground' | 'Background' | 'Orphan'): Promise<void> {
    try {
      await this.ctx.client.delete(n.resource, n.obj.metadata.namespace, n.obj.metadata.name ?? '', {
        propagationPolicy: policy,
        preconditions: { uid: n.obj.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async patchOwnerRefs(n: Node_, refs: OwnerReference[]): Promise<void> {
    const patch = { metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: n.obj.metadata.resourceVersion } };
    try {
      await this.ctx.client.patch(n.resource, n.obj.metadata.namespace, n.obj.metadata.name ?? '', patch, 'merge');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async removeFinalizer(r: ResourceInfo, obj: KubeObject, finalizer: string): Promise<void> {
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const patch = { metadata: { finalizers: rest.length ? rest : null, resourceVersion: obj.metadata.resourceVersion } };
    try {
      await this.ctx.client.patch(r, obj.metadata.namespace, obj.metadata.name ?? '', patch, 'merge');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
