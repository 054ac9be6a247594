import { describe, it, expect } from 'vitest';
import type { EndpointSlice, Service, ServiceSpec } from '@mk/api';
import { buildRules, renderPayload, appliedTexts, portProtoHash, serviceChainName, endpointChainName } from './index.js';
import type { ProxyConfig } from './index.js';

const cfg: ProxyConfig = { hostname: 'node-a', randomFully: false };

function svc(name: string, spec: ServiceSpec, ns = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}
function slice(
  service: string,
  ports: Array<{ name?: string; port: number; protocol?: 'TCP' | 'UDP' }>,
  eps: Array<{ ip: string; node?: string; ready?: boolean; serving?: boolean; terminating?: boolean }>,
  ns = 'default',
  name = `${service}-abc`,
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      nodeName: e.node,
      conditions: { ready: e.ready ?? true, serving: e.serving, terminating: e.terminating },
    })),
  };
}
const payloadOf = (services: Service[], slices: EndpointSlice[], c: ProxyConfig = cfg): string =>
  renderPayload(buildRules({ services, endpointSlices: slices }, c));
const lines = (payload: string, chain: string): string[] => payload.split('\n').filter((l) => l.startsWith(`-A ${chain} `));

describe('chain names', () => {
  it("hash like kube-proxy's portProtoHash (base32 of sha256, 16 chars)", () => {
    // Values from kube-proxy's own tests (pkg/proxy/iptables/proxier_test.go).
    expect(serviceChainName('ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(portProtoHash('a/b', 'udp')).toMatch(/^[A-Z2-7]{16}$/);
    // The chains every Kubernetes node has: the API Service and cluster DNS.
    expect(serviceChainName('default/kubernetes:https', 'tcp')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(serviceChainName('kube-system/kube-dns:dns', 'udp')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(serviceChainName('kube-system/kube-dns:dns-tcp', 'tcp')).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
  });
});

describe('ClusterIP Service', () => {
  const services = [svc('svc1', { clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80, targetPort: 80 }] }, 'ns1')];
  const slices = [slice('svc1', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.1' }], 'ns1')];

  it("writes kube-proxy's exact payload for one endpoint", () => {
    expect(payloadOf(services, slices)).toBe(
      [
        '*filter',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-EXTERNAL-SERVICES - [0:0]',
        ':KUBE-FORWARD - [0:0]',
        ':KUBE-NODEPORTS - [0:0]',
        ':KUBE-PROXY-FIREWALL - [0:0]',
        ':KUBE-FIREWALL - [0:0]',
        '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        'COMMIT',
        '*nat',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-NODEPORTS - [0:0]',
        ':KUBE-POSTROUTING - [0:0]',
        ':KUBE-MARK-MASQ - [0:0]',
        ':KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]',
        ':KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]',
        '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
        '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
        '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 10.20.30.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('balances n endpoints with probabilities 1/n, 1/(n-1), ... and a final catch-all', () => {
    const p = payloadOf(
      [svc('web', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, targetPort: 'web' }] })],
      [slice('web', [{ name: 'http', port: 8080 }], [{ ip: '10.244.0.3' }, { ip: '10.244.0.1' }, { ip: '10.244.0.2' }])],
    );
    const chain = serviceChainName('default/web:http', 'tcp');
    const rules = lines(p, chain);
    expect(rules).toHaveLength(3);
    // Sorted by endpoint; the named targetPort resolved through the slice's port (8080).
    expect(rules[0]).toContain('"default/web:http -> 10.244.0.1:8080" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-');
    expect(rules[1]).toContain('"default/web:http -> 10.244.0.2:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-');
    expect(rules[2]).toMatch(/"default\/web:http -> 10\.244\.0\.3:8080" -j KUBE-SEP-[A-Z2-7]{16}$/);
    expect(p).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j ' + chain);
    expect(p).toContain('-j DNAT --to-destination 10.244.0.2:8080');
    // Hairpin: an endpoint reaching itself through the Service is masqueraded.
    expect(p).toContain('-s 10.244.0.2 -j KUBE-MARK-MASQ');
  });

  it('rejects in the filter table when a Service has no endpoints, and writes no nat chain for it', () => {
    const p = payloadOf([svc('empty', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] })], []);
    expect(p).toContain('-A KUBE-SERVICES -m comment --comment "default/empty has no endpoints" -m tcp -p tcp -d 10.96.0.30 --dport 80 -j REJECT');
    expect(p).not.toContain('KUBE-SVC-');
    // Not-ready endpoints do not count.
    const p2 = payloadOf([svc('empty', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] })], [slice('empty', [{ port: 80 }], [{ ip: '10.244.0.9', ready: false }])]);
    expect(p2).toContain('"default/empty has no endpoints"');
    expect(p2).not.toContain('10.244.0.9');
  });

  it('falls back to serving terminating endpoints when none is ready', () => {
    const p = payloadOf(
      [svc('t', { clusterIP: '10.96.0.31', ports: [{ port: 80 }] })],
      [slice('t', [{ port: 80 }], [{ ip: '10.244.0.9', ready: false, serving: true, terminating: true }, { ip: '10.244.0.8', ready: false, serving: false, terminating: true }])],
    );
    expect(p).toContain('--to-destination 10.244.0.9:80');
    expect(p).not.toContain('10.244.0.8');
  });

  it('several ports, TCP and UDP, each its own chains and comments', () => {
    const p = payloadOf(
      [svc('dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153 }] })],
      [slice('dns', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }], [{ ip: '10.244.0.5' }])],
    );
    expect(p).toContain(`-A KUBE-SERVICES -m comment --comment "default/dns:dns cluster IP" -m udp -p udp -d 10.96.0.10 --dport 53 -j ${serviceChainName('default/dns:dns', 'udp')}`);
    expect(p).toContain(`-A KUBE-SERVICES -m comment --comment "default/dns:dns-tcp cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 53 -j ${serviceChainName('default/dns:dns-tcp', 'tcp')}`);
    expect(p).toContain('-m udp -p udp -j DNAT --to-destination 10.244.0.5:53');
    expect(p).toContain('--to-destination 10.244.0.5:9153');
    expect(lines(p, 'KUBE-SERVICES')).toHaveLength(4);
  });

  it('sessionAffinity ClientIP: recent --rcheck before balancing, recent --set in each endpoint chain', () => {
    const p = payloadOf(
      [svc('sticky', { clusterIP: '10.96.0.40', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80 }] })],
      [slice('sticky', [{ port: 80 }], [{ ip: '10.244.0.1' }, { ip: '10.244.0.2' }])],
    );
    const chain = serviceChainName('default/sticky', 'tcp');
    const sep1 = endpointChainName('default/sticky', 'tcp', '10.244.0.1:80');
    const rules = lines(p, chain);
    expect(rules[0]).toBe(`-A ${chain} -m comment --comment "default/sticky -> 10.244.0.1:80" -m recent --name ${sep1} --rcheck --seconds 60 --reap -j ${sep1}`);
    expect(rules).toHaveLength(4);
    expect(p).toContain(`-A ${sep1} -m comment --comment default/sticky -m recent --name ${sep1} --set -m tcp -p tcp -j DNAT --to-destination 10.244.0.1:80`);
    // Default timeout: 10800 s.
    const p2 = payloadOf([svc('s2', { clusterIP: '10.96.0.41', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] })], [slice('s2', [{ port: 80 }], [{ ip: '10.244.0.1' }])]);
    expect(p2).toContain('--rcheck --seconds 10800 --reap');
  });

  it('masqueradeAll and clusterCIDR mark traffic to the ClusterIP for SNAT', () => {
    const services = [svc('m', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] })];
    const slices = [slice('m', [{ port: 80 }], [{ ip: '10.244.0.1' }])];
    const chain = serviceChainName('default/m', 'tcp');
    expect(payloadOf(services, slices, { ...cfg, masqueradeAll: true })).toContain(
      `-A ${chain} -m comment --comment "default/m cluster IP" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j KUBE-MARK-MASQ`,
    );
    expect(payloadOf(services, slices, { ...cfg, clusterCIDR: '10.244.0.0/16' })).toContain(
      `-A ${chain} -m comment --comment "default/m cluster IP" -m tcp -p tcp -d 10.96.0.50 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ`,
    );
  });

  it('internalTrafficPolicy Local: only this node\'s endpoints (KUBE-SVL-), DROP when there are none here', () => {
    const services = [svc('itp', { clusterIP: '10.96.0.60', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] })];
    const p = payloadOf(services, [slice('itp', [{ port: 80 }], [{ ip: '10.244.0.1', node: 'node-a' }, { ip: '10.244.1.1', node: 'node-b' }])]);
    expect(p).toContain('"default/itp cluster IP" -m tcp -p tcp -d 10.96.0.60 --dport 80 -j KUBE-SVL-');
    expect(p).toContain('--to-destination 10.244.0.1:80');
    expect(p).not.toContain('10.244.1.1');
    expect(p).not.toContain('KUBE-SVC-');
    const p2 = payloadOf(services, [slice('itp', [{ port: 80 }], [{ ip: '10.244.1.1', node: 'node-b' }])]);
    expect(p2).toContain('-A KUBE-SERVICES -m comment --comment "default/itp has no local endpoints" -m tcp -p tcp -d 10.96.0.60 --dport 80 -j DROP');
  });
});

describe('NodePort and LoadBalancer', () => {
  const np = (extra: Partial<ServiceSpec> = {}): Service =>
    svc('np', { type: 'NodePort', clusterIP: '10.96.0.70', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }], ...extra });
  const eps = [slice('np', [{ name: 'http', port: 8080 }], [{ ip: '10.244.0.1', node: 'node-a' }, { ip: '10.244.1.1', node: 'node-b' }])];
  const ext = 'KUBE-EXT-' + serviceChainName('default/np:http', 'tcp').slice('KUBE-SVC-'.length);

  it('externalTrafficPolicy Cluster: KUBE-NODEPORTS -> KUBE-EXT- (masquerade) -> KUBE-SVC-', () => {
    const p = payloadOf([np()], eps);
    expect(p).toContain(`-A KUBE-NODEPORTS -m comment --comment default/np:http -m tcp -p tcp --dport 30080 -j ${ext}`);
    expect(lines(p, ext)).toEqual([
      `-A ${ext} -m comment --comment "masquerade traffic for default/np:http external destinations" -j KUBE-MARK-MASQ`,
      `-A ${ext} -j ${serviceChainName('default/np:http', 'tcp')}`,
    ]);
    expect(p).toContain(`:${ext} - [0:0]`);
  });

  it('externalTrafficPolicy Local: keeps the client IP, routes only to local endpoints, host traffic short-circuits', () => {
    const p = payloadOf([np({ externalTrafficPolicy: 'Local' })], eps, { ...cfg, clusterCIDR: '10.244.0.0/16' });
    const svl = serviceChainName('default/np:http', 'tcp').replace('KUBE-SVC-', 'KUBE-SVL-');
    const svcChain = serviceChainName('default/np:http', 'tcp');
    expect(lines(p, ext)).toEqual([
      `-A ${ext} -m comment --comment "pod traffic for default/np:http external destinations" -s 10.244.0.0/16 -j ${svcChain}`,
      `-A ${ext} -m comment --comment "masquerade LOCAL traffic for default/np:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${ext} -m comment --comment "route LOCAL traffic for default/np:http external destinations" -m addrtype --src-type LOCAL -j ${svcChain}`,
      `-A ${ext} -j ${svl}`,
    ]);
    expect(lines(p, svl)).toHaveLength(1);
    expect(lines(p, svl)[0]).toContain('10.244.0.1:8080');
    // No local endpoint: external traffic is dropped, internal still served.
    const p2 = payloadOf([np({ externalTrafficPolicy: 'Local' })], [slice('np', [{ name: 'http', port: 8080 }], [{ ip: '10.244.1.1', node: 'node-b' }])]);
    expect(p2).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/np:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j DROP');
    expect(p2).toContain('"default/np:http cluster IP" -m tcp -p tcp -d 10.96.0.70 --dport 80 -j KUBE-SVC-');
  });

  it('a NodePort without endpoints is rejected on every local address', () => {
    const p = payloadOf([np()], []);
    expect(p).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/np:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT');
    expect(p).not.toContain('KUBE-EXT-');
  });

  it('LoadBalancer without an ingress IP gets its nodePort only; with one, a loadbalancer IP rule', () => {
    const lb = svc('lb', { type: 'LoadBalancer', clusterIP: '10.96.0.80', ports: [{ port: 80, nodePort: 31000 }] });
    const s = [slice('lb', [{ port: 80 }], [{ ip: '10.244.0.1' }])];
    const p = payloadOf([lb], s);
    expect(p).toContain('-A KUBE-NODEPORTS -m comment --comment default/lb -m tcp -p tcp --dport 31000 -j KUBE-EXT-');
    expect(p).not.toContain('loadbalancer IP');
    const p2 = payloadOf([{ ...lb, status: { loadBalancer: { ingress: [{ ip: '192.0.2.50' }] } } }], s);
    expect(p2).toContain('-A KUBE-SERVICES -m comment --comment "default/lb loadbalancer IP" -m tcp -p tcp -d 192.0.2.50 --dport 80 -j KUBE-EXT-');
  });

  it('externalIPs go through the external chain', () => {
    const p = payloadOf([svc('e', { clusterIP: '10.96.0.90', externalIPs: ['198.51.100.7'], ports: [{ port: 80 }] })], [slice('e', [{ port: 80 }], [{ ip: '10.244.0.1' }])]);
    expect(p).toContain('-A KUBE-SERVICES -m comment --comment "default/e external IP" -m tcp -p tcp -d 198.51.100.7 --dport 80 -j KUBE-EXT-');
  });

  it('nodePortAddresses: the tail rule names each address; localhostNodePorts off excludes 127/8', () => {
    expect(payloadOf([np()], eps, { ...cfg, nodePortIPs: ['10.250.8.1'] })).toContain(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 10.250.8.1 -j KUBE-NODEPORTS',
    );
    const p = payloadOf([np()], eps, { ...cfg, localhostNodePorts: false });
    expect(p).toContain('-m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS');
    expect(p).not.toContain('KUBE-FIREWALL');
  });
});

describe('Services that get no rules', () => {
  it('ExternalName and headless Services are skipped', () => {
    const p = payloadOf(
      [
        svc('ext', { type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] }),
        svc('headless', { clusterIP: 'None', ports: [{ port: 80 }], selector: { app: 'x' } }),
      ],
      [slice('headless', [{ port: 80 }], [{ ip: '10.244.0.1' }])],
    );
    expect(p).not.toContain('default/ext');
    expect(p).not.toContain('default/headless');
    expect(p).not.toContain('10.244.0.1');
  });
});

describe('partial payloads and large clusters', () => {
  it('leaves out every chain that did not change', () => {
    const services = [svc('a', { clusterIP: '10.96.1.1', ports: [{ port: 80 }] }), svc('b', { clusterIP: '10.96.1.2', ports: [{ port: 80 }] })];
    const rs1 = buildRules({ services, endpointSlices: [slice('a', [{ port: 80 }], [{ ip: '10.244.0.1' }]), slice('b', [{ port: 80 }], [{ ip: '10.244.0.2' }])] }, cfg);
    const rs2 = buildRules({ services, endpointSlices: [slice('a', [{ port: 80 }], [{ ip: '10.244.0.1' }]), slice('b', [{ port: 80 }], [{ ip: '10.244.0.3' }])] }, cfg);
    const p = renderPayload(rs2, { previous: appliedTexts(rs1), staleNatChains: [endpointChainName('default/b', 'tcp', '10.244.0.2:80')] });
    expect(p).not.toContain('10.244.0.1:80');
    expect(p).toContain('10.244.0.3:80');
    // Top-level chains did not change either: left out too.
    expect(p).not.toContain(':KUBE-SERVICES');
    expect(p).not.toContain('KUBE-FORWARD');
    const rs3 = buildRules({ services: [...services, svc('c', { clusterIP: '10.96.1.3', ports: [{ port: 80 }] })], endpointSlices: [] }, cfg);
    const p3 = renderPayload(rs3, { previous: appliedTexts(rs2) });
    expect(p3).toContain(':KUBE-SERVICES - [0:0]');
    // No endpoints now: three REJECTs in filter, only the nodeports tail in nat.
    expect(lines(p3, 'KUBE-SERVICES')).toHaveLength(4);
    expect(p).toContain(`-X ${endpointChainName('default/b', 'tcp', '10.244.0.2:80')}`);
  });

  it('drops per-endpoint comments above 1,000 endpoints', () => {
    const eps = Array.from({ length: 1001 }, (_, i) => ({ ip: `10.244.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
    const rs = buildRules({ services: [svc('big', { clusterIP: '10.96.2.1', ports: [{ port: 80 }] })], endpointSlices: [slice('big', [{ port: 80 }], eps)] }, cfg);
    expect(rs.largeClusterMode).toBe(true);
    const p = renderPayload(rs);
    expect(lines(p, serviceChainName('default/big', 'tcp'))[0]).toMatch(/^-A KUBE-SVC-\S+ -m statistic --mode random --probability 0.0009990010 -j KUBE-SEP-/);
    expect(p).toContain('"default/big cluster IP"');
  });
});
