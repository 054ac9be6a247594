// Service ClusterIP and NodePort allocation (the service REST's BeginCreate/BeginUpdate hooks).
// Allocations are made at once so that concurrent requests cannot take the same address; the
// returned transaction releases them if the write fails, or releases the replaced ones if it
// succeeds.
import { invalid, type KubeObject, type StatusCause } from '@mk/api';
import { IPAllocator } from './ipallocator.js';
import { PortAllocator } from './portallocator.js';

export interface Txn {
  commit(): void;
  rollback(): void;
}
export const NOOP_TXN: Txn = { commit() {}, rollback() {} };

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}
interface ServiceSpec {
  [field: string]: unknown;
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: ServicePort[];
}

const needsClusterIP = (s: ServiceSpec): boolean => (s.type ?? 'ClusterIP') !== 'ExternalName';
const needsNodePorts = (s: ServiceSpec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const specOf = (o: KubeObject): ServiceSpec => {
  if (!o.spec || typeof o.spec !== 'object') o.spec = {};
  return o.spec as ServiceSpec;
};

/**
 * After a type change, fields that only applied to the old type and that the user left as they
 * were are cleared (the service strategy's dropTypeDependentFields).
 */
function dropTypeDependentFields(s: ServiceSpec, o: ServiceSpec): void {
  if ((s.type ?? 'ClusterIP') === (o.type ?? 'ClusterIP')) return;
  if (!needsClusterIP(s) && needsClusterIP(o) && s.clusterIP === o.clusterIP) {
    delete s.clusterIP;
    delete s.clusterIPs;
    delete s.ipFamilies;
    delete s.ipFamilyPolicy;
  }
  if (!needsNodePorts(s) && needsNodePorts(o)) {
    (s.ports ?? []).forEach((p, i) => {
      if (p.nodePort !== undefined && p.nodePort === o.ports?.[i]?.nodePort) delete p.nodePort;
    });
    if (s.externalTrafficPolicy === o.externalTrafficPolicy) delete s.externalTrafficPolicy;
  }
  if (s.type !== 'LoadBalancer' && o.type === 'LoadBalancer') {
    for (const f of ['healthCheckNodePort', 'allocateLoadBalancerNodePorts', 'loadBalancerClass']) if (s[f] === o[f]) delete s[f];
  }
}

function cause(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: ${detail}` };
}

export class ServiceAllocator {
  readonly ips: IPAllocator;
  readonly ports: PortAllocator;
  constructor(serviceCIDR: string, nodePortRange: string) {
    this.ips = new IPAllocator(serviceCIDR);
    this.ports = new PortAllocator(nodePortRange);
  }

  /** Rebuild allocations from a stored Service (at start). */
  restore(svc: KubeObject): void {
    const s = specOf(svc);
    if (s.clusterIP && s.clusterIP !== 'None') this.ips.restore(s.clusterIP);
    for (const p of s.ports ?? []) if (p.nodePort) this.ports.restore(p.nodePort);
  }

  /** Frees what a removed Service held. */
  release(svc: KubeObject): void {
    const s = specOf(svc);
    if (s.clusterIP && s.clusterIP !== 'None') this.ips.release(s.clusterIP);
    for (const p of s.ports ?? []) if (p.nodePort) this.ports.release(p.nodePort);
  }

  /**
   * Allocates for a new (old undefined) or updated Service, filling in spec.clusterIP(s) and
   * nodePorts. Throws 422 with Kubernetes' messages. dryRun checks without holding anything.
   */
  allocate(svc: KubeObject, old: KubeObject | undefined, dryRun: boolean): Txn {
    const s = specOf(svc);
    const o = old ? specOf(old) : undefined;
    if (o) dropTypeDependentFields(s, o);
    const taken: Array<() => void> = []; // undo for what this call allocated
    const replaced: Array<() => void> = []; // release of old values, on commit
    const causes: StatusCause[] = [];
    const name = svc.metadata.name ?? '';

    // ClusterIP
    if (needsClusterIP(s)) {
      let ip = s.clusterIP || s.clusterIPs?.[0] || '';
      const oldIP = o && needsClusterIP(o) ? o.clusterIP ?? '' : '';
      if (ip === '' && oldIP) ip = oldIP; // an update that omits it keeps it
      if (oldIP && ip !== oldIP) {
        // Changing it is invalid; validation reports that (spec.clusterIPs[0] may not change once set).
      } else if (ip === 'None') {
        // headless
      } else if (ip === oldIP && ip !== '') {
        // unchanged
      } else if (ip) {
        const err = dryRun ? (this.ips.has(ip) ? 'allocated' : this.inRange(ip)) : this.ips.allocate(ip);
        if (err === 'not-in-range') {
          causes.push(cause('spec.clusterIP', ip, `provided IP is not in the valid range. The range of valid IPs is ${this.ips.cidr.text}`));
        } else if (err === 'allocated') causes.push(cause('spec.clusterIP', ip, 'provided IP is already allocated'));
        else if (!dryRun) taken.push(() => this.ips.release(ip));
      } else if (!dryRun) {
        const next = this.ips.allocateNext();
        if (!next) causes.push(cause('spec.clusterIP', '', 'range is full'));
        else {
          ip = next;
          taken.push(() => this.ips.release(next));
        }
      }
      if (ip) {
        s.clusterIP = ip;
        s.clusterIPs = [ip];
        if (ip !== 'None' || !s.ipFamilies) s.ipFamilies = s.ipFamilies ?? ['IPv4'];
        s.ipFamilyPolicy = s.ipFamilyPolicy ?? 'SingleStack';
      }
    } else if (o && needsClusterIP(o) && o.clusterIP && o.clusterIP !== 'None') {
      const was = o.clusterIP;
      replaced.push(() => this.ips.release(was));
      delete s.clusterIP;
      delete s.clusterIPs;
    }

    // NodePorts
    const keep = new Set<number>();
    if (needsNodePorts(s)) {
      const oldPorts = o && needsNodePorts(o) ? (o.ports ?? []) : [];
      const oldNodePorts = new Set(oldPorts.map((p) => p.nodePort).filter((p): p is number => !!p));
      const mine = new Set<number>();
      (s.ports ?? []).forEach((p, i) => {
        if (!p.nodePort) {
          // An update that omits a nodePort keeps the one the same port had.
          const prev = oldPorts.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
          if (prev?.nodePort) p.nodePort = prev.nodePort;
        }
        const field = `spec.ports[${i}].nodePort`;
        if (p.nodePort) {
          const np = p.nodePort;
          keep.add(np);
          if (oldNodePorts.has(np) || mine.has(np)) return;
          const err = dryRun ? (this.ports.has(np) ? 'allocated' : this.ports.range.contains(np) ? undefined : 'not-in-range') : this.ports.allocate(np);
          if (err === 'not-in-range') {
            causes.push(cause(field, np, `provided port is not in the valid range. The range of valid ports is ${this.ports.range}`));
          } else if (err === 'allocated') causes.push(cause(field, np, 'provided port is already allocated'));
          else {
            mine.add(np);
            if (!dryRun) taken.push(() => this.ports.release(np));
          }
        } else if (!dryRun) {
          const np = this.ports.allocateNext();
          if (np === undefined) causes.push(cause(field, 0, 'range is full'));
          else {
            p.nodePort = np;
            keep.add(np);
            mine.add(np);
            taken.push(() => this.ports.release(np));
          }
        }
      });
    }
    for (const p of o?.ports ?? []) {
      const np = p.nodePort;
      if (np && !keep.has(np)) replaced.push(() => this.ports.release(np));
    }

    if (causes.length) {
      for (const undo of taken) undo();
      throw invalid('Service', name, causes);
    }
    return {
      commit: () => {
        for (const r of replaced) r();
      },
      rollback: () => {
        for (const undo of taken) undo();
      },
    };
  }

  private inRange(ip: string): 'not-in-range' | undefined {
    const err = this.ips.allocate(ip);
    if (err === undefined) this.ips.release(ip);
    return err === 'not-in-range' ? 'not-in-range' : undefined;
  }
}
