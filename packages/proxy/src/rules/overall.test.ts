// The whole payload for a state holding every Service shape, against the rules kube-proxy's
// iptables mode writes for the same state (its TestOverallIPTablesRules; the nfacct counters
// and per-NodePort localhost rules of versions after 1.28 left out). Compared chain by chain.
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import type { EndpointSlice, Service, ServiceSpec } from '@mk/api';
import { buildRules, renderPayload } from '../index.js';

const svc = (ns: string, name: string, spec: ServiceSpec, ingress?: string): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec,
  ...(ingress ? { status: { loadBalancer: { ingress: [{ ip: ingress }] } } } : {}),
});
const slice = (ns: string, name: string, eps: Array<{ ip: string; node?: string }>): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: `${name}-1`, namespace: ns, labels: { 'kubernetes.io/service-name': name } },
  addressType: 'IPv4',
  ports: [{ name: 'p80', port: 80, protocol: 'TCP' }],
  endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: true }, nodeName: e.node })),
});
const p80 = (extra: { nodePort?: number; targetPort?: number } = {}) => [{ name: 'p80', port: 80, protocol: 'TCP' as const, ...extra }];

const services: Service[] = [
  svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: p80() }),
  // LoadBalancer, externalTrafficPolicy Local, its only endpoint on another node.
  svc('ns2', 'svc2', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '172.30.0.42', ports: p80({ nodePort: 3001 }), externalIPs: ['192.168.99.22'], healthCheckNodePort: 30000 }, '1.2.3.4'),
  svc('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: p80({ nodePort: 3003 }) }),
  svc('ns4', 'svc4', { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: p80({ targetPort: 80 }) }),
  // LoadBalancer, Cluster policy, source ranges (with stray whitespace) and session affinity.
  svc(
    'ns5',
    'svc5',
    {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Cluster',
      clusterIP: '172.30.0.45',
      ports: p80({ nodePort: 3002 }),
      healthCheckNodePort: 30000,
      loadBalancerSourceRanges: [' 203.0.113.0/25'],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    },
    '5.6.7.8',
  ),
  svc('ns6', 'svc6', { type: 'ClusterIP', clusterIP: '172.30.0.46', ports: p80({ targetPort: 80 }) }),
];
const slices: EndpointSlice[] = [
  slice('ns1', 'svc1', [{ ip: '10.180.0.1' }]),
  slice('ns2', 'svc2', [{ ip: '10.180.0.2' }]),
  slice('ns3', 'svc3', [{ ip: '10.180.0.3' }]),
  slice('ns4', 'svc4', [{ ip: '10.180.0.4' }, { ip: '10.180.0.5', node: 'test-node' }]),
  slice('ns5', 'svc5', [{ ip: '10.180.0.3' }]),
];

/** Chain declarations and rules per table, rules kept in order within each chain. */
function byChain(payload: string): Record<string, { chains: string[]; rules: Record<string, string[]> }> {
  const out: Record<string, { chains: string[]; rules: Record<string, string[]> }> = {};
  let table = '';
  for (const line of payload.split('\n')) {
    if (line.startsWith('*')) out[(table = line.slice(1))] = { chains: [], rules: {} };
    else if (line.startsWith(':')) out[table]!.chains.push(line);
    else if (line.startsWith('-A ')) {
      const chain = line.split(' ')[1]!;
      (out[table]!.rules[chain] ??= []).push(line);
    }
  }
  for (const t of Object.values(out)) t.chains.sort();
  return out;
}

describe("every Service shape at once, as kube-proxy's own test expects", () => {
  it('writes the same chains and the same rules in each chain', () => {
    const payload = renderPayload(buildRules({ services, endpointSlices: slices }, { hostname: 'test-node', clusterCIDR: '10.0.0.0/8', randomFully: false }));
    const want = readFileSync(new URL('./testdata/overall-iptables-rules.txt', import.meta.url), 'utf8');
    expect(byChain(payload)).toEqual(byChain(want));
  });
});
