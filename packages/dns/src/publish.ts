// The `kube-dns` Service in kube-system, and the Endpoints and EndpointSlice behind it that
// point at this server. mk's DNS runs as a host process, not as pods, so the Service has no
// selector and the server keeps its own endpoints, as the apiserver keeps default/kubernetes.
import type { EndpointSlice, Endpoints, Service } from '@mk/api';
import { isAlreadyExists, isNotFound, type KubeClient } from '@mk/client';

export const KUBE_DNS = 'kube-dns';
export const KUBE_SYSTEM = 'kube-system';
export const DEFAULT_CLUSTER_DNS_IP = '10.96.0.10';
/** The EndpointSlice's managed-by label: not the endpointslice controller's. */
export const MANAGED_BY = 'mk-dns';

export interface PublishTarget {
  clusterIP: string;
  /** Where this server listens (the node's address). */
  address: string;
  port: number;
}

export function kubeDNSService(t: PublishTarget): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: KUBE_DNS,
      namespace: KUBE_SYSTEM,
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: t.clusterIP,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: t.port },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: t.port },
      ],
      sessionAffinity: 'None',
    },
  };
}

const endpointPorts = (port: number) => [
  { name: 'dns', port, protocol: 'UDP' as const },
  { name: 'dns-tcp', port, protocol: 'TCP' as const },
];

export function kubeDNSEndpoints(t: PublishTarget, ready = true): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    // The EndpointSlice is written here too: the mirroring controller leaves this one alone.
    metadata: { name: KUBE_DNS, namespace: KUBE_SYSTEM, labels: { 'k8s-app': 'kube-dns', 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: ready ? [{ addresses: [{ ip: t.address }], ports: endpointPorts(t.port) }] : [],
  };
}

export function kubeDNSEndpointSlice(t: PublishTarget, ready = true): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: KUBE_DNS,
      namespace: KUBE_SYSTEM,
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/service-name': KUBE_DNS, 'endpointslice.kubernetes.io/managed-by': MANAGED_BY },
    },
    addressType: t.address.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: ready ? [{ addresses: [t.address], conditions: { ready: true, serving: true, terminating: false } }] : [],
    ports: endpointPorts(t.port),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Creates obj, or when it exists with other values in fields, sets those (retrying on conflicts). */
async function reconcile<T extends Service | Endpoints | EndpointSlice>(
  client: KubeClient,
  resource: string,
  want: T,
  fields: Array<(o: T) => unknown>,
  apply: (cur: T, want: T) => void,
): Promise<'created' | 'updated' | 'unchanged'> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let cur: T;
    try {
      cur = await client.get<T>(resource, KUBE_SYSTEM, KUBE_DNS);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      try {
        await client.create<T>(resource, want);
        return 'created';
      } catch (ce) {
        if (isAlreadyExists(ce)) continue;
        throw ce;
      }
    }
    if (fields.every((f) => same(f(cur), f(want)))) return 'unchanged';
    apply(cur, want);
    try {
      await client.update<T>(resource, cur);
      return 'updated';
    } catch (e) {
      if ((e as { code?: number }).code === 409) continue;
      throw e;
    }
  }
  throw new Error(`could not update ${resource} ${KUBE_SYSTEM}/${KUBE_DNS}: too many conflicts`);
}

/**
 * Makes the kube-dns Service, Endpoints and EndpointSlice point at this server. An existing
 * Service keeps its ClusterIP (it cannot change); its target ports are set to ours.
 */
export async function publish(client: KubeClient, t: PublishTarget, ready = true): Promise<void> {
  const svc = kubeDNSService(t);
  await reconcile<Service>(
    client,
    'services',
    svc,
    [(o) => o.spec?.ports?.map((p) => [p.name, p.port, p.protocol, p.targetPort])],
    (cur, want) => {
      cur.spec = { ...cur.spec, ports: want.spec!.ports };
    },
  );
  await reconcile<Endpoints>(client, 'endpoints', kubeDNSEndpoints(t, ready), [(o) => o.subsets ?? []], (cur, want) => {
    cur.subsets = want.subsets;
  });
  await reconcile<EndpointSlice>(
    client,
    'endpointslices.discovery.k8s.io',
    kubeDNSEndpointSlice(t, ready),
    // addressType is immutable: a slice of another family would need deleting first.
    [(o) => o.endpoints ?? [], (o) => o.ports ?? []],
    (cur, want) => {
      cur.endpoints = want.endpoints;
      cur.ports = want.ports;
      cur.metadata.labels = { ...cur.metadata.labels, ...want.metadata.labels };
    },
  );
}
