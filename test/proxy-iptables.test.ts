// The applier against real iptables (root only): chains and jumps appear, changes go in
// atomically and only when something changed, stale chains go, and cleanup removes it all.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import type { EndpointSlice, Service } from '@mk/api';
import { buildRules, IptablesApplier, cleanupLeftovers, iptablesSave, iptablesRestore, endpointChainName, serviceChainName } from '@mk/proxy';
import { e2eSkipReason } from './e2e/prereqs.js';
import { iptablesTestLock } from './proxy-helpers.js';

const skip = e2eSkipReason('root', 'iptables');
const cfg = { hostname: 'n1' };

const svc = (name: string, ip: string): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { clusterIP: ip, ports: [{ port: 80 }] },
});
const slice = (name: string, ips: string[]): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: `${name}-1`, namespace: 'default', labels: { 'kubernetes.io/service-name': name } },
  addressType: 'IPv4',
  ports: [{ port: 80, protocol: 'TCP', name: '' }],
  endpoints: ips.map((ip) => ({ addresses: [ip] })),
});
const all = async (): Promise<string> => (await iptablesSave('nat')) + (await iptablesSave('filter'));
const count = (text: string, s: string): number => text.split('\n').filter((l) => l.includes(s)).length;

// Addresses from TEST-NET-2, never routed here: these rules only exist, no traffic is sent.
let unlock: (() => void) | undefined;
beforeAll(async () => {
  if (skip) return;
  unlock = await iptablesTestLock();
  await cleanupLeftovers();
  // Waiting for the machine-wide iptables lock (another suite may hold it) is expected.
}, 600_000);
afterAll(async () => {
  if (skip) return;
  await cleanupLeftovers();
  unlock?.();
});

describe.skipIf(skip)('iptables applier', () => {
  it('installs the chains and the jumps from the standard chains once, however often it syncs', async () => {
    const a = new IptablesApplier();
    const rs = buildRules({ services: [svc('web', '198.51.100.10')], endpointSlices: [slice('web', ['198.51.100.20', '198.51.100.21'])] }, cfg);
    await a.sync(rs);
    await a.sync(rs, { full: true });
    await new IptablesApplier().sync(rs); // a restarted proxy
    const text = await all();
    for (const chain of ['PREROUTING', 'OUTPUT']) expect(count(text, `-A ${chain} -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`)).toBe(1);
    expect(count(text, '-j KUBE-POSTROUTING')).toBe(1);
    expect(count(text, '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD')).toBe(1);
    expect(text).toContain(`:${serviceChainName('default/web', 'tcp')}`);
    expect(text).toContain(`-A ${endpointChainName('default/web', 'tcp', '198.51.100.21:80')} -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 198.51.100.21:80`);
  });

  it('skips iptables-restore when nothing changed, sends only changed chains otherwise', async () => {
    const a = new IptablesApplier();
    const state = { services: [svc('web', '198.51.100.10'), svc('api', '198.51.100.11')], endpointSlices: [slice('web', ['198.51.100.20']), slice('api', ['198.51.100.30'])] };
    expect((await a.sync(buildRules(state, cfg))).full).toBe(true);
    expect((await a.sync(buildRules(state, cfg))).skipped).toBe(true);
    state.endpointSlices = [slice('web', ['198.51.100.20']), slice('api', ['198.51.100.31'])];
    const r = await a.sync(buildRules(state, cfg));
    expect(r.skipped).toBe(false);
    expect(r.payload).toContain('198.51.100.31:80');
    expect(r.payload).not.toContain('198.51.100.20:80'); // web's chains were left as they were
    expect(r.staleChainsDeleted).toBe(1);
    const text = await all();
    expect(text).toContain('--to-destination 198.51.100.20:80');
    expect(text).toContain('--to-destination 198.51.100.31:80');
    expect(text).not.toContain(endpointChainName('default/api', 'tcp', '198.51.100.30:80'));
  });

  it('removes stale service chains from an earlier run at start', async () => {
    const stale = endpointChainName('default/gone', 'tcp', '198.51.100.99:80');
    await iptablesRestore(`*nat\n:${stale} - [0:0]\n-A ${stale} -j RETURN\nCOMMIT\n`);
    expect(await iptablesSave('nat')).toContain(stale);
    const r = await new IptablesApplier().sync(buildRules({ services: [], endpointSlices: [] }, cfg));
    expect(r.staleChainsDeleted).toBeGreaterThanOrEqual(1);
    expect(await iptablesSave('nat')).not.toContain(stale);
  });

  it('cleanup removes every KUBE- chain and jump, and leaves other chains alone', async () => {
    await new IptablesApplier().sync(buildRules({ services: [svc('web', '198.51.100.10')], endpointSlices: [slice('web', ['198.51.100.20'])] }, cfg));
    const before = await all();
    expect(before).toContain('KUBE-');
    const otherChains = before.split('\n').filter((l) => l.startsWith(':DOCKER-USER') || l.startsWith(':DOCKER '));
    await cleanupLeftovers();
    const after = await all();
    expect(after).not.toContain('KUBE-');
    for (const c of otherChains) expect(after).toContain(c.split(' ')[0]);
    await cleanupLeftovers(); // nothing left to do: still succeeds
  });

  it("the pod network's chains and jumps: once each, moved with the cluster CIDR, gone when it is turned off", async () => {
    // Benchmarking ranges (RFC 2544): rules only, nothing is routed.
    const pn = (cidr: string) => ({ ...cfg, podNetwork: { clusterCIDR: cidr, localPodCIDRs: [cidr.replace('.0.0/16', '.1.0/24')] } });
    const empty = { services: [], endpointSlices: [] };
    const a = new IptablesApplier();
    await a.sync(buildRules(empty, pn('198.18.0.0/16')));
    await a.sync(buildRules(empty, pn('198.18.0.0/16')), { full: true });
    let text = await all();
    expect(count(text, '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD')).toBe(1);
    expect(count(text, '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG')).toBe(1);
    expect(count(text, '-A DOCKER-USER -s 198.18.0.0/16 -d 198.18.0.0/16')).toBe(text.includes(':DOCKER-USER') ? 1 : 0);
    // flannel appends: the jump comes after kube-proxy's in FORWARD.
    const forward = text.split('\n').filter((l) => l.startsWith('-A FORWARD '));
    expect(forward.findIndex((l) => l.endsWith('-j FLANNEL-FWD'))).toBeGreaterThan(forward.findIndex((l) => l.endsWith('-j KUBE-FORWARD')));

    // Another cluster CIDR: the old DOCKER-USER jump goes, the chains are rewritten.
    await a.sync(buildRules(empty, pn('198.19.0.0/16')), { full: true });
    text = await all();
    expect(text).not.toContain('198.18.');
    expect(text).toContain('-A FLANNEL-FWD -d 198.19.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT');
    if (text.includes(':DOCKER-USER')) expect(count(text, '-j FLANNEL-FWD')).toBe(2);

    // A proxy without the pod network finds the chains of an earlier run stale.
    await new IptablesApplier().sync(buildRules(empty, cfg));
    text = await all();
    expect(text).not.toContain('FLANNEL-');
    expect(text).toContain('KUBE-FORWARD');
  });
});
