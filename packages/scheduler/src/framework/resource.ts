// framework.Resource and the pod request rules (init containers' max, sidecars, overhead).
import type { Container, Pod, ResourceList } from './types.js';
import { milliValue, value } from './quantity.js';

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Extended and hugepages resources by name. */
  scalar: Map<string, number> | null = null;

  static fromList(rl: ResourceList | undefined): Resource {
    const r = new Resource();
    if (rl) r.addList(rl);
    return r;
  }

  addList(rl: ResourceList): void {
    for (const name in rl) {
      const q = rl[name];
      switch (name) {
        case 'cpu':
          this.milliCPU += milliValue(q);
          break;
        case 'memory':
          this.memory += value(q);
          break;
        case 'ephemeral-storage':
          this.ephemeralStorage += value(q);
          break;
        case 'pods':
          this.allowedPodNumber += value(q);
          break;
        default:
          if (isScalarResourceName(name)) this.addScalar(name, value(q));
      }
    }
  }

  addScalar(name: string, v: number): void {
    if (!this.scalar) this.scalar = new Map();
    this.scalar.set(name, (this.scalar.get(name) ?? 0) + v);
  }

  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  add(o: Resource, sign = 1): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    this.allowedPodNumber += sign * o.allowedPodNumber;
    if (o.scalar) for (const [k, v] of o.scalar) this.addScalar(k, sign * v);
  }

  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    if (o.scalar) for (const [k, v] of o.scalar) if (v > this.getScalar(k)) this.addScalar(k, v - this.getScalar(k));
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) r.scalar = new Map(this.scalar);
    return r;
  }

  /** The value of a resource by its Kubernetes name. */
  get(name: string): number {
    switch (name) {
      case 'cpu':
        return this.milliCPU;
      case 'memory':
        return this.memory;
      case 'ephemeral-storage':
        return this.ephemeralStorage;
      case 'pods':
        return this.allowedPodNumber;
      default:
        return this.getScalar(name);
    }
  }

  isZero(): boolean {
    return this.milliCPU === 0 && this.memory === 0 && this.ephemeralStorage === 0 && (!this.scalar || this.scalar.size === 0);
  }
}

/** Extended (domain-prefixed, not kubernetes.io), hugepages-* and attachable-volumes-* resources. */
export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

export function isExtendedResourceName(name: string): boolean {
  if (name.startsWith('requests.')) return false;
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const domain = name.slice(0, slash);
  return !(domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io'));
}

// The scheduler's defaults for containers that request no cpu or memory (for scoring only).
export const DefaultMilliCPURequest = 100;
export const DefaultMemoryRequest = 200 * 1024 * 1024;

function isRestartableInit(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * resourcehelper.PodRequests: the sum of containers, the max with each init container
 * (restartable init containers run alongside and add up), plus the pod overhead.
 * With nonZero, cpu/memory a container leaves unset count as the scheduler's defaults.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const spec = pod.spec;
  const reqs = new Resource();
  if (!spec) return reqs;
  for (const c of spec.containers ?? []) reqs.add(containerRequests(c, nonZero));
  const inits = spec.initContainers;
  if (inits && inits.length) {
    const restartable = new Resource();
    const initMax = new Resource();
    for (const c of inits) {
      let cr = containerRequests(c, nonZero);
      if (isRestartableInit(c)) {
        reqs.add(cr);
        restartable.add(cr);
        cr = restartable.clone();
      } else {
        cr.add(restartable);
      }
      initMax.setMax(cr);
    }
    reqs.setMax(initMax);
  }
  if (spec.overhead) reqs.addList(spec.overhead);
  return reqs;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const req = c.resources?.requests;
  const r = Resource.fromList(req);
  if (nonZero) {
    if (!req || req.cpu === undefined) r.milliCPU = DefaultMilliCPURequest;
    if (!req || req.memory === undefined) r.memory = DefaultMemoryRequest;
  }
  return r;
}
