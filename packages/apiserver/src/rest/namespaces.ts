// Namespace deletion. Kubernetes splits it: the namespace REST marks the namespace Terminating,
// and the namespace controller (in kube-controller-manager) deletes its contents, removes the
// `kubernetes` finalizer through /finalize and deletes it. mk's apiserver does the controller's
// part itself (NamespaceFinalizer below); docs/differences.md names this.
import { RESOURCES, type KubeObject, type ResourceInfo } from '@mk/api';
import type { ApiContext } from './context.js';
import { forbidden } from './errors.js';
import { deleteObject, notFoundFor, type DeleteOptions, type DeleteResult } from './registry.js';
import { IMMORTAL_NAMESPACES } from '../admission/index.js';
import { clone, nowRFC3339 } from './strategy.js';
import { isConflict } from './errors.js';

const NAMESPACES = RESOURCES.find((r) => r.kind === 'Namespace')!;
const NAMESPACED = RESOURCES.filter((r) => r.namespaced);
const FIRST_PASS_DELAY_MS = 300;

/** DELETE of a Namespace: mark it Terminating (returned), then finalize in the background. */
export async function deleteNamespace(ctx: ApiContext, name: string, o: DeleteOptions): Promise<DeleteResult> {
  if (IMMORTAL_NAMESPACES.has(name)) throw forbidden(NAMESPACES, name, 'this namespace may not be deleted');
  for (let attempt = 0; ; attempt++) {
    const cur = ctx.store.get(NAMESPACES, undefined, name);
    if (!cur) throw notFoundFor(NAMESPACES, name);
    const obj = cur.object;
    if (o.preconditions?.uid && o.preconditions.uid !== obj.metadata.uid) {
      return deleteObject(ctx, NAMESPACES, undefined, name, o); // reports the precondition failure
    }
    const specFinalizers = ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length;
    if (obj.metadata.deletionTimestamp) {
      if (specFinalizers === 0 && (obj.metadata.finalizers ?? []).length === 0) {
        return deleteObject(ctx, NAMESPACES, undefined, name, o);
      }
      if (!o.dryRun) ctx.finalizeNamespace(name);
      return { object: obj, json: cur.json, deleted: false };
    }
    const next = clone(obj);
    next.metadata.deletionTimestamp = nowRFC3339();
    next.metadata.deletionGracePeriodSeconds = 0;
    next.status = { ...((next.status as object | undefined) ?? {}), phase: 'Terminating' };
    if (o.dryRun) return { object: next, json: JSON.stringify(next), deleted: false };
    try {
      const e = await ctx.store.update(NAMESPACES, next, { resourceVersion: String(cur.resourceVersion) });
      ctx.finalizeNamespace(name);
      return { object: e.object, json: e.json, deleted: false };
    } catch (err) {
      if (isConflict(err) && attempt < 16) continue;
      throw err;
    }
  }
}

/** Deletes terminating namespaces' contents, then the namespaces. One loop per namespace. */
export class NamespaceFinalizer {
  private readonly running = new Set<string>();
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  constructor(private readonly ctx: () => ApiContext) {}

  schedule(name: string): void {
    if (this.stopped || this.running.has(name)) return;
    this.running.add(name);
    void this.run(name).finally(() => this.running.delete(name));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      t.unref();
      this.timers.add(t);
    });
  }

  private async run(name: string): Promise<void> {
    const ctx = this.ctx();
    // Like the namespace controller, start a moment later: a `kubectl delete -f` that names the
    // namespace first still deletes the objects after it itself, instead of finding them gone.
    await this.sleep(FIRST_PASS_DELAY_MS);
    let delay = 50;
    while (!this.stopped) {
      try {
        const ns = ctx.store.get(NAMESPACES, undefined, name);
        if (!ns || !ns.object.metadata.deletionTimestamp) return;
        const remaining = await this.deleteContents(ctx, name);
        if (remaining === 0) {
          await this.finish(ctx, ns.object);
          return;
        }
      } catch (err) {
        ctx.log.error({ err, namespace: name }, 'namespace finalization failed; retrying');
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  private async deleteContents(ctx: ApiContext, ns: string): Promise<number> {
    let remaining = 0;
    for (const r of NAMESPACED) {
      for (const e of ctx.store.list(r, { namespace: ns }).items) {
        remaining++;
        if (e.object.metadata.deletionTimestamp) continue;
        await deleteQuietly(ctx, r, ns, e.object.metadata.name ?? '');
      }
    }
    return remaining;
  }

  /** Removes the `kubernetes` finalizer (what /finalize does) and deletes the namespace. */
  private async finish(ctx: ApiContext, ns: KubeObject): Promise<void> {
    const name = ns.metadata.name ?? '';
    const cur = ctx.store.get(NAMESPACES, undefined, name);
    if (!cur) return;
    const next = clone(cur.object);
    const spec = (next.spec ?? {}) as { finalizers?: string[] };
    spec.finalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
    next.spec = spec;
    if (spec.finalizers.length === 0 && (next.metadata.finalizers ?? []).length === 0) {
      const e = await ctx.store.delete(NAMESPACES, undefined, name, { resourceVersion: String(cur.resourceVersion) });
      ctx.admission.removed(NAMESPACES, e.object);
      ctx.log.info({ namespace: name }, 'namespace deleted');
    } else {
      await ctx.store.update(NAMESPACES, next, { resourceVersion: String(cur.resourceVersion) });
    }
  }
}

async function deleteQuietly(ctx: ApiContext, r: ResourceInfo, ns: string, name: string): Promise<void> {
  try {
    await deleteObject(ctx, r, ns, name, { dryRun: false });
  } catch (err) {
    if ((err as { code?: number }).code === 404) return;
    throw err;
  }
}
