// The teaching view behind `mk debug service NAME`: the chains and rules that serve one
// Service, in the order a packet meets them, each with a one-line note on what it does.
import type { Service } from '@mk/api';
import { servicePorts, shouldSkipService } from './rules/model.js';
import type { ServicePortInfo } from './rules/model.js';
import { KUBE_EXTERNAL_SERVICES, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL, KUBE_SERVICES, SEP_PREFIX } from './rules/names.js';

type Tables = Map<string, Map<string, string[]>>;

/** `-A CHAIN ...` lines of an iptables-restore payload (or iptables-save output), by table and chain. */
export function parsePayload(payload: string): Tables {
  const tables: Tables = new Map();
  let current: Map<string, string[]> | undefined;
  for (const line of payload.split('\n')) {
    if (line.startsWith('*')) {
      current = new Map();
      tables.set(line.slice(1).trim(), current);
    } else if (current && line.startsWith('-A ')) {
      const chain = line.split(' ')[1]!;
      let rules = current.get(chain);
      if (!rules) current.set(chain, (rules = []));
      rules.push(line);
    }
  }
  return tables;
}

const target = (rule: string): string | undefined => / -j (\S+)/.exec(rule)?.[1];
const arg = (rule: string, flag: string): string | undefined => new RegExp(` ${flag} (\\S+)`).exec(rule)?.[1];

/** One line on what a rule does, for a student. */
export function explainRule(rule: string): string {
  const j = target(rule);
  const d = arg(rule, '-d');
  const dport = arg(rule, '--dport');
  const p = arg(rule, '-p');
  if (j === 'REJECT') return `no ready endpoints: a new connection to ${d ?? 'this port'}${dport ? `:${dport}` : ''} is refused at once (ICMP port unreachable)`;
  if (j === 'DROP' && rule.includes('no local endpoints')) return 'no endpoint on this node and the traffic policy is Local: packets are dropped';
  if (j === 'DROP') return 'packets that reached here are dropped';
  if (j === 'ACCEPT') return 'accepted by the filter table';
  if (rule.includes('--rcheck')) {
    return `sessionAffinity ClientIP: a client seen within ${arg(rule, '--seconds')} s goes back to the same endpoint (${j})`;
  }
  if (j === 'DNAT') {
    const to = arg(rule, '--to-destination');
    return `rewrites the destination to the pod at ${to}${rule.includes('--set') ? ', remembering the client for session affinity' : ''}; conntrack reverses it on replies`;
  }
  if (j === KUBE_MARK_MASQ) {
    if (/ -s \d/.test(rule) && rule.split(' ')[1]!.startsWith(SEP_PREFIX)) return 'hairpin: a pod reaching itself through the Service is masqueraded so the reply comes back through the node';
    if (rule.includes('! -s')) return 'traffic to the ClusterIP from outside the cluster CIDR is marked for SNAT';
    if (rule.includes('--src-type LOCAL')) return 'traffic from this node itself is marked for SNAT';
    if (rule.includes('masquerade traffic for')) return 'external traffic is marked for SNAT (MASQUERADE in KUBE-POSTROUTING), so replies return through this node';
    return 'marked (0x4000) for SNAT in KUBE-POSTROUTING';
  }
  if (j?.startsWith('KUBE-SEP-')) {
    const prob = arg(rule, '--probability');
    const ep = /-> ([\d.]+:\d+)/.exec(rule)?.[1];
    const who = ep ? `endpoint ${ep} (${j})` : j;
    return prob ? `picks ${who} with probability ${Number(prob).toFixed(4)} of what is left` : `otherwise: ${who}`;
  }
  const chain = rule.split(' ')[1]!;
  if (chain === KUBE_SERVICES && rule.includes('cluster IP')) return `traffic to the ClusterIP ${d}:${dport}/${p} goes to the Service's chain ${j}`;
  if (chain === KUBE_SERVICES && rule.includes('external IP')) return `traffic to the external IP ${d}:${dport}/${p} goes to ${j}`;
  if (chain === KUBE_SERVICES && rule.includes('loadbalancer IP')) return `traffic to the load balancer IP ${d}:${dport}/${p} goes to ${j}`;
  if (chain === KUBE_NODEPORTS) return `traffic to port ${dport}/${p} on this node's addresses (NodePort) goes to ${j}`;
  if (j?.startsWith('KUBE-SVL-')) return `then to endpoints on this node only (${j})`;
  if (j?.startsWith('KUBE-SVC-')) return rule.includes('--src-type LOCAL') ? `traffic from this node uses every endpoint (${j})` : `then load-balanced over the endpoints (${j})`;
  if (j?.startsWith('KUBE-EXT-')) return `allowed source: to the external chain ${j}`;
  return '';
}

const chainNote = (chain: string): string => {
  if (chain === KUBE_SERVICES) return 'every packet to a Service address starts here (from PREROUTING and OUTPUT)';
  if (chain === KUBE_NODEPORTS) return 'reached last from KUBE-SERVICES for packets to this node\'s own addresses';
  if (chain === KUBE_EXTERNAL_SERVICES) return 'filter: NodePort and external traffic that must not be proxied';
  if (chain === KUBE_PROXY_FIREWALL) return 'filter: loadBalancerSourceRanges';
  if (chain.startsWith('KUBE-EXT-')) return 'external traffic (NodePort, external and load balancer IPs)';
  if (chain.startsWith('KUBE-FW-')) return 'loadBalancerSourceRanges: allowed sources';
  if (chain.startsWith('KUBE-SVC-')) return 'the Service port: picks an endpoint (all endpoints, traffic policy Cluster)';
  if (chain.startsWith('KUBE-SVL-')) return 'the Service port: picks an endpoint on this node (traffic policy Local)';
  if (chain.startsWith('KUBE-SEP-')) return 'one endpoint';
  return '';
};

function portHeading(s: ServicePortInfo): string {
  const parts = [`ClusterIP ${s.clusterIP}:${s.port}/${s.protocol.toUpperCase()}`];
  if (s.nodePort) parts.push(`nodePort ${s.nodePort}`);
  for (const ip of s.externalIPs) parts.push(`external IP ${ip}`);
  return `port ${s.portName || '(unnamed)'}: ${parts.join(', ')}`;
}

/** The chains and rules serving one Service in a payload, with a note on each rule. */
export function explainServiceRules(payload: string, svc: Service): string {
  const ns = svc.metadata.namespace ?? 'default';
  const out: string[] = [`Service ${ns}/${svc.metadata.name} (${svc.spec?.type ?? 'ClusterIP'})`];
  if (shouldSkipService(svc)) {
    const why = svc.spec?.type === 'ExternalName' ? 'an ExternalName Service is a DNS CNAME only' : 'a headless Service (clusterIP: None) has no virtual IP; DNS returns the pod IPs';
    out.push(`  no iptables rules: ${why}`);
    return out.join('\n') + '\n';
  }
  const tables = parsePayload(payload);
  const nat = tables.get('nat') ?? new Map<string, string[]>();
  const filter = tables.get('filter') ?? new Map<string, string[]>();
  const emit = (table: string, chain: string, rules: string[]): void => {
    if (rules.length === 0) return;
    const note = chainNote(chain);
    out.push(`  ${table} ${chain}${note ? `  # ${note}` : ''}`);
    for (const r of rules) {
      out.push(`    ${r}`);
      const e = explainRule(r);
      if (e) out.push(`      # ${e}`);
    }
  };
  for (const s of servicePorts(svc)) {
    out.push('', portHeading(s));
    const own = new Set([s.clusterPolicyChain, s.localPolicyChain, s.externalChain, s.firewallChain]);
    const mentions = (r: string): boolean => r.includes(`"${s.nameString} `) || r.includes(`--comment ${s.nameString} `);
    for (const [chain, rules] of filter) emit('filter', chain, rules.filter(mentions));
    emit('nat', KUBE_SERVICES, (nat.get(KUBE_SERVICES) ?? []).filter((r) => own.has(target(r) ?? '')));
    emit('nat', KUBE_NODEPORTS, (nat.get(KUBE_NODEPORTS) ?? []).filter((r) => own.has(target(r) ?? '')));
    // Then every chain reachable from the Service's own, in the order a packet meets them.
    const seen = new Set<string>();
    const queue = [s.firewallChain, s.externalChain, s.clusterPolicyChain, s.localPolicyChain];
    while (queue.length) {
      const chain = queue.shift()!;
      if (seen.has(chain)) continue;
      seen.add(chain);
      const rules = nat.get(chain) ?? [];
      emit('nat', chain, rules);
      for (const r of rules) {
        const t = target(r);
        if (t && /^KUBE-(SVC|SVL|EXT|FW|SEP)-/.test(t) && !seen.has(t)) queue.push(t);
      }
    }
    if (![...seen].some((c) => nat.has(c))) out.push('  (no nat chains: the Service has no usable endpoints here)');
  }
  return out.join('\n') + '\n';
}
