// Printers of core/v1 and discovery kinds that describe where things run: Pod, Node, Service,
// Endpoints, EndpointSlice (pkg/printers/internalversion/printers.go).
import type { KubeObject } from '@mk/api';
import { since } from './duration.js';
import { formatLabels, joinHostPort, listWithMore } from './format.js';
import { podReadinessGates, summarizePod, type PodLike } from './pod.js';
import { AGE, NAME, SELECTOR, age, col, name, type Obj, type Printer } from './columns.js';

export const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(o, now) {
    const pod = o as unknown as PodLike;
    const s = summarizePod(pod);
    const restarts = s.restarts !== 0 && s.lastRestart ? `${s.restarts} (${since(s.lastRestart, now)} ago)` : String(s.restarts);
    // podIPs[0] as kubectl; podIP when a writer set only the singular field.
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    return [
      name(o),
      `${s.ready}/${s.total}`,
      s.reason,
      restarts,
      age(o, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      podReadinessGates(pod),
    ];
  },
  conditions(o) {
    const phase = (o as unknown as PodLike).status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

type NodeObj = Obj<{
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: Array<{ type: string; status: string }>;
    addresses?: Array<{ type: string; address: string }>;
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}>;

/** findNodeRoles: node-role.kubernetes.io/<role> labels and the legacy kubernetes.io/role label. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/** STATUS of `kubectl get nodes`: Ready, NotReady, Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: KubeObject): string {
  const n = node as NodeObj;
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  const status: string[] = [];
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else status.push('Unknown');
  if (n.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

export const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(o, now) {
    const n = o as NodeObj;
    const info = n.status?.nodeInfo ?? {};
    const addr = (t: string) => n.status?.addresses?.find((a) => a.type === t)?.address || '<none>';
    return [
      name(o),
      nodeStatus(o),
      nodeRoles(o.metadata.labels).join(',') || '<none>',
      age(o, now),
      info.kubeletVersion ?? '',
      addr('InternalIP'),
      addr('ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

type ServiceObj = Obj<{
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    selector?: Record<string, string>;
    ports?: Array<{ port: number; nodePort?: number; protocol?: string }>;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}>;

function loadBalancerIPs(svc: ServiceObj, wide: boolean): string {
  const set = new Set<string>();
  for (const i of svc.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  let r = [...set].sort().join(',');
  if (!wide && r.length > 16) r = `${r.slice(0, 13)}...`;
  return r;
}

/** EXTERNAL-IP of `kubectl get svc`. */
export function serviceExternalIP(o: KubeObject, wide = true): string {
  const svc = o as ServiceObj;
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(svc, wide);
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** PORT(S) of `kubectl get svc`: `80/TCP`, `80:30080/TCP`. */
export function servicePorts(o: KubeObject): string {
  const ports = (o as ServiceObj).spec?.ports ?? [];
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

export const servicePrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE,
    SELECTOR('Route service traffic to pods with label keys and values matching this selector.'),
  ],
  cells(o, now) {
    const svc = o as ServiceObj;
    const clusterIP = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>';
    return [
      name(o),
      svc.spec?.type ?? '',
      clusterIP || '<none>',
      serviceExternalIP(o, true),
      servicePorts(o) || '<none>',
      age(o, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

type EndpointsObj = Obj<{
  subsets?: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number; name?: string }> }>;
}>;

/** ENDPOINTS of `kubectl get endpoints`: `10.0.0.1:80,10.0.0.2:80 + 1 more...`. */
export function formatEndpoints(o: KubeObject): string {
  const subsets = (o as EndpointsObj).subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), AGE],
  cells: (o, now) => [name(o), formatEndpoints(o), age(o, now)],
};

type EndpointSliceObj = Obj<{
  addressType?: string;
  ports?: Array<{ port?: number; name?: string }>;
  endpoints?: Array<{ addresses?: string[] }>;
}>;

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    AGE,
  ],
  cells(o, now) {
    const es = o as EndpointSliceObj;
    const max = 3;
    const ports: string[] = [];
    let pc = 0;
    let pmore = false;
    for (const p of es.ports ?? []) {
      if (ports.length < max) ports.push(p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*'));
      else pmore = true;
      pc++;
    }
    const addrs: string[] = [];
    let ac = 0;
    let amore = false;
    for (const e of es.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else amore = true;
        ac++;
      }
    }
    return [name(o), es.addressType ?? '', listWithMore(ports, pmore, pc, max), listWithMore(addrs, amore, ac, max), age(o, now)];
  },
};

