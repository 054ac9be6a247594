// Endpoints controller (pkg/controller/endpoint): for each Service with a selector, an
// Endpoints object of the same name listing the matching pods' IPs and target ports, ready
// ones under addresses and the rest under notReadyAddresses. Terminating pods drop out.
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, KubeObject, Pod, Service } from '@mk/api';
import { isAlreadyExists, isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { canonicalJSON, clone } from '../../util/owner.js';
import { findPort, podEndpointState, podsForService, servicesForPod } from '../../util/service.js';

export class EndpointsController extends QueueController {
  readonly name = 'endpoint';
  private readonly svcInformer: Informer<Service>;
  private readonly podInformer: Informer<Pod>;
  private readonly epInformer: Informer<Endpoints>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.svcInformer = ctx.factory.informerFor<Service>('services');
    this.podInformer = ctx.factory.informerFor<Pod>('pods');
    this.epInformer = ctx.factory.informerFor<Endpoints>('endpoints');
    const enqueue = (o: KubeObject): void => this.queue.add(metaNamespaceKey(o));
    this.svcInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
    const podChanged = (old: Pod | undefined, pod: Pod): void => {
      const svcs = this.svcInformer.list(pod.metadata.namespace);
      const hit = new Set(servicesForPod(svcs, pod));
      if (old) for (const s of servicesForPod(svcs, old)) hit.add(s);
      for (const s of hit) enqueue(s);
    };
    this.podInformer.addEventHandler({ onAdd: (p) => podChanged(undefined, p), onUpdate: podChanged, onDelete: (p) => podChanged(undefined, p) });
    // Someone edited or deleted an Endpoints we manage: put it back.
    this.epInformer.addEventHandler({ onUpdate: (_o, ep) => this.epChanged(ep), onDelete: (ep) => this.epChanged(ep) });
  }

  private epChanged(ep: Endpoints): void {
    const svc = this.svcInformer.get(metaNamespaceKey(ep));
    if (svc) this.queue.add(metaNamespaceKey(svc));
  }

  protected async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const svc = this.svcInformer.get(key);
    if (!svc) {
      // The Service is gone: so is its Endpoints.
      try {
        await this.ctx.client.delete('endpoints', namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) return; // managed by hand
    const subsets = computeSubsets(svc, podsForService(this.podInformer.list(namespace), svc));
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const current = this.epInformer.get(key);
    if (current && canonicalJSON(current.subsets ?? []) === canonicalJSON(subsets) && canonicalJSON(current.metadata.labels ?? {}) === canonicalJSON(labels)) return;
    if (!current) {
      const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels } };
      if (subsets.length) ep.subsets = subsets;
      try {
        await this.ctx.client.create('endpoints', ep);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        this.queue.addRateLimited(key); // the cache has not seen it yet
      }
      return;
    }
    const next = clone(current);
    next.metadata.labels = labels;
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;
    await this.ctx.client.update('endpoints', next);
  }
}

/** One subset per distinct set of ports, addresses sorted by IP (endpoints.RepackSubsets). */
export function computeSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const headlessNoPorts = svc.spec?.clusterIP === 'None' && !(svc.spec?.ports?.length);
  for (const pod of pods) {
    const st = podEndpointState(pod, svc, false);
    if (!st.include) continue;
    const addr: EndpointAddress = {
      ip: pod.status!.podIP!,
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
    if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name) addr.hostname = pod.spec.hostname;
    const ports: EndpointPort[] = [];
    if (!headlessNoPorts) {
      for (const sp of svc.spec?.ports ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
        if (sp.name) ep.name = sp.name;
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        ports.push(ep);
      }
      if (ports.length === 0) continue;
    }
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const k = canonicalJSON(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, ready: [], notReady: [] }));
    (st.ready ? g.ready : g.notReady).push(addr);
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress): number => a.ip.localeCompare(b.ip, 'en', { numeric: true });
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIP);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIP);
    if (g.ports.length) s.ports = g.ports;
    out.push(s);
  }
  return out;
}
