// SharedInformerFactory: one informer per resource (and selector) per process, so every
// controller in a process shares one list+watch and one cache.
import type { KubeObject } from '@mk/api';
import type { KubeClient } from './client.js';
import { Informer } from './informer.js';
import type { InformerOptions } from './informer.js';
import { toResource } from './resource.js';
import type { ResourceRef } from './resource.js';

export interface InformerFilter {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;

  /** defaults apply to every informer: e.g. `{ namespace }` to watch one namespace only. */
  constructor(
    private readonly client: KubeClient,
    private readonly defaults: InformerOptions = {},
  ) {}

  /** The shared informer for a resource; created on first use, started if the factory already is. */
  informerFor<T extends KubeObject = KubeObject>(ref: ResourceRef, filter: InformerFilter = {}): Informer<T> {
    const r = toResource(ref);
    const f = { ...pick(this.defaults), ...filter };
    const key = [r.group, r.version, r.plural, f.namespace ?? '', f.labelSelector ?? '', f.fieldSelector ?? ''].join('|');
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer<KubeObject>(this.client, r, { ...this.defaults, ...f });
      this.informers.set(key, inf);
      if (this.started) inf.start();
    }
    return inf as unknown as Informer<T>;
  }

  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  /** Resolves when every informer created so far has listed. */
  async waitForCacheSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].map((inf) => inf.waitForSync(signal)));
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }
}

function pick(o: InformerFilter): InformerFilter {
  return { namespace: o.namespace, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector };
}
