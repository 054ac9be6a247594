// EndpointSlice controller (pkg/controller/endpointslice): the same facts as Endpoints, in
// discovery.k8s.io/v1 EndpointSlices owned by the Service and labelled with its name; one
// slice per port set and address family, at most 100 endpoints each. Terminating pods stay
// listed with ready=false, terminating=true.
import type { Endpoint, EndpointSlice, EndpointSlicePort, KubeObject, Node, Pod, Service } from '@mk/api';
import { isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { canonicalJSON, clone, getControllerOf, newControllerRef } from '../../util/owner.js';
import { findPort, podEndpointState, podsForService, servicesForPod } from '../../util/service.js';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;
const SLICES = 'endpointslices.discovery.k8s.io';
const BY_SERVICE = 'endpointslice-service';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

interface DesiredSlice {
  addressType: 'IPv4' | 'IPv6';
  ports: EndpointSlicePort[];
  endpoints: Endpoint[];
}

export class EndpointSliceController extends QueueController {
  readonly name = 'endpointslice';
  private readonly svcInformer: Informer<Service>;
  private readonly podInformer: Informer<Pod>;
  private readonly sliceInformer: Informer<EndpointSlice>;
  private readonly nodeInformer: Informer<Node>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.svcInformer = ctx.factory.informerFor<Service>('services');
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    this.sliceInformer = ctx.factory.informerFor<EndpointSlice>(SLICES);
    this.nodeInformer = ctx.factory.informerFor<Node>('nodes');
    this.sliceInformer.addIndexer(BY_SERVICE, (s) => {
      const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
      return svc && s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME ? [`${s.metadata.namespace}/${svc}`] : [];
    });
    const enqueue = (o: KubeObject): void => this.queue.add(metaNamespaceKey(o));
    this.svcInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
    const podChanged = (old: Pod | undefined, pod: Pod): void => {
      const svcs = this.svcInformer.list(pod.metadata.namespace);
      const hit = new Set(servicesForPod(svcs, pod));
      if (old) for (const s of servicesForPod(svcs, old)) hit.add(s);
      for (const s of hit) enqueue(s);
    };
    this.podInformer.addEventHandler({ onAdd: (p) => podChanged(undefined, p), onUpdate: podChanged, onDelete: (p) => podChanged(undefined, p) });
    const sliceChanged = (s: EndpointSlice): void => {
      const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
      if (svc && s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME) this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.sliceInformer.addEventHandler({ onUpdate: (_o, s) => sliceChanged(s), onDelete: sliceChanged });
  }

  protected async reconcile(key: string): Promise<void> {
    const svc = this.svcInformer.get(key);
    // A deleted Service's slices go with it through the garbage collector (ownerReferences).
    if (!svc || !svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) return;
    const existing = this.sliceInformer.byIndex(BY_SERVICE, key).filter((s) => getControllerOf(s)?.uid === svc.metadata.uid);
    const zoneOf = (node: string): string | undefined => this.nodeInformer.get(node)?.metadata.labels?.[ZONE_LABEL];
    const desired = desiredSlices(svc, podsForService(this.podInformer.list(svc.metadata.namespace), svc), zoneOf);
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [LABEL_SERVICE_NAME]: svc.metadata.name ?? '', [LABEL_MANAGED_BY]: CONTROLLER_NAME };
    if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const unused = [...existing];
    for (const want of desired) {
      // Reuse a slice with the same ports and family; prefer one already holding exactly this.
      const sameShape = unused.filter((s) => s.addressType === want.addressType && canonicalJSON(s.ports ?? []) === canonicalJSON(want.ports));
      const exact = sameShape.find((s) => canonicalJSON(s.endpoints ?? []) === canonicalJSON(want.endpoints) && canonicalJSON(s.metadata.labels ?? {}) === canonicalJSON(labels));
      const reuse = exact ?? sameShape[0];
      if (reuse) {
        unused.splice(unused.indexOf(reuse), 1);
        if (reuse === exact) continue;
        const next = clone(reuse);
        next.metadata.labels = labels;
        next.endpoints = want.endpoints;
        next.ports = want.ports;
        await this.ctx.client.update(SLICES, next);
        continue;
      }
      const slice: EndpointSlice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${svc.metadata.name}-`,
          namespace: svc.metadata.namespace,
          labels,
          ownerReferences: [newControllerRef(svc, 'v1', 'Service')],
        },
        addressType: want.addressType,
        endpoints: want.endpoints,
        ports: want.ports,
      };
      await this.ctx.client.create(SLICES, slice);
    }
    for (const s of unused) {
      try {
        await this.ctx.client.delete(SLICES, s.metadata.namespace, s.metadata.name ?? '', { preconditions: { uid: s.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}

export function desiredSlices(svc: Service, pods: Pod[], zoneOf: (node: string) => string | undefined = () => undefined): DesiredSlice[] {
  const groups = new Map<string, DesiredSlice>();
  for (const pod of pods) {
    const st = podEndpointState(pod, svc, true);
    if (!st.include) continue;
    const ip = pod.status!.podIP!;
    const addressType = ip.includes(':') ? 'IPv6' : 'IPv4';
    const ports: EndpointSlicePort[] = [];
    let missing = false;
    for (const sp of svc.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) {
        missing = true;
        continue;
      }
      const p: EndpointSlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    if (missing && ports.length === 0) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0));
    const ep: Endpoint = {
      addresses: [ip],
      conditions: { ready: st.ready, serving: st.serving, terminating: st.terminating },
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    if (pod.spec?.nodeName) {
      ep.nodeName = pod.spec.nodeName;
      const zone = zoneOf(pod.spec.nodeName);
      if (zone) ep.zone = zone;
    }
    if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name) ep.hostname = pod.spec.hostname;
    const k = `${addressType}|${canonicalJSON(ports)}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { addressType, ports, endpoints: [] }));
    g.endpoints.push(ep);
  }
  const out: DesiredSlice[] = [];
  for (const g of groups.values()) {
    g.endpoints.sort((a, b) => a.addresses[0].localeCompare(b.addresses[0], 'en', { numeric: true }));
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      out.push({ ...g, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  // No endpoints at all: one empty placeholder slice, as Kubernetes keeps.
  if (out.length === 0) {
    out.push({ addressType: 'IPv4', ports: [], endpoints: [] });
  }
  return out;
}
