// From API objects to kube-proxy's internal view: one ServicePortInfo per Service port
// (pkg/proxy/serviceport.go) and its endpoints from every EndpointSlice of the Service
// (pkg/proxy/endpointslicecache.go), then split by traffic policy (pkg/proxy/topology.go).
import type { EndpointSlice, Service } from '@mk/api';
import {
  endpointChainName,
  serviceChainName,
  serviceExternalChainName,
  serviceFirewallChainName,
  serviceLocalChainName,
  servicePortNameString,
} from './names.js';

/** The label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Default session affinity timeout (v1.DefaultClientIPServiceAffinitySeconds). */
export const DEFAULT_AFFINITY_SECONDS = 10800;

export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** The port's name ('' when unnamed). */
  portName: string;
  /** `ns/name:port`, as in comments and hashes. */
  nameString: string;
  /** Lower case, as in rules: tcp, udp, sctp. */
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  healthCheckNodePort: number;
  sessionAffinityClientIP: boolean;
  stickyMaxAgeSeconds: number;
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
  clusterPolicyChain: string;
  localPolicyChain: string;
  firewallChain: string;
  externalChain: string;
}

export interface EndpointInfo {
  /** `ip:port`. */
  endpoint: string;
  ip: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  chainName: string;
}

export function externallyAccessible(s: ServicePortInfo): boolean {
  return s.nodePort !== 0 || s.loadBalancerVIPs.length > 0 || s.externalIPs.length > 0;
}
export function usesClusterEndpoints(s: ServicePortInfo): boolean {
  return !s.internalPolicyLocal || (externallyAccessible(s) && !s.externalPolicyLocal);
}
export function usesLocalEndpoints(s: ServicePortInfo): boolean {
  return s.internalPolicyLocal || (s.externalPolicyLocal && externallyAccessible(s));
}

/** kube-proxy's ShouldSkipService: headless (clusterIP None or unset) and ExternalName get no rules. */
export function shouldSkipService(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !ip || ip === 'None' || svc.spec?.type === 'ExternalName';
}

const isIPv4 = (ip: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);

/** The IPv4 service ports of a Service, keyed by `ns/name:port/PROTOCOL` order of spec.ports. */
export function servicePorts(svc: Service): ServicePortInfo[] {
  if (shouldSkipService(svc)) return [];
  const spec = svc.spec!;
  const clusterIP = spec.clusterIP!;
  if (!isIPv4(clusterIP)) return []; // an IPv4 proxier, like kube-proxy's; IPv6 is not proxied
  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const type = spec.type ?? 'ClusterIP';
  const externalPolicyLocal = spec.externalTrafficPolicy === 'Local';
  const out: ServicePortInfo[] = [];
  for (const p of spec.ports ?? []) {
    const portName = p.name ?? '';
    const protocol = (p.protocol ?? 'TCP').toLowerCase();
    const nameString = servicePortNameString(namespace, name, portName);
    const nodePort = type === 'NodePort' || type === 'LoadBalancer' ? (p.nodePort ?? 0) : 0;
    const lbVIPs = type === 'LoadBalancer'
      ? (svc.status?.loadBalancer?.ingress ?? []).filter((i) => i.ip && isIPv4(i.ip) && i.ipMode !== 'Proxy').map((i) => i.ip!)
      : [];
    const info: ServicePortInfo = {
      namespace,
      name,
      portName,
      nameString,
      protocol,
      clusterIP,
      port: p.port,
      nodePort,
      externalIPs: (spec.externalIPs ?? []).filter(isIPv4),
      loadBalancerVIPs: lbVIPs,
      loadBalancerSourceRanges: type === 'LoadBalancer' ? (spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()) : [],
      healthCheckNodePort: type === 'LoadBalancer' && externalPolicyLocal ? (spec.healthCheckNodePort ?? 0) : 0,
      sessionAffinityClientIP: spec.sessionAffinity === 'ClientIP',
      stickyMaxAgeSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS,
      internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
      externalPolicyLocal: false,
      clusterPolicyChain: serviceChainName(nameString, protocol),
      localPolicyChain: serviceLocalChainName(nameString, protocol),
      firewallChain: serviceFirewallChainName(nameString, protocol),
      externalChain: serviceExternalChainName(nameString, protocol),
    };
    // externalTrafficPolicy only means something for externally reachable ports.
    info.externalPolicyLocal = externalPolicyLocal && externallyAccessible(info);
    out.push(info);
  }
  return out;
}

/** Key of a service port in the endpoints map: `ns/name:port/protocol`. */
export const portKey = (nameString: string, protocol: string): string => `${nameString}/${protocol}`;

/**
 * Endpoints per service port from every slice, deduplicated by `ip:port` and sorted by it,
 * as kube-proxy's EndpointSliceCache returns them.
 */
export function endpointsMap(slices: EndpointSlice[], hostname: string): Map<string, EndpointInfo[]> {
  const byPort = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const svcName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svcName) continue;
    const namespace = slice.metadata.namespace ?? 'default';
    for (const port of slice.ports ?? []) {
      if (port.port === undefined || port.port === null) continue;
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const nameString = servicePortNameString(namespace, svcName, port.name ?? '');
      const key = portKey(nameString, protocol);
      let eps = byPort.get(key);
      if (!eps) byPort.set(key, (eps = new Map()));
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip) continue;
        const endpoint = `${ip}:${port.port}`;
        if (eps.has(endpoint)) continue;
        const ready = ep.conditions?.ready ?? true;
        eps.set(endpoint, {
          endpoint,
          ip,
          isLocal: !!ep.nodeName && ep.nodeName === hostname,
          ready,
          serving: ep.conditions?.serving ?? ready,
          terminating: ep.conditions?.terminating ?? false,
          chainName: endpointChainName(nameString, protocol, endpoint),
        });
      }
    }
  }
  const out = new Map<string, EndpointInfo[]>();
  for (const [key, eps] of byPort) out.set(key, [...eps.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0)));
  return out;
}

export interface CategorizedEndpoints {
  clusterEndpoints: EndpointInfo[];
  localEndpoints: EndpointInfo[];
  allReachableEndpoints: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

/** kube-proxy's CategorizeEndpoints (without topology hints): ready first, serving-terminating as a fallback. */
export function categorizeEndpoints(endpoints: EndpointInfo[], svc: ServicePortInfo): CategorizedEndpoints {
  let clusterEndpoints: EndpointInfo[] = [];
  let localEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(svc)) {
    clusterEndpoints = endpoints.filter((e) => e.ready);
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((e) => e.serving && e.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };

  let localReady = false;
  let localServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAnyEndpoints = true;
      if (e.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = endpoints.filter((e) => e.isLocal && e.ready);
  else if (localServingTerminating) localEndpoints = endpoints.filter((e) => e.isLocal && e.serving && e.terminating);

  if (!usesClusterEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints };

  // Both policies in use: the union, in the cluster list's order.
  const seen = new Set(clusterEndpoints.map((e) => e.endpoint));
  const allReachableEndpoints = [...clusterEndpoints, ...localEndpoints.filter((e) => !seen.has(e.endpoint))];
  return { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints };
}
