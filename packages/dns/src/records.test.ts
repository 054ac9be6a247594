import { describe, expect, it } from 'vitest';
import * as dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import type { EndpointSlice, Service } from '@mk/api';
import { silentLogger } from '@mk/client';
import { ClusterRecords, canonicalIPv6, reverseToIP, type LookupResult } from './records.js';
import { DNSHandler } from './server.js';

const svc = (ns: string, name: string, spec: NonNullable<Service['spec']>): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec });
const slice = (ns: string, svcName: string, name: string, endpoints: EndpointSlice['endpoints'], ports: EndpointSlice['ports'] = [{ name: 'http', port: 8080, protocol: 'TCP' }]): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': svcName } },
  addressType: 'IPv4',
  endpoints,
  ports,
});

function cluster(): ClusterRecords {
  const r = new ClusterRecords({ zone: 'cluster.local', ttl: 30, podMode: 'insecure', nameserverIPs: ['10.96.0.10'] });
  for (const n of ['default', 'shop', 'kube-system']) r.setNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
  r.setService(svc('shop', 'web', { type: 'ClusterIP', clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9100, protocol: 'TCP' }, { port: 81, protocol: 'TCP' }] }));
  r.setEndpointSlice(slice('shop', 'web', 'web-abc', [{ addresses: ['10.244.1.7'], conditions: { ready: true } }]));
  r.setService(svc('shop', 'db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }, { name: 'pg-udp', port: 5432, protocol: 'UDP' }] }));
  r.setEndpointSlice(
    slice(
      'shop',
      'db',
      'db-1',
      [
        { addresses: ['10.244.1.2'], conditions: { ready: true }, hostname: 'db-0' },
        { addresses: ['10.244.1.3'], conditions: {} },
        { addresses: ['10.244.1.4'], conditions: { ready: false } },
      ],
      [
        { name: 'pg', port: 5432, protocol: 'TCP' },
        { name: 'pg-udp', port: 5432, protocol: 'UDP' },
      ],
    ),
  );
  r.setEndpointSlice(slice('shop', 'db', 'db-2', [{ addresses: ['10.244.2.9'], conditions: { ready: true } }], [{ name: 'pg', port: 5432, protocol: 'TCP' }]));
  r.setService(svc('shop', 'empty-headless', { clusterIP: 'None', ports: [{ name: 'x', port: 1 }] }));
  r.setService(svc('shop', 'ext', { type: 'ExternalName', externalName: 'db.example.org' }));
  r.setService(svc('shop', 'alias', { type: 'ExternalName', externalName: 'web.shop.svc.cluster.local' }));
  return r;
}

const answers = (r: LookupResult): Array<{ name: string; type: string; data: unknown; ttl?: number }> => {
  if (r.kind !== 'answer') throw new Error(`not answered locally: ${JSON.stringify(r)}`);
  return r.answers.map((a) => ({ name: a.name, type: a.type, data: (a as { data?: unknown }).data, ttl: (a as { ttl?: number }).ttl }));
};
const rcode = (r: LookupResult): string => (r.kind === 'answer' ? r.rcode : 'outside');
const soaIn = (r: LookupResult): string | undefined => (r.kind === 'answer' ? r.authorities.find((a) => a.type === 'SOA')?.name : undefined);

describe('ClusterRecords: Services', () => {
  const r = cluster();

  it('A for a ClusterIP Service, TTL 30, the name as asked', () => {
    expect(answers(r.lookup('web.shop.svc.cluster.local', 'A'))).toEqual([{ name: 'web.shop.svc.cluster.local', type: 'A', data: '10.96.5.5', ttl: 30 }]);
    expect(answers(r.lookup('WEB.Shop.svc.cluster.local.', 'A'))).toEqual([{ name: 'WEB.Shop.svc.cluster.local', type: 'A', data: '10.96.5.5', ttl: 30 }]);
  });

  it('a headless Service resolves to its ready endpoints, from every slice, each once', () => {
    const got = answers(r.lookup('db.shop.svc.cluster.local', 'A')).map((a) => a.data);
    expect(got.sort()).toEqual(['10.244.1.2', '10.244.1.3', '10.244.2.9']);
  });

  it('an endpoint by hostname or by dashed IP', () => {
    expect(answers(r.lookup('db-0.db.shop.svc.cluster.local', 'A')).map((a) => a.data)).toEqual(['10.244.1.2']);
    expect(answers(r.lookup('10-244-2-9.db.shop.svc.cluster.local', 'A')).map((a) => a.data)).toEqual(['10.244.2.9']);
    // An endpoint with a hostname is named by it only; a not-ready one not at all.
    expect(rcode(r.lookup('10-244-1-2.db.shop.svc.cluster.local', 'A'))).toBe('NXDOMAIN');
    expect(rcode(r.lookup('10-244-1-4.db.shop.svc.cluster.local', 'A'))).toBe('NXDOMAIN');
    // Endpoint names work for ClusterIP Services too.
    expect(answers(r.lookup('10-244-1-7.web.shop.svc.cluster.local', 'A')).map((a) => a.data)).toEqual(['10.244.1.7']);
  });

  it('SRV for named ports, with the target address in the additional section', () => {
    const res = r.lookup('_http._tcp.web.shop.svc.cluster.local', 'SRV');
    expect(answers(res)).toEqual([{ name: '_http._tcp.web.shop.svc.cluster.local', type: 'SRV', ttl: 30, data: { priority: 0, weight: 100, port: 80, target: 'web.shop.svc.cluster.local' } }]);
    expect(res.kind === 'answer' && res.additionals).toEqual([{ name: 'web.shop.svc.cluster.local', type: 'A', class: 'IN', ttl: 30, data: '10.96.5.5' }]);
    expect(rcode(r.lookup('_http._udp.web.shop.svc.cluster.local', 'SRV'))).toBe('NXDOMAIN');
    expect(rcode(r.lookup('_nope._tcp.web.shop.svc.cluster.local', 'SRV'))).toBe('NXDOMAIN');
  });

  it('SRV for a headless Service: one per endpoint, targets named by hostname or dashed IP, weights split', () => {
    const res = r.lookup('_pg._tcp.db.shop.svc.cluster.local', 'SRV');
    const srv = answers(res).map((a) => a.data as { weight: number; port: number; target: string });
    expect(srv.map((s) => s.target).sort()).toEqual(['10-244-1-3.db.shop.svc.cluster.local', '10-244-2-9.db.shop.svc.cluster.local', 'db-0.db.shop.svc.cluster.local']);
    expect(srv.every((s) => s.weight === 33 && s.port === 5432)).toBe(true);
    expect(res.kind === 'answer' && res.additionals.map((a) => `${a.name} ${(a as { data: string }).data}`).sort()).toEqual([
      '10-244-1-3.db.shop.svc.cluster.local 10.244.1.3',
      '10-244-2-9.db.shop.svc.cluster.local 10.244.2.9',
      'db-0.db.shop.svc.cluster.local 10.244.1.2',
    ]);
    // UDP port: only the slice that has it.
    expect(answers(r.lookup('_pg-udp._udp.db.shop.svc.cluster.local', 'SRV')).length).toBe(2);
  });

  it('SRV on the Service name lists every port', () => {
    expect(answers(r.lookup('web.shop.svc.cluster.local', 'SRV')).map((a) => (a.data as { port: number }).port)).toEqual([80, 9100, 81]);
  });

  it('ExternalName is a CNAME; one pointing into the zone is followed', () => {
    const ext = r.lookup('ext.shop.svc.cluster.local', 'A');
    expect(answers(ext)).toEqual([{ name: 'ext.shop.svc.cluster.local', type: 'CNAME', ttl: 30, data: 'db.example.org' }]);
    expect(ext.kind === 'answer' && ext.chase).toBe('db.example.org');
    expect(answers(r.lookup('alias.shop.svc.cluster.local', 'A'))).toEqual([
      { name: 'alias.shop.svc.cluster.local', type: 'CNAME', ttl: 30, data: 'web.shop.svc.cluster.local' },
      { name: 'web.shop.svc.cluster.local', type: 'A', ttl: 30, data: '10.96.5.5' },
    ]);
    expect(answers(r.lookup('ext.shop.svc.cluster.local', 'CNAME'))[0].data).toBe('db.example.org');
    expect(answers(r.lookup('ext.shop.svc.cluster.local', 'SRV'))).toEqual([]);
  });

  it('ExternalNames that point at each other end', () => {
    const c = cluster();
    c.setService(svc('shop', 'loop-a', { type: 'ExternalName', externalName: 'loop-b.shop.svc.cluster.local' }));
    c.setService(svc('shop', 'loop-b', { type: 'ExternalName', externalName: 'loop-a.shop.svc.cluster.local' }));
    const got = answers(c.lookup('loop-a.shop.svc.cluster.local', 'A'));
    expect(got[0]).toEqual({ name: 'loop-a.shop.svc.cluster.local', type: 'CNAME', ttl: 30, data: 'loop-b.shop.svc.cluster.local' });
    expect(got.every((a) => a.type === 'CNAME')).toBe(true);
  });

  it('NXDOMAIN with the SOA for unknown names in the zone', () => {
    for (const n of ['nope.shop.svc.cluster.local', 'web.nons.svc.cluster.local', 'nons.svc.cluster.local', 'foo.cluster.local', 'a.b.c.web.shop.svc.cluster.local', 'empty-headless.shop.svc.cluster.local']) {
      const res = r.lookup(n, 'A');
      expect([n, rcode(res)]).toEqual([n, 'NXDOMAIN']);
      expect(soaIn(res)).toBe('cluster.local');
    }
  });

  it('NOERROR and no answers (with the SOA) for a known name without that type', () => {
    for (const [n, t] of [
      ['web.shop.svc.cluster.local', 'AAAA'],
      ['web.shop.svc.cluster.local', 'MX'],
      ['web.shop.svc.cluster.local', 'TXT'],
      ['web.shop.svc.cluster.local', 'CNAME'],
      ['shop.svc.cluster.local', 'A'],
      ['svc.cluster.local', 'A'],
      ['cluster.local', 'A'],
      ['pod.cluster.local', 'A'],
    ]) {
      const res = r.lookup(n, t);
      expect([n, t, rcode(res), answers(res).length]).toEqual([n, t, 'NOERROR', 0]);
      expect(soaIn(res)).toBe('cluster.local');
    }
  });

  it('the SOA is CoreDNS-shaped', () => {
    const soa = answers(r.lookup('cluster.local', 'SOA'))[0];
    expect(soa.type).toBe('SOA');
    expect(soa.data).toMatchObject({ mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', refresh: 7200, retry: 1800, expire: 86400, minimum: 30 });
  });

  it('NS at the apex names ns.dns with the kube-dns address; dns-version is 1.1.0', () => {
    const ns = r.lookup('cluster.local', 'NS');
    expect(answers(ns)).toEqual([{ name: 'cluster.local', type: 'NS', ttl: 30, data: 'ns.dns.cluster.local' }]);
    expect(ns.kind === 'answer' && ns.additionals.map((a) => (a as { data: string }).data)).toEqual(['10.96.0.10']);
    expect(answers(r.lookup('ns.dns.cluster.local', 'A')).map((a) => a.data)).toEqual(['10.96.0.10']);
    expect(answers(r.lookup('dns-version.cluster.local', 'TXT'))[0].data).toBe('1.1.0');
  });

  it('follows changes: a deleted Service is gone, a not-ready endpoint drops out', () => {
    const c = cluster();
    c.deleteService(svc('shop', 'web', {}));
    expect(rcode(c.lookup('web.shop.svc.cluster.local', 'A'))).toBe('NXDOMAIN');
    c.setEndpointSlice(slice('shop', 'db', 'db-2', [{ addresses: ['10.244.2.9'], conditions: { ready: false } }]));
    expect(answers(c.lookup('db.shop.svc.cluster.local', 'A')).map((a) => a.data).sort()).toEqual(['10.244.1.2', '10.244.1.3']);
    c.deleteEndpointSlice(slice('shop', 'db', 'db-1', []));
    c.deleteEndpointSlice(slice('shop', 'db', 'db-2', []));
    expect(rcode(c.lookup('db.shop.svc.cluster.local', 'A'))).toBe('NXDOMAIN');
  });

  it('names outside the zone are not ours', () => {
    expect(r.lookup('example.org', 'A')).toEqual({ kind: 'outside' });
    expect(r.lookup('cluster.local.example.org', 'A')).toEqual({ kind: 'outside' });
  });

  it('another cluster domain', () => {
    const c = new ClusterRecords({ zone: 'mk.test.', ttl: 5, podMode: 'insecure', nameserverIPs: [] });
    c.setNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    c.setService(svc('default', 'a', { clusterIP: '10.0.0.1', ports: [{ port: 1 }] }));
    expect(answers(c.lookup('a.default.svc.mk.test', 'A'))).toEqual([{ name: 'a.default.svc.mk.test', type: 'A', ttl: 5, data: '10.0.0.1' }]);
    expect(c.lookup('a.default.svc.cluster.local', 'A')).toEqual({ kind: 'outside' });
  });
});

describe('ClusterRecords: pods and PTR', () => {
  it('pod records: insecure answers any dashed IP in an existing namespace', () => {
    const r = cluster();
    expect(answers(r.lookup('10-244-9-9.shop.pod.cluster.local', 'A')).map((a) => a.data)).toEqual(['10.244.9.9']);
    expect(rcode(r.lookup('10-244-9-9.nons.pod.cluster.local', 'A'))).toBe('NXDOMAIN');
    expect(rcode(r.lookup('not-an-ip.shop.pod.cluster.local', 'A'))).toBe('NXDOMAIN');
    expect(rcode(r.lookup('shop.pod.cluster.local', 'A'))).toBe('NOERROR');
  });

  it('pod records: verified needs a pod with that IP in that namespace; disabled answers none', () => {
    const v = new ClusterRecords({ zone: 'cluster.local', ttl: 30, podMode: 'verified', nameserverIPs: [] });
    v.setNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    v.setNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    v.setPod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, status: { podIP: '10.244.1.8' } });
    expect(answers(v.lookup('10-244-1-8.shop.pod.cluster.local', 'A')).map((a) => a.data)).toEqual(['10.244.1.8']);
    expect(rcode(v.lookup('10-244-1-8.other.pod.cluster.local', 'A'))).toBe('NXDOMAIN');
    expect(rcode(v.lookup('10-244-1-9.shop.pod.cluster.local', 'A'))).toBe('NXDOMAIN');
    v.deletePod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' } });
    expect(rcode(v.lookup('10-244-1-8.shop.pod.cluster.local', 'A'))).toBe('NXDOMAIN');
    const d = new ClusterRecords({ zone: 'cluster.local', ttl: 30, podMode: 'disabled', nameserverIPs: [] });
    d.setNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    expect(rcode(d.lookup('10-244-1-8.shop.pod.cluster.local', 'A'))).toBe('NXDOMAIN');
  });

  it('PTR for a ClusterIP and for endpoints; misses fall through', () => {
    const r = cluster();
    expect(answers(r.lookup('5.5.96.10.in-addr.arpa', 'PTR'))).toEqual([{ name: '5.5.96.10.in-addr.arpa', type: 'PTR', ttl: 30, data: 'web.shop.svc.cluster.local' }]);
    expect(answers(r.lookup('2.1.244.10.in-addr.arpa', 'PTR')).map((a) => a.data)).toEqual(['db-0.db.shop.svc.cluster.local']);
    expect(answers(r.lookup('9.2.244.10.in-addr.arpa', 'PTR')).map((a) => a.data)).toEqual(['10-244-2-9.db.shop.svc.cluster.local']);
    const miss = r.lookup('1.1.168.192.in-addr.arpa', 'PTR');
    expect(miss.kind).toBe('outside');
    expect(miss.kind === 'outside' && miss.fallbackSOA?.name).toBe('in-addr.arpa');
  });

  it('reverse names and IPv6 spellings', () => {
    expect(reverseToIP('4.3.2.1.in-addr.arpa')).toBe('1.2.3.4');
    expect(reverseToIP('4.3.2.in-addr.arpa')).toBeUndefined();
    expect(reverseToIP('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa')).toBe('fd00::1');
    expect(canonicalIPv6('fd00:0:0:0:0:0:0:1')).toBe('fd00::1');
    expect(canonicalIPv6('2001:db8::')).toBe('2001:db8::');
  });
});

describe('DNSHandler: the wire format', () => {
  const h = new DNSHandler(cluster(), undefined, silentLogger);
  const ask = async (name: string, type: string, extra: Partial<dnsPacket.Packet> = {}) =>
    dnsPacket.decode((await h.handle(dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: type as 'A', class: 'IN' }], ...extra }), 'udp'))!);

  it('answers with the id, the question, AA, RD and RA set', async () => {
    const r = await ask('web.shop.svc.cluster.local', 'A');
    expect(r.id).toBe(4242);
    expect(r.type).toBe('response');
    expect([r.flag_aa, r.flag_rd, r.flag_ra, r.flag_tc]).toEqual([true, true, true, false]);
    expect((r as unknown as { rcode: string }).rcode).toBe('NOERROR');
    expect(r.questions).toEqual([{ name: 'web.shop.svc.cluster.local', type: 'A', class: 'IN' }]);
    expect(r.answers?.map((a) => (a as { data: string }).data)).toEqual(['10.96.5.5']);
  });

  it('NXDOMAIN carries the SOA in the authority section', async () => {
    const r = await ask('nope.shop.svc.cluster.local', 'A');
    expect((r as unknown as { rcode: string }).rcode).toBe('NXDOMAIN');
    expect(r.authorities?.map((a) => `${a.name} ${a.type}`)).toEqual(['cluster.local SOA']);
  });

  it('without an upstream, other zones are REFUSED and reverse misses NXDOMAIN', async () => {
    expect(((await ask('example.org', 'A')) as unknown as { rcode: string }).rcode).toBe('REFUSED');
    expect(((await ask('1.1.168.192.in-addr.arpa', 'PTR')) as unknown as { rcode: string }).rcode).toBe('NXDOMAIN');
  });

  it('echoes EDNS0 and truncates UDP answers that do not fit', async () => {
    const big = cluster();
    big.setService(svc('shop', 'many', { clusterIP: 'None', ports: [{ name: 'p', port: 1 }] }));
    big.setEndpointSlice(slice('shop', 'many', 'many-1', Array.from({ length: 60 }, (_, i) => ({ addresses: [`10.250.0.${i + 1}`], conditions: { ready: true } })), [{ name: 'p', port: 1 }]));
    const hb = new DNSHandler(big, undefined, silentLogger);
    const q = dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: 'many.shop.svc.cluster.local', type: 'A', class: 'IN' }] });
    const udp = dnsPacket.decode((await hb.handle(q, 'udp'))!);
    expect(udp.flag_tc).toBe(true);
    expect((await hb.handle(q, 'udp'))!.length).toBeLessThanOrEqual(512);
    const tcp = dnsPacket.decode((await hb.handle(q, 'tcp'))!);
    expect(tcp.flag_tc).toBe(false);
    expect(tcp.answers?.length).toBe(60);
    const withEdns = dnsPacket.encode({
      type: 'query',
      id: 2,
      questions: [{ name: 'many.shop.svc.cluster.local', type: 'A', class: 'IN' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 4096 } as unknown as Answer],
    });
    const edns = dnsPacket.decode((await hb.handle(withEdns, 'udp'))!);
    expect(edns.flag_tc).toBe(false);
    expect(edns.answers?.length).toBe(60);
    expect(edns.additionals?.find((a) => a.type === 'OPT')).toBeDefined();
  });

  it('a repeated question is answered from the cache with its own id, until the cluster changes', async () => {
    const c = cluster();
    const hc = new DNSHandler(c, undefined, silentLogger);
    const q = (id: number) => dnsPacket.encode({ type: 'query', id, questions: [{ name: 'web.shop.svc.cluster.local', type: 'A', class: 'IN' }] });
    const a = dnsPacket.decode((await hc.handle(q(1), 'udp'))!);
    const b = dnsPacket.decode((await hc.handle(q(2), 'udp'))!);
    expect([a.id, b.id]).toEqual([1, 2]);
    expect(b.answers).toEqual(a.answers);
    c.setService(svc('shop', 'web', { clusterIP: '10.96.5.6', ports: [{ name: 'http', port: 80 }] }));
    const after = dnsPacket.decode((await hc.handle(q(3), 'udp'))!);
    expect(after.answers?.map((x) => (x as { data: string }).data)).toEqual(['10.96.5.6']);
  });

  it('bad input: garbage gets FORMERR with the id; a short packet or a response is dropped', async () => {
    const garbage = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff]);
    const r = (await h.handle(garbage, 'udp'))!;
    expect(r.readUInt16BE(0)).toBe(0x1234);
    expect(r.readUInt16BE(2) & 0x8000).toBe(0x8000);
    expect(r.readUInt16BE(2) & 0xf).toBe(1);
    expect(await h.handle(Buffer.from([1, 2, 3]), 'udp')).toBeUndefined();
    const resp = dnsPacket.encode({ type: 'response', id: 9, questions: [{ name: 'a', type: 'A', class: 'IN' }] });
    expect(await h.handle(resp, 'udp')).toBeUndefined();
    const two = dnsPacket.encode({ type: 'query', id: 7, questions: [{ name: 'a.cluster.local', type: 'A', class: 'IN' }, { name: 'b.cluster.local', type: 'A', class: 'IN' }] });
    expect((await h.handle(two, 'udp'))!.readUInt16BE(2) & 0xf).toBe(1);
  });
});
