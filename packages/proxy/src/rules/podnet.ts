// The pod network across nodes, as flannel's host-gw backend builds it: a route to every
// other node's podCIDR through that node's InternalIP, FORWARD accepted for the cluster CIDR,
// and masquerade for pod traffic leaving it (flannel's FLANNEL-FWD and FLANNEL-POSTRTG
// chains, rule for rule). Pure functions of the Nodes and the config; nothing read from the host.
import type { Node } from '@mk/api';
import type { JumpRule } from './builder.js';
import { cidrContains } from './cidr.js';

export const FLANNEL_FWD = 'FLANNEL-FWD';
export const FLANNEL_POSTRTG = 'FLANNEL-POSTRTG';
/** Docker jumps here first from FORWARD, ahead of its isolation between bridges. */
export const DOCKER_USER = 'DOCKER-USER';
/** The routes we add carry this protocol number, so a restarted or cleaning proxy finds them. */
export const ROUTE_PROTOCOL = 77;
/** kube-proxy's masquerade mark (0x4000/0x4000), which flannel leaves to KUBE-POSTROUTING. */
const KUBE_PROXY_MARK = '0x4000/0x4000';

export interface PodNetworkConfig {
  /** The cluster's pod range (--cluster-cidr). */
  clusterCIDR: string;
  /** This proxy's node. */
  nodeName: string;
  /** This host's IPv4 addresses: nodes with one of them as InternalIP are served here. */
  localAddresses: string[];
}

export interface Route {
  /** The other node's podCIDR. */
  dst: string;
  /** Its InternalIP. */
  via: string;
  node: string;
}

export interface RoutePlan {
  /** One route per other node, sorted by destination. */
  routes: Route[];
  /** Nodes whose bridges are on this host: their NetworkUnavailable is ours to clear. */
  servedNodes: string[];
  /** Their podCIDRs, for the masquerade rules. */
  localPodCIDRs: string[];
}

const isIPv4CIDR = (c: string): boolean => /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(c);

export function internalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP' && /^\d{1,3}(\.\d{1,3}){3}$/.test(a.address))?.address;
}

export function podCIDROf(node: Node): string | undefined {
  return [node.spec?.podCIDR, ...(node.spec?.podCIDRs ?? [])].find((c): c is string => !!c && isIPv4CIDR(c));
}

/**
 * flannel host-gw's routes: every node with a podCIDR and an InternalIP that is not this host
 * gets `PODCIDR via INTERNALIP`. Nodes on this host (several kubelets on one machine) have
 * their bridges here already: no route, and this host serves them.
 */
export function planRoutes(nodes: Node[], cfg: PodNetworkConfig): RoutePlan {
  const local = new Set(cfg.localAddresses);
  const routes: Route[] = [];
  const servedNodes: string[] = [];
  const localPodCIDRs: string[] = [];
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const cidr = podCIDROf(node);
    const ip = internalIP(node);
    if (name === cfg.nodeName || (ip !== undefined && local.has(ip))) {
      servedNodes.push(name);
      if (cidr) localPodCIDRs.push(cidr);
      continue;
    }
    // A route needs both ends; a gateway inside the pod range would route pods through pods.
    if (!cidr || !ip || cidrContains(cfg.clusterCIDR, ip)) continue;
    routes.push({ dst: cidr, via: ip, node: name });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  routes.sort((a, b) => cmp(a.dst, b.dst) || cmp(a.node, b.node));
  // Two nodes claiming one podCIDR: the first (by name) wins, as one kernel route can.
  const unique = routes.filter((r, i) => i === 0 || routes[i - 1]!.dst !== r.dst);
  return { routes: unique, servedNodes: servedNodes.sort(cmp), localPodCIDRs: [...new Set(localPodCIDRs)].sort(cmp) };
}

/** What to do to go from the routes in the kernel (ours, by protocol) to the plan. */
export function diffRoutes(current: Array<{ dst: string; via: string }>, want: Route[]): { replace: Route[]; remove: string[] } {
  const have = new Map(current.map((r) => [r.dst, r.via]));
  const wanted = new Set(want.map((r) => r.dst));
  return {
    replace: want.filter((r) => have.get(r.dst) !== r.via),
    remove: current.filter((r) => !wanted.has(r.dst)).map((r) => r.dst),
  };
}

/** Our routes from `ip -4 route show proto 77` (lines like `10.244.2.0/24 via 192.0.2.3 dev eth0`). */
export function parseRoutes(text: string): Array<{ dst: string; via: string }> {
  const out: Array<{ dst: string; via: string }> = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+) via (\S+)/.exec(line.trim());
    if (m) out.push({ dst: m[1]!.includes('/') ? m[1]! : `${m[1]}/32`, via: m[2]! });
  }
  return out;
}

export interface PodNetworkRules {
  filterChains: string[];
  filterRules: string[];
  natChains: string[];
  natRules: string[];
}

/**
 * flannel's FLANNEL-FWD (forwardRules) and FLANNEL-POSTRTG (masqRules), one set of
 * per-subnet RETURNs for each podCIDR on this host.
 */
export function podNetworkRules(clusterCIDR: string, localPodCIDRs: string[], randomFully = true): PodNetworkRules {
  const fwd = (m: string): string => `-A ${FLANNEL_FWD} ${m} -m comment --comment "flanneld forward" -j ACCEPT`;
  const masq = (m: string, target: string): string => `-A ${FLANNEL_POSTRTG} ${m} -m comment --comment "flanneld masq" -j ${target}`;
  const masquerade = `MASQUERADE${randomFully ? ' --random-fully' : ''}`;
  const natRules = [
    // Marked by kube-proxy: KUBE-POSTROUTING masquerades it (no double NAT).
    masq(`-m mark --mark ${KUBE_PROXY_MARK}`, 'RETURN'),
  ];
  for (const pod of localPodCIDRs) {
    // Pod to pod, either way: no NAT, a pod sees the other's own IP.
    natRules.push(masq(`-s ${pod} -d ${clusterCIDR}`, 'RETURN'), masq(`-s ${clusterCIDR} -d ${pod}`, 'RETURN'));
  }
  // External traffic arriving for a pod here keeps its source.
  for (const pod of localPodCIDRs) natRules.push(masq(`! -s ${clusterCIDR} -d ${pod}`, 'RETURN'));
  natRules.push(
    // Pods leaving the cluster range (not multicast) go out as the node.
    masq(`-s ${clusterCIDR} ! -d 224.0.0.0/4`, masquerade),
    // The host reaching pods on other nodes: replies must come back here.
    masq(`! -s ${clusterCIDR} -d ${clusterCIDR}`, masquerade),
  );
  return {
    filterChains: [`:${FLANNEL_FWD} - [0:0]`],
    filterRules: [fwd(`-s ${clusterCIDR}`), fwd(`-d ${clusterCIDR}`)],
    natChains: [`:${FLANNEL_POSTRTG} - [0:0]`],
    natRules,
  };
}

/**
 * The jumps into the pod network's chains. flannel appends to FORWARD and POSTROUTING, after
 * kube-proxy's jumps (so a Service without endpoints is still rejected first). Pods on two
 * docker bridges need one more: Docker's DOCKER-ISOLATION chains, early in FORWARD, drop
 * traffic between bridges, and only DOCKER-USER comes before them.
 */
export function podNetworkJumps(clusterCIDR: string, dockerUser: boolean): JumpRule[] {
  const jumps: JumpRule[] = [
    { table: 'filter', srcChain: 'FORWARD', dstChain: FLANNEL_FWD, comment: 'flanneld forward', extraArgs: [], append: true },
    { table: 'nat', srcChain: 'POSTROUTING', dstChain: FLANNEL_POSTRTG, comment: 'flanneld masq', extraArgs: [], append: true },
  ];
  if (dockerUser) {
    jumps.push({
      table: 'filter',
      srcChain: DOCKER_USER,
      dstChain: FLANNEL_FWD,
      comment: 'pod to pod across node bridges, before docker isolation',
      extraArgs: ['-s', clusterCIDR, '-d', clusterCIDR],
    });
  }
  return jumps;
}
