// The rule builder: a pure function from cluster state to kube-proxy's iptables rules
// (syncProxyRules in pkg/proxy/iptables/proxier.go, v1.28), nothing read from the host.
import type { EndpointSlice, Node, Service } from '@mk/api';
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './names.js';
import { SERVICE_NAME_LABEL, categorizeEndpoints, endpointsMap, externallyAccessible, portKey, servicePorts, usesClusterEndpoints, usesLocalEndpoints } from './model.js';
import type { EndpointInfo, ServicePortInfo } from './model.js';
import { cidrContains } from './cidr.js';
import { podNetworkRules } from './podnet.js';

export { cidrContains };

export interface ProxyConfig {
  /** This node's name: endpoints with this nodeName are local. */
  hostname: string;
  /** SNAT every packet to a ClusterIP (--masquerade-all). */
  masqueradeAll?: boolean;
  /** Bit of the fwmark that asks for SNAT; default 14 (0x4000). */
  masqueradeBit?: number;
  /** Pod CIDR of the cluster: traffic to a ClusterIP from outside it is masqueraded (--cluster-cidr). */
  clusterCIDR?: string;
  /** NodePorts answer on 127.0.0.1 (route_localnet); default true, as kube-proxy's. */
  localhostNodePorts?: boolean;
  /** Node IPs NodePorts answer on (from --nodeport-addresses); unset: every local address. */
  nodePortIPs?: string[];
  /** MASQUERADE --random-fully (iptables >= 1.6.2); default true. */
  randomFully?: boolean;
  /** The node's primary IP (for loadBalancerSourceRanges that include the node). */
  nodeIP?: string;
  /** The pod network's FORWARD and masquerade rules (flannel host-gw), when this proxy runs it. */
  podNetwork?: { clusterCIDR: string; localPodCIDRs: string[] };
}

export interface ProxyState {
  services: Service[];
  endpointSlices: EndpointSlice[];
  /** This node (labels only matter for topology, which mk does not use yet). */
  node?: Node;
}

/** Chains and rules owned by one service port: skipped from a partial sync when unchanged. */
export interface ServiceBlock {
  key: string;
  chains: string[];
  rules: string[];
}

export interface RuleSet {
  filterChains: string[];
  filterRules: string[];
  natChains: string[];
  natRules: string[];
  /** Per service port nat chains (SVC, SVL, EXT, FW, SEP), by `ns/name:port/protocol`. */
  serviceBlocks: Map<string, ServiceBlock>;
  /** Every service chain that should exist; the rest of KUBE-SVC/SEP/... are stale. */
  activeNatChains: Set<string>;
  /** More than 1,000 endpoints: comments dropped from per-endpoint rules, as kube-proxy does. */
  largeClusterMode: boolean;
  counts: { services: number; endpoints: number };
  /** Set when the pod network's chains are in this RuleSet: the jumps into them depend on it. */
  podNetworkCIDR?: string;
}

/** A jump from a standard chain into ours, kept idempotently outside the restore payload. */
export interface JumpRule {
  table: 'nat' | 'filter';
  srcChain: string;
  dstChain: string;
  comment: string;
  extraArgs: string[];
  /** Appended (-A) rather than inserted first (-I): flannel's jumps come after kube-proxy's. */
  append?: boolean;
}

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];
/** kube-proxy's iptablesJumpChains, plus the kubelet's KUBE-FIREWALL it also installs. */
export const JUMP_RULES: JumpRule[] = [
  { table: 'filter', dstChain: KUBE_EXTERNAL_SERVICES, srcChain: 'INPUT', comment: 'kubernetes externally-visible service portals', extraArgs: NEW },
  { table: 'filter', dstChain: KUBE_EXTERNAL_SERVICES, srcChain: 'FORWARD', comment: 'kubernetes externally-visible service portals', extraArgs: NEW },
  { table: 'filter', dstChain: KUBE_NODEPORTS, srcChain: 'INPUT', comment: 'kubernetes health check service ports', extraArgs: [] },
  { table: 'filter', dstChain: KUBE_SERVICES, srcChain: 'FORWARD', comment: 'kubernetes service portals', extraArgs: NEW },
  { table: 'filter', dstChain: KUBE_SERVICES, srcChain: 'OUTPUT', comment: 'kubernetes service portals', extraArgs: NEW },
  { table: 'filter', dstChain: KUBE_FORWARD, srcChain: 'FORWARD', comment: 'kubernetes forwarding rules', extraArgs: [] },
  { table: 'filter', dstChain: KUBE_PROXY_FIREWALL, srcChain: 'INPUT', comment: 'kubernetes load balancer firewall', extraArgs: NEW },
  { table: 'filter', dstChain: KUBE_PROXY_FIREWALL, srcChain: 'OUTPUT', comment: 'kubernetes load balancer firewall', extraArgs: NEW },
  { table: 'filter', dstChain: KUBE_PROXY_FIREWALL, srcChain: 'FORWARD', comment: 'kubernetes load balancer firewall', extraArgs: NEW },
  { table: 'nat', dstChain: KUBE_SERVICES, srcChain: 'OUTPUT', comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', dstChain: KUBE_SERVICES, srcChain: 'PREROUTING', comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', dstChain: KUBE_POSTROUTING, srcChain: 'POSTROUTING', comment: 'kubernetes postrouting rules', extraArgs: [] },
];
export const KUBELET_JUMP_RULES: JumpRule[] = [
  { table: 'filter', dstChain: KUBE_FIREWALL, srcChain: 'INPUT', comment: '', extraArgs: [] },
  { table: 'filter', dstChain: KUBE_FIREWALL, srcChain: 'OUTPUT', comment: '', extraArgs: [] },
];

/** The arguments of a jump rule, as passed to `iptables -I SRC ...`. */
export function jumpRuleArgs(j: JumpRule): string[] {
  return [...j.extraArgs, ...(j.comment ? ['-m', 'comment', '--comment', `"${j.comment}"`] : []), '-j', j.dstChain];
}

const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

export const chainLine = (chain: string): string => `:${chain} - [0:0]`;
const probability = (n: number): string => (1 / n).toFixed(10);

export function masqueradeMark(cfg: ProxyConfig): string {
  return `0x${(1 << (cfg.masqueradeBit ?? 14)).toString(16)}`;
}

/** Every service port's info and endpoints, sorted by name so the payload is deterministic. */
const portsCache = new WeakMap<Service, { hostname: string; slices: EndpointSlice[]; ports: PortEntry[] }>();

function collect(state: ProxyState, hostname: string): PortEntry[] {
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const sl of state.endpointSlices) {
    const key = `${sl.metadata.namespace ?? 'default'}/${sl.metadata.labels?.[SERVICE_NAME_LABEL] ?? ''}`;
    let list = slicesByService.get(key);
    if (!list) slicesByService.set(key, (list = []));
    list.push(sl);
  }
  const out: PortEntry[] = [];
  for (const service of state.services) {
    const slices = slicesByService.get(`${service.metadata.namespace ?? 'default'}/${service.metadata.name}`) ?? [];
    let cached = portsCache.get(service);
    if (!cached || cached.hostname !== hostname || cached.slices.length !== slices.length || cached.slices.some((s, i) => s !== slices[i])) {
      const eps = endpointsMap(slices, hostname);
      cached = { hostname, slices, ports: servicePorts(service).map((svc) => ({ svc, endpoints: eps.get(portKey(svc.nameString, svc.protocol)) ?? [] })) };
      portsCache.set(service, cached);
    }
    out.push(...cached.ports);
  }
  return out.sort((a, b) => cmp(portKey(a.svc.nameString, a.svc.protocol), portKey(b.svc.nameString, b.svc.protocol)));
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildRules(state: ProxyState, cfg: ProxyConfig): RuleSet {
  const mark = masqueradeMark(cfg);
  const localhostNodePorts = cfg.localhostNodePorts ?? true;
  const filterChains: string[] = [];
  const filterRules: string[] = [];
  const natChains: string[] = [];
  const natRules: string[] = [];
  const serviceBlocks = new Map<string, ServiceBlock>();
  const activeNatChains = new Set<string>();

  for (const c of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL]) filterChains.push(chainLine(c));
  for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) natChains.push(chainLine(c));

  // SNAT what was marked, once: clear the mark so a re-traversing packet is not masqueraded again.
  natRules.push(`-A ${KUBE_POSTROUTING} -m mark ! --mark ${mark}/${mark} -j RETURN`);
  natRules.push(`-A ${KUBE_POSTROUTING} -j MARK --xor-mark ${mark}`);
  natRules.push(
    `-A ${KUBE_POSTROUTING} -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${(cfg.randomFully ?? true) ? ' --random-fully' : ''}`,
  );
  natRules.push(`-A ${KUBE_MARK_MASQ} -j MARK --or-mark ${mark}`);

  if (localhostNodePorts) {
    // route_localnet opens 127.0.0.0/8 to the outside (issue 90259); this drops such packets.
    filterChains.push(chainLine(KUBE_FIREWALL));
    filterRules.push(
      `-A ${KUBE_FIREWALL} -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
    );
  }

  const all = collect(state, cfg.hostname);
  const totalEndpoints = all.reduce((n, s) => n + s.endpoints.length, 0);
  const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;

  const ctx: PortContext = { cfg, largeClusterMode, ctxKey: `${largeClusterMode}|${cfg.masqueradeAll}|${cfg.clusterCIDR}|${cfg.nodeIP}` };
  for (const entry of all) {
    const out = servicePortRules(entry, ctx);
    natRules.push(...out.natRules);
    filterRules.push(...out.filterRules);
    serviceBlocks.set(out.block.key, out.block);
    for (const c of out.active) activeNatChains.add(c);
  }

  // Last in KUBE-SERVICES: anything for a local address may be a NodePort.
  const tail = `-A ${KUBE_SERVICES} -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"`;
  if (!cfg.nodePortIPs) {
    natRules.push(`${tail} -m addrtype --dst-type LOCAL${localhostNodePorts ? '' : ' ! -d 127.0.0.0/8'} -j ${KUBE_NODEPORTS}`);
  } else {
    for (const ip of cfg.nodePortIPs) {
      if (ip.startsWith('127.') && !localhostNodePorts) continue;
      natRules.push(`${tail} -d ${ip} -j ${KUBE_NODEPORTS}`);
    }
  }

  filterRules.push(`-A ${KUBE_FORWARD} -m conntrack --ctstate INVALID -j DROP`);
  filterRules.push(`-A ${KUBE_FORWARD} -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  filterRules.push(`-A ${KUBE_FORWARD} -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);

  if (cfg.podNetwork) {
    const pn = podNetworkRules(cfg.podNetwork.clusterCIDR, cfg.podNetwork.localPodCIDRs, cfg.randomFully ?? true);
    filterChains.push(...pn.filterChains);
    filterRules.push(...pn.filterRules);
    natChains.push(...pn.natChains);
    natRules.push(...pn.natRules);
  }

  return {
    filterChains,
    filterRules,
    natChains,
    natRules,
    serviceBlocks,
    activeNatChains,
    largeClusterMode,
    counts: { services: all.length, endpoints: totalEndpoints },
    podNetworkCIDR: cfg.podNetwork?.clusterCIDR,
  };
}

interface PortContext {
  cfg: ProxyConfig;
  largeClusterMode: boolean;
  /** Everything besides the Service and its endpoints that the rules depend on. */
  ctxKey: string;
}
interface PortRules {
  natRules: string[];
  filterRules: string[];
  block: ServiceBlock;
  active: string[];
}
type PortEntry = { svc: ServicePortInfo; endpoints: EndpointInfo[] };
/** Rules of unchanged service ports are reused: informer objects are replaced, never mutated. */
const portRulesCache = new WeakMap<PortEntry, { ctxKey: string; out: PortRules }>();

function servicePortRules(entry: PortEntry, ctx: PortContext): PortRules {
  const hit = portRulesCache.get(entry);
  if (hit && hit.ctxKey === ctx.ctxKey) return hit.out;
  const { svc, endpoints } = entry;
  const { cfg, largeClusterMode } = ctx;
  const natRules: string[] = [];
  const filterRules: string[] = [];
  const activeNatChains = new Set<string>();
  const svcComment = (c: string): string => (largeClusterMode ? '' : ` -m comment --comment ${c}`);
  const ifLocal = cfg.clusterCIDR ? `-s ${cfg.clusterCIDR}` : '';
  const ifNotLocal = cfg.clusterCIDR ? `! -s ${cfg.clusterCIDR}` : '';
  const p = svc.protocol;
  const name = svc.nameString;
  const key = portKey(name, p);
  const block: ServiceBlock = { key, chains: [], rules: [] };
  const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints: hasEndpoints } = categorizeEndpoints(endpoints, svc);
  for (const ep of allReachableEndpoints) activeNatChains.add(ep.chainName);

  const clusterPolicyChain = svc.clusterPolicyChain;
  const usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints(svc);
  if (usesClusterPolicyChain) activeNatChains.add(clusterPolicyChain);
  const localPolicyChain = svc.localPolicyChain;
  const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocalEndpoints(svc);
  if (usesLocalPolicyChain) activeNatChains.add(localPolicyChain);

  let internalTrafficChain = clusterPolicyChain;
  let hasInternalEndpoints = hasEndpoints;
  if (svc.internalPolicyLocal) {
    internalTrafficChain = localPolicyChain;
    if (localEndpoints.length === 0) hasInternalEndpoints = false;
  }
  let externalPolicyChain = clusterPolicyChain;
  let hasExternalEndpoints = hasEndpoints;
  if (svc.externalPolicyLocal) {
    externalPolicyChain = localPolicyChain;
    if (localEndpoints.length === 0) hasExternalEndpoints = false;
  }
  const externalTrafficChain = svc.externalChain;
  const usesExternalTrafficChain = hasEndpoints && externallyAccessible(svc);
  if (usesExternalTrafficChain) activeNatChains.add(externalTrafficChain);

  let loadBalancerTrafficChain = externalTrafficChain;
  const fwChain = svc.firewallChain;
  const usesFWChain = hasEndpoints && svc.loadBalancerVIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
  if (usesFWChain) {
    activeNatChains.add(fwChain);
    loadBalancerTrafficChain = fwChain;
  }

  let internalFilterTarget = '';
  let internalFilterComment = '';
  let externalFilterTarget = '';
  let externalFilterComment = '';
  if (!hasEndpoints) {
    internalFilterTarget = externalFilterTarget = 'REJECT';
    internalFilterComment = externalFilterComment = `"${name} has no endpoints"`;
  } else {
    if (!hasInternalEndpoints) {
      internalFilterTarget = 'DROP';
      internalFilterComment = `"${name} has no local endpoints"`;
    }
    if (!hasExternalEndpoints) {
      externalFilterTarget = 'DROP';
      externalFilterComment = `"${name} has no local endpoints"`;
    }
  }
  const match = `-m ${p} -p ${p}`;

  // Capture the clusterIP.
  if (hasInternalEndpoints) {
    natRules.push(`-A ${KUBE_SERVICES} -m comment --comment "${name} cluster IP" ${match} -d ${svc.clusterIP} --dport ${svc.port} -j ${internalTrafficChain}`);
  } else {
    filterRules.push(`-A ${KUBE_SERVICES} -m comment --comment ${internalFilterComment} ${match} -d ${svc.clusterIP} --dport ${svc.port} -j ${internalFilterTarget}`);
  }
  // Capture externalIPs.
  for (const ip of svc.externalIPs) {
    if (hasEndpoints) natRules.push(`-A ${KUBE_SERVICES} -m comment --comment "${name} external IP" ${match} -d ${ip} --dport ${svc.port} -j ${externalTrafficChain}`);
    if (!hasExternalEndpoints) {
      filterRules.push(`-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilterComment} ${match} -d ${ip} --dport ${svc.port} -j ${externalFilterTarget}`);
    }
  }
  // Capture load-balancer ingress.
  for (const ip of svc.loadBalancerVIPs) {
    if (hasEndpoints) natRules.push(`-A ${KUBE_SERVICES} -m comment --comment "${name} loadbalancer IP" ${match} -d ${ip} --dport ${svc.port} -j ${loadBalancerTrafficChain}`);
    if (usesFWChain) {
      filterRules.push(`-A ${KUBE_PROXY_FIREWALL} -m comment --comment "${name} traffic not accepted by ${fwChain}" ${match} -d ${ip} --dport ${svc.port} -j DROP`);
    }
  }
  if (!hasExternalEndpoints) {
    for (const ip of svc.loadBalancerVIPs) {
      filterRules.push(`-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilterComment} ${match} -d ${ip} --dport ${svc.port} -j ${externalFilterTarget}`);
    }
  }
  // Capture nodeports.
  if (svc.nodePort !== 0) {
    if (hasEndpoints) natRules.push(`-A ${KUBE_NODEPORTS} -m comment --comment ${name} ${match} --dport ${svc.nodePort} -j ${externalTrafficChain}`);
    if (!hasExternalEndpoints) {
      filterRules.push(
        `-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilterComment} -m addrtype --dst-type LOCAL ${match} --dport ${svc.nodePort} -j ${externalFilterTarget}`,
      );
    }
  }
  // Capture healthCheckNodePorts.
  if (svc.healthCheckNodePort !== 0) {
    filterRules.push(`-A ${KUBE_NODEPORTS} -m comment --comment "${name} health check node port" -m tcp -p tcp --dport ${svc.healthCheckNodePort} -j ACCEPT`);
  }

  const rules = block.rules;
  const chains = block.chains;
  // Internal traffic from outside the cluster (or all, with masqueradeAll) is SNATed.
  if (hasInternalEndpoints) {
    const args = `-m comment --comment "${name} cluster IP" ${match} -d ${svc.clusterIP} --dport ${svc.port}`;
    if (cfg.masqueradeAll) rules.push(`-A ${internalTrafficChain} ${args} -j ${KUBE_MARK_MASQ}`);
    else if (ifNotLocal) rules.push(`-A ${internalTrafficChain} ${args} ${ifNotLocal} -j ${KUBE_MARK_MASQ}`);
  }
  // External traffic: special cases, then the external policy chain.
  if (usesExternalTrafficChain) {
    chains.push(chainLine(externalTrafficChain));
    if (!svc.externalPolicyLocal) {
      // Endpoints may be on another node: masquerade so replies come back through us.
      rules.push(`-A ${externalTrafficChain} -m comment --comment "masquerade traffic for ${name} external destinations" -j ${KUBE_MARK_MASQ}`);
    } else {
      if (ifLocal) {
        rules.push(`-A ${externalTrafficChain} -m comment --comment "pod traffic for ${name} external destinations" ${ifLocal} -j ${clusterPolicyChain}`);
      }
      rules.push(`-A ${externalTrafficChain} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${KUBE_MARK_MASQ}`);
      rules.push(`-A ${externalTrafficChain} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${clusterPolicyChain}`);
    }
    if (hasExternalEndpoints) rules.push(`-A ${externalTrafficChain} -j ${externalPolicyChain}`);
  }
  // Firewall chain for loadBalancerSourceRanges.
  if (usesFWChain) {
    chains.push(chainLine(fwChain));
    const args = `-A ${fwChain} -m comment --comment "${name} loadbalancer IP"`;
    let allowFromNode = false;
    for (const src of svc.loadBalancerSourceRanges) {
      rules.push(`${args} -s ${src} -j ${externalTrafficChain}`);
      if (cfg.nodeIP && cidrContains(src, cfg.nodeIP)) allowFromNode = true;
    }
    if (allowFromNode) for (const ip of svc.loadBalancerVIPs) rules.push(`${args} -s ${ip} -j ${externalTrafficChain}`);
    rules.push(`-A ${fwChain} -m comment --comment "other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL"`);
  }
  if (usesClusterPolicyChain) {
    chains.push(chainLine(clusterPolicyChain));
    writeServiceToEndpointRules(rules, name, svc, clusterPolicyChain, clusterEndpoints, largeClusterMode);
  }
  if (usesLocalPolicyChain) {
    chains.push(chainLine(localPolicyChain));
    writeServiceToEndpointRules(rules, name, svc, localPolicyChain, localEndpoints, largeClusterMode);
  }
  // One chain per endpoint: hairpin masquerade, affinity bookkeeping, then DNAT.
  for (const ep of allReachableEndpoints) {
    chains.push(chainLine(ep.chainName));
    const head = `-A ${ep.chainName}${svcComment(name)}`;
    rules.push(`${head} -s ${ep.ip} -j ${KUBE_MARK_MASQ}`);
    const recent = svc.sessionAffinityClientIP ? ` -m recent --name ${ep.chainName} --set` : '';
    rules.push(`${head}${recent} ${match} -j DNAT --to-destination ${ep.endpoint}`);
  }
  const out: PortRules = { natRules, filterRules, block, active: [...activeNatChains] };
  portRulesCache.set(entry, { ctxKey: ctx.ctxKey, out });
  return out;
}

function writeServiceToEndpointRules(
  rules: string[],
  name: string,
  svc: ServicePortInfo,
  chain: string,
  endpoints: EndpointInfo[],
  largeClusterMode: boolean,
): void {
  const comment = (ep: EndpointInfo): string => (largeClusterMode ? '' : ` -m comment --comment "${name} -> ${ep.endpoint}"`);
  // Sticky clients first: a source seen recently goes back to the same endpoint.
  if (svc.sessionAffinityClientIP) {
    for (const ep of endpoints) {
      rules.push(`-A ${chain}${comment(ep)} -m recent --name ${ep.chainName} --rcheck --seconds ${svc.stickyMaxAgeSeconds} --reap -j ${ep.chainName}`);
    }
  }
  // Then 1/n, 1/(n-1), ..., 1: each endpoint equally likely overall.
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(n - i)}` : '';
    rules.push(`-A ${chain}${comment(ep)}${stat} -j ${ep.chainName}`);
  });
}
