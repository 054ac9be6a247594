import { describe, it, expect } from 'vitest';
import type { Node } from '@mk/api';
import { buildRules, renderPayload } from '../index.js';
import { diffRoutes, parseRoutes, planRoutes, podNetworkJumps, podNetworkRules } from './podnet.js';

function node(name: string, ip: string | undefined, podCIDR?: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
    status: { addresses: [...(ip ? [{ type: 'InternalIP' as const, address: ip }] : []), { type: 'Hostname' as const, address: name }] },
  };
}
const cfg = { clusterCIDR: '10.244.0.0/16', nodeName: 'a', localAddresses: ['127.0.0.1', '192.0.2.2'] };

describe('route plan (flannel host-gw)', () => {
  it("routes every other node's podCIDR through its InternalIP, sorted by destination", () => {
    const plan = planRoutes([node('c', '192.0.2.4', '10.244.3.0/24'), node('a', '192.0.2.2', '10.244.1.0/24'), node('b', '192.0.2.3', '10.244.2.0/24')], cfg);
    expect(plan.routes).toEqual([
      { dst: '10.244.2.0/24', via: '192.0.2.3', node: 'b' },
      { dst: '10.244.3.0/24', via: '192.0.2.4', node: 'c' },
    ]);
    expect(plan.servedNodes).toEqual(['a']);
    expect(plan.localPodCIDRs).toEqual(['10.244.1.0/24']);
  });

  it('nodes whose InternalIP is on this host (several kubelets on one machine) get no route and are served here', () => {
    const plan = planRoutes([node('a', '192.0.2.2', '10.244.1.0/24'), node('a2', '127.0.0.1', '10.244.2.0/24'), node('b', '192.0.2.3', '10.244.3.0/24')], cfg);
    expect(plan.routes.map((r) => r.node)).toEqual(['b']);
    expect(plan.servedNodes).toEqual(['a', 'a2']);
    expect(plan.localPodCIDRs).toEqual(['10.244.1.0/24', '10.244.2.0/24']);
  });

  it('skips nodes without a podCIDR or InternalIP, gateways inside the pod range, and a podCIDR claimed twice', () => {
    const plan = planRoutes(
      [node('n1', '192.0.2.5'), node('n2', undefined, '10.244.5.0/24'), node('n3', '10.244.9.9', '10.244.6.0/24'), node('x', '192.0.2.7', '10.244.7.0/24'), node('y', '192.0.2.8', '10.244.7.0/24')],
      cfg,
    );
    expect(plan.routes).toEqual([{ dst: '10.244.7.0/24', via: '192.0.2.7', node: 'x' }]);
    // This proxy's own node is served even before its address is known.
    expect(planRoutes([node('a', undefined, '10.244.1.0/24')], cfg).servedNodes).toEqual(['a']);
  });

  it('diffs the routes in the kernel against the plan: replace new or moved ones, remove those of deleted nodes', () => {
    const current = parseRoutes('10.244.2.0/24 via 192.0.2.3 dev eth0 proto 77 \n10.244.4.0/24 via 192.0.2.9 dev eth0 proto 77 \n10.244.3.0/24 via 192.0.2.1 dev eth0 proto 77\n');
    expect(current).toHaveLength(3);
    const want = planRoutes([node('b', '192.0.2.3', '10.244.2.0/24'), node('c', '192.0.2.4', '10.244.3.0/24'), node('d', '192.0.2.5', '10.244.5.0/24')], cfg).routes;
    expect(diffRoutes(current, want)).toEqual({
      replace: [
        { dst: '10.244.3.0/24', via: '192.0.2.4', node: 'c' },
        { dst: '10.244.5.0/24', via: '192.0.2.5', node: 'd' },
      ],
      remove: ['10.244.4.0/24'],
    });
    expect(diffRoutes(parseRoutes(''), [])).toEqual({ replace: [], remove: [] });
  });
});

describe('pod network rules', () => {
  it("are flannel's FLANNEL-FWD and FLANNEL-POSTRTG, RETURNs per local podCIDR", () => {
    const r = podNetworkRules('10.244.0.0/16', ['10.244.1.0/24', '10.244.2.0/24']);
    expect(r.filterRules).toEqual([
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
    ]);
    expect(r.natRules).toEqual([
      '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.2.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.2.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.2.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    ]);
    expect(podNetworkRules('10.244.0.0/16', [], false).natRules.at(-1)).toBe('-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE');
  });

  it('jump from FORWARD and POSTROUTING after kube-proxy (appended), and from DOCKER-USER for pod-to-pod between bridges', () => {
    expect(podNetworkJumps('10.244.0.0/16', false).map((j) => [j.table, j.srcChain, j.dstChain, !!j.append])).toEqual([
      ['filter', 'FORWARD', 'FLANNEL-FWD', true],
      ['nat', 'POSTROUTING', 'FLANNEL-POSTRTG', true],
    ]);
    const docker = podNetworkJumps('10.244.0.0/16', true)[2]!;
    expect(docker).toMatchObject({ table: 'filter', srcChain: 'DOCKER-USER', dstChain: 'FLANNEL-FWD', extraArgs: ['-s', '10.244.0.0/16', '-d', '10.244.0.0/16'] });
    expect(docker.append).toBeFalsy();
  });

  it('go into the payload beside the Service chains only when the pod network is on', () => {
    const off = renderPayload(buildRules({ services: [], endpointSlices: [] }, { hostname: 'a' }));
    expect(off).not.toContain('FLANNEL');
    const rs = buildRules({ services: [], endpointSlices: [] }, { hostname: 'a', podNetwork: { clusterCIDR: '10.244.0.0/16', localPodCIDRs: ['10.244.1.0/24'] } });
    expect(rs.podNetworkCIDR).toBe('10.244.0.0/16');
    const p = renderPayload(rs);
    const filter = p.slice(0, p.indexOf('*nat'));
    const nat = p.slice(p.indexOf('*nat'));
    expect(filter).toContain(':FLANNEL-FWD - [0:0]');
    expect(filter).toContain('-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT');
    expect(nat).toContain(':FLANNEL-POSTRTG - [0:0]');
    expect(nat).toContain('-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN');
  });
});
