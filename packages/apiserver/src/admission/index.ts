// Admission: what runs between decoding and storage, as Kubernetes' admission chain does:
// NamespaceLifecycle, DefaultTolerationSeconds, Priority, and the Service allocators.
import { notFound, RESOURCES, type KubeObject, type ResourceInfo } from '@mk/api';
import type { Store } from '../storage/types.js';
import { forbidden } from '../rest/errors.js';
import { admitPriority, defaultTolerationSeconds } from './pods.js';
import { NOOP_TXN, ServiceAllocator, type Txn } from './services.js';

export { NOOP_TXN, ServiceAllocator, type Txn } from './services.js';
export { SYSTEM_PRIORITY_CLASSES, DEFAULT_TOLERATION_SECONDS } from './pods.js';

export interface PodPriorityRequest {
  priority?: number;
  preemptionPolicy?: string;
}

const NAMESPACES = RESOURCES.find((r) => r.kind === 'Namespace')!;
const SERVICES = RESOURCES.find((r) => r.kind === 'Service')!;
/** Namespaces the apiserver itself keeps (NamespaceLifecycle's immortal namespaces). */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export interface AdmissionOptions {
  serviceClusterIPRange: string;
  serviceNodePortRange: string;
}

export class Admission {
  readonly services: ServiceAllocator;
  constructor(
    private readonly store: Store,
    opts: AdmissionOptions,
  ) {
    this.services = new ServiceAllocator(opts.serviceClusterIPRange, opts.serviceNodePortRange);
  }

  /** Rebuild allocator state from stored Services. */
  rebuild(): void {
    for (const e of this.store.list(SERVICES, {}).items) this.services.restore(e.object);
  }

  /** NamespaceLifecycle for creates: the namespace must exist and not be terminating. */
  checkNamespace(r: ResourceInfo, obj: KubeObject): void {
    if (!r.namespaced) return;
    const ns = obj.metadata.namespace ?? '';
    const nsEntry = this.store.get(NAMESPACES, undefined, ns);
    if (!nsEntry) throw notFound('namespaces', ns, '', 'namespaces');
    const phase = (nsEntry.object.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Terminating' || nsEntry.object.metadata.deletionTimestamp) {
      throw forbidden(r, obj.metadata.name ?? '', `unable to create new content in namespace ${ns} because it is being terminated`);
    }
  }

  /**
   * What the user asked for in fields admission owns, read before defaulting fills them in
   * (spec.priority and spec.preemptionPolicy are the Priority plugin's to set).
   */
  beforeDefaults(r: ResourceInfo, obj: KubeObject): PodPriorityRequest | undefined {
    if (r.kind !== 'Pod') return undefined;
    const spec = (obj.spec ?? {}) as PodPriorityRequest;
    return { priority: spec.priority ?? undefined, preemptionPolicy: spec.preemptionPolicy ?? undefined };
  }

  /** Mutating plugins for a create (after defaulting, before validation). */
  mutateCreate(r: ResourceInfo, obj: KubeObject, requested?: PodPriorityRequest): void {
    if (r.kind === 'Pod') {
      defaultTolerationSeconds(obj);
      // What defaulting filled in is admission's to decide; what the user set is checked. (Not by
      // deleting the defaulted fields: a delete turns spec into a slow dictionary-mode object.)
      const spec = (obj.spec ?? {}) as PodPriorityRequest;
      const asked: PodPriorityRequest = requested
        ? {
            priority: requested.priority === undefined ? undefined : spec.priority,
            preemptionPolicy: requested.preemptionPolicy === undefined ? undefined : spec.preemptionPolicy,
          }
        : { priority: spec.priority, preemptionPolicy: spec.preemptionPolicy };
      const why = admitPriority(this.store, obj, asked);
      if (why) throw forbidden(r, obj.metadata.name ?? obj.metadata.generateName ?? '', why);
    }
  }

  /** Allocations a write needs (Service ClusterIP/NodePorts), after validation. */
  allocate(r: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, dryRun: boolean): Txn {
    if (r.kind === 'Service') return this.services.allocate(obj, old, dryRun);
    return NOOP_TXN;
  }

  /** Called when an object has left storage. */
  removed(r: ResourceInfo, obj: KubeObject): void {
    if (r.kind === 'Service') this.services.release(obj);
  }
}
