import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pod } from '@mk/api';
import { formatResolvConf, getPodDNS, parseResolvConf, podDNSType, writeResolvConf } from './dns.js';

const HOST = parseResolvConf('# host\nnameserver 192.0.2.53\nnameserver 192.0.2.54\nsearch lab.example. corp.example\noptions timeout:2 attempts:3\n');
const CLUSTER = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', host: HOST };

function pod(spec: Partial<NonNullable<Pod['spec']>> = {}, ns = 'shop'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: ns, uid: 'u1' }, spec: { containers: [{ name: 'c', image: 'x' }], ...spec } };
}

describe('parseResolvConf', () => {
  it('accumulates nameservers; the last search and options lines win; trailing dots go', () => {
    const c = parseResolvConf('nameserver 1.1.1.1\nsearch a.example\nnameserver 2.2.2.2\n  # comment\nsearch b.example. c.example\noptions ndots:1\noptions rotate\nnameserver\n');
    expect(c).toEqual({ servers: ['1.1.1.1', '2.2.2.2'], searches: ['b.example', 'c.example'], options: ['rotate'] });
  });
});

describe('getPodDNS', () => {
  it('ClusterFirst: the cluster DNS, the namespace search path before the host one, ndots:5', () => {
    const { config, warnings } = getPodDNS(pod({ dnsPolicy: 'ClusterFirst' }), CLUSTER);
    expect(config).toEqual({
      servers: ['10.96.0.10'],
      searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example', 'corp.example'],
      options: ['ndots:5'],
    });
    expect(warnings).toEqual([]);
    expect(formatResolvConf(config)).toBe(
      'nameserver 10.96.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local lab.example corp.example\noptions ndots:5\n',
    );
  });

  it('an unset dnsPolicy is ClusterFirst', () => {
    expect(getPodDNS(pod({}), CLUSTER).config.servers).toEqual(['10.96.0.10']);
  });

  it('ClusterFirst on the host network falls back to the host resolv.conf; ClusterFirstWithHostNet does not', () => {
    expect(podDNSType(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirst' }))).toBe('host');
    expect(getPodDNS(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirst' }), CLUSTER).config).toEqual(HOST);
    const withHostNet = getPodDNS(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), CLUSTER).config;
    expect(withHostNet.servers).toEqual(['10.96.0.10']);
    expect(withHostNet.searches[0]).toBe('shop.svc.cluster.local');
  });

  it('Default: the host resolv.conf as it is', () => {
    expect(getPodDNS(pod({ dnsPolicy: 'Default' }), CLUSTER).config).toEqual(HOST);
  });

  it('None: only spec.dnsConfig', () => {
    const { config } = getPodDNS(
      pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }),
      CLUSTER,
    );
    expect(config).toEqual({ servers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: ['ndots:2', 'edns0'] });
  });

  it('dnsConfig is appended without duplicates; its options replace those of the same name', () => {
    const { config } = getPodDNS(
      pod({ dnsConfig: { nameservers: ['10.96.0.10', '9.9.9.9'], searches: ['cluster.local', 'extra.example'], options: [{ name: 'ndots', value: '1' }, { name: 'single-request' }] } }),
      CLUSTER,
    );
    expect(config.servers).toEqual(['10.96.0.10', '9.9.9.9']);
    expect(config.searches).toEqual(['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example', 'corp.example', 'extra.example']);
    expect(config.options).toEqual(['ndots:1', 'single-request']);
  });

  it('keeps at most 3 nameservers and says so', () => {
    const { config, warnings } = getPodDNS(pod({ dnsConfig: { nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3'] } }), CLUSTER);
    expect(config.servers).toEqual(['10.96.0.10', '1.1.1.1', '2.2.2.2']);
    expect(warnings).toEqual([
      { reason: 'DNSConfigForming', message: 'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 1.1.1.1 2.2.2.2' },
    ]);
  });

  it('keeps at most 32 search domains, drops ones over 253 characters, and fits 2048 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
    const r1 = getPodDNS(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: many } }), CLUSTER);
    expect(r1.config.searches).toEqual(many.slice(0, 32));
    expect(r1.warnings[0].reason).toBe('DNSConfigForming');
    expect(r1.warnings[0].message).toMatch(/^Search Line limits were exceeded, some search paths have been omitted, the applied search line is: d0\.example d1\.example/);

    const long = 'x'.repeat(254);
    const r2 = getPodDNS(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.example', long, 'b.example'] } }), CLUSTER);
    expect(r2.config.searches).toEqual(['a.example', 'b.example']);

    const big = Array.from({ length: 10 }, (_, i) => `${String(i).padStart(3, '0')}${'y'.repeat(246)}`); // 249 characters each
    const r3 = getPodDNS(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: big } }), CLUSTER);
    expect(r3.config.searches.join(' ').length).toBeLessThanOrEqual(2048);
    expect(r3.config.searches).toEqual(big.slice(0, 8));
  });

  it('without a cluster DNS, ClusterFirst falls back to Default and warns MissingClusterDNS', () => {
    const { config, warnings } = getPodDNS(pod(), { ...CLUSTER, clusterDNS: [] });
    expect(config).toEqual(HOST);
    expect(warnings.map((w) => w.reason)).toEqual(['MissingClusterDNS']);
    expect(warnings[0].message).toContain('kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.');
  });

  it('without a cluster domain, only the host search path', () => {
    expect(getPodDNS(pod(), { ...CLUSTER, clusterDomain: '' }).config.searches).toEqual(['lab.example', 'corp.example']);
  });

  it('--resolv-conf="": host-DNS pods use the local nameserver', () => {
    expect(getPodDNS(pod({ dnsPolicy: 'Default' }), { ...CLUSTER, host: undefined }).config).toEqual({ servers: ['127.0.0.1'], searches: ['.'], options: [] });
  });
});

describe('writeResolvConf', () => {
  it('replaces the file, and leaves it alone when there is nothing to write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk-dns-resolv-'));
    try {
      const f = join(dir, 'resolv.conf');
      writeFileSync(f, 'nameserver 127.0.0.11\noptions ndots:0\n');
      await writeResolvConf(f, { servers: [], searches: [], options: [] });
      expect(readFileSync(f, 'utf8')).toBe('nameserver 127.0.0.11\noptions ndots:0\n');
      await writeResolvConf(f, { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] });
      expect(readFileSync(f, 'utf8')).toBe('nameserver 10.96.0.10\nsearch default.svc.cluster.local\noptions ndots:5\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
