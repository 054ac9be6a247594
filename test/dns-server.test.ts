// The cluster DNS against a real apiserver, controllers and simulated kubelets: real UDP and
// TCP queries, records that follow the cluster, the kube-dns Service it publishes, and a
// forwarding upstream (a small DNS server of the test's own on 127.0.0.1).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createSocket, type Socket } from 'node:dgram';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dnsPacket from 'dns-packet';
import type { EndpointSlice, Endpoints, Pod, Service } from '@mk/api';
import { KubeClient, silentLogger } from '@mk/client';
import { startApiServer } from '@mk/apiserver';
import { startDNS, type DNSServer } from '@mk/dns';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';
import { data, query } from './dns-helpers.js';

let c: TestCluster;
let dns: DNSServer;
let upstream: Socket;
let upstreamPort = 0;
let stopped = false;
const upstreamAsked: string[] = [];
const NS = 'dnstest';

beforeAll(async () => {
  c = await startCluster({ controllers: ['endpoint', 'endpointslice'] });
  // The upstream: answers A for *.example.test with 192.0.2.99, NXDOMAIN otherwise.
  upstream = createSocket('udp4');
  upstream.on('message', (m, rinfo) => {
    const q = dnsPacket.decode(m);
    const name = q.questions![0].name;
    upstreamAsked.push(name);
    const known = name.endsWith('example.test');
    const reply = dnsPacket.encode({
      type: 'response',
      id: q.id,
      flags: dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3),
      questions: q.questions,
      answers: known ? [{ name, type: 'A', class: 'IN', ttl: 60, data: '192.0.2.99' }] : [],
    });
    upstream.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => upstream.bind(0, '127.0.0.1', () => r()));
  upstreamPort = upstream.address().port;
  dns = await startDNS({ server: c.server.url, address: '127.0.0.1', port: 0, upstream: [`127.0.0.1:${upstreamPort}`], logger: silentLogger });

  await c.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  for (const [name, hostname] of [
    ['web-0', undefined],
    ['web-1', undefined],
    ['db-0', 'db-0'],
  ] as const) {
    await c.client.create<Pod>('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS, labels: { app: name.split('-')[0] } },
      spec: { hostname, subdomain: hostname ? 'db' : undefined, containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
    });
  }
  await c.client.create<Service>('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  await c.client.create<Service>('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web-headless', namespace: NS },
    spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] },
  });
  await c.client.create<Service>('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db', namespace: NS },
    spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] },
  });
  await c.client.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: NS }, spec: { type: 'ExternalName', externalName: 'db.example.test' } });
}, 120_000);

afterAll(async () => {
  if (!stopped) await dns?.stop();
  upstream?.close();
  await c?.close();
});

const opts = (tcp = false) => ({ port: dns.port, tcp });
const podIPs = async (app: string): Promise<string[]> =>
  until(async () => {
    const pods = (await c.client.list<Pod>('pods', { namespace: NS, labelSelector: `app=${app}` })).items;
    const ips = pods.map((p) => p.status?.podIP).filter((x): x is string => !!x);
    return ips.length === pods.length && pods.every((p) => p.status?.conditions?.some((k) => k.type === 'Ready' && k.status === 'True')) ? ips.sort() : undefined;
  }, 50);

describe('mk-dns with a real apiserver', () => {
  it('publishes kube-dns: the Service at 10.96.0.10 and endpoints at its own address and port', async () => {
    const svc = await c.client.get<Service>('services', 'kube-system', 'kube-dns');
    expect(svc.spec?.clusterIP).toBe('10.96.0.10');
    expect(svc.spec?.selector).toBeUndefined();
    expect(svc.metadata.labels).toMatchObject({ 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' });
    expect(svc.spec?.ports?.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP']);
    const ep = await c.client.get<Endpoints>('endpoints', 'kube-system', 'kube-dns');
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'dns', port: dns.port, protocol: 'UDP' }, { name: 'dns-tcp', port: dns.port, protocol: 'TCP' }] }]);
    const slice = await c.client.get<EndpointSlice>('endpointslices.discovery.k8s.io', 'kube-system', 'kube-dns');
    expect(slice.metadata.labels?.['kubernetes.io/service-name']).toBe('kube-dns');
    expect(slice.endpoints.map((e) => e.addresses[0])).toEqual(['127.0.0.1']);
    // Its own name resolves, like any Service.
    expect(data(await query('kube-dns.kube-system.svc.cluster.local', 'A', opts()))).toEqual(['10.96.0.10']);
  });

  it('a ClusterIP Service over UDP and TCP', async () => {
    const svc = await c.client.get<Service>('services', NS, 'web');
    const name = `web.${NS}.svc.cluster.local`;
    const udp = await until(async () => {
      const r = await query(name, 'A', opts());
      return r.rcode === 'NOERROR' && r.answers?.length ? r : undefined;
    });
    expect(data(udp)).toEqual([svc.spec!.clusterIP!]);
    expect(udp.flag_aa).toBe(true);
    expect((udp.answers![0] as { ttl?: number }).ttl).toBe(30);
    expect(data(await query(name, 'A', opts(true)))).toEqual([svc.spec!.clusterIP!]);
  });

  it('a headless Service resolves to its ready pods; an endpoint by hostname', async () => {
    const ips = await podIPs('web');
    await until(async () => JSON.stringify(data(await query(`web-headless.${NS}.svc.cluster.local`, 'A', opts()))) === JSON.stringify(ips), 50);
    const [dbIP] = await podIPs('db');
    await until(async () => data(await query(`db-0.db.${NS}.svc.cluster.local`, 'A', opts()))[0] === dbIP, 50);
    expect(data(await query(`${ips[0].replaceAll('.', '-')}.web-headless.${NS}.svc.cluster.local`, 'A', opts(true)))).toEqual([ips[0]]);
  });

  it('SRV for a named port; pod and PTR records', async () => {
    const svc = await c.client.get<Service>('services', NS, 'web');
    const srv = await query(`_http._tcp.web.${NS}.svc.cluster.local`, 'SRV', opts());
    expect(srv.answers?.map((a) => (a as dnsPacket.SrvAnswer).data)).toEqual([{ priority: 0, weight: 100, port: 80, target: `web.${NS}.svc.cluster.local` }]);
    expect(data({ ...srv, answers: srv.additionals } as typeof srv)).toEqual([svc.spec!.clusterIP!]);
    expect(data(await query(`10-244-0-9.${NS}.pod.cluster.local`, 'A', opts()))).toEqual(['10.244.0.9']);
    const rev = svc.spec!.clusterIP!.split('.').reverse().join('.') + '.in-addr.arpa';
    expect(data(await query(rev, 'PTR', opts()), 'PTR')).toEqual([`web.${NS}.svc.cluster.local`]);
  });

  it('NXDOMAIN with the SOA for unknown names; NOERROR without answers for a known name and another type', async () => {
    const nx = await query(`nope.${NS}.svc.cluster.local`, 'A', opts());
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authorities?.map((a) => `${a.name} ${a.type}`)).toEqual(['cluster.local SOA']);
    expect((await query(`web.nonexistent-ns.svc.cluster.local`, 'A', opts(true))).rcode).toBe('NXDOMAIN');
    const nodata = await query(`web.${NS}.svc.cluster.local`, 'AAAA', opts());
    expect([nodata.rcode, nodata.answers?.length]).toEqual(['NOERROR', 0]);
    expect(nodata.authorities?.[0]?.type).toBe('SOA');
  });

  it('names outside the zone go upstream; an ExternalName CNAME is chased there', async () => {
    upstreamAsked.length = 0;
    const r = await query('www.example.test', 'A', opts());
    expect([r.rcode, ...data(r)]).toEqual(['NOERROR', '192.0.2.99']);
    expect(upstreamAsked).toEqual(['www.example.test']);
    expect((await query('missing.invalid', 'A', opts(true))).rcode).toBe('NXDOMAIN');
    const ext = await query(`ext.${NS}.svc.cluster.local`, 'A', opts());
    expect(ext.answers?.map((a) => `${a.name} ${a.type} ${(a as { data: string }).data}`)).toEqual([`ext.${NS}.svc.cluster.local CNAME db.example.test`, 'db.example.test A 192.0.2.99']);
  });

  it('follows the cluster: a new Service appears, a deleted one is gone', async () => {
    const name = `late.${NS}.svc.cluster.local`;
    expect((await query(name, 'A', opts())).rcode).toBe('NXDOMAIN');
    const svc = await c.client.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: NS }, spec: { ports: [{ port: 1 }] } });
    await until(async () => data(await query(name, 'A', opts()))[0] === svc.spec!.clusterIP, 20);
    await c.client.delete('services', NS, 'late');
    await until(async () => (await query(name, 'A', opts())).rcode === 'NXDOMAIN', 20);
  });

  it('puts its endpoints back when they are changed or deleted', async () => {
    await c.client.delete('endpointslices.discovery.k8s.io', 'kube-system', 'kube-dns');
    await until(async () => {
      const s = await c.client.get<EndpointSlice>('endpointslices.discovery.k8s.io', 'kube-system', 'kube-dns').catch(() => undefined);
      return s?.endpoints[0]?.addresses[0] === '127.0.0.1' && s.ports?.[0]?.port === dns.port;
    }, 50);
  });

  it('a second server cannot take a port in use, and says so', async () => {
    await expect(startDNS({ server: c.server.url, address: '127.0.0.1', port: dns.port, publish: false, logger: silentLogger })).rejects.toThrow(/port .* in use/);
  });

  it('stopping clears the kube-dns endpoints', async () => {
    const ep = await c.client.get<Endpoints>('endpoints', 'kube-system', 'kube-dns');
    expect(ep.subsets?.[0]?.ports?.[0]?.port).toBe(dns.port);
    await dns.stop();
    stopped = true;
    expect((await c.client.get<Endpoints>('endpoints', 'kube-system', 'kube-dns')).subsets ?? []).toEqual([]);
    expect((await c.client.get<EndpointSlice>('endpointslices.discovery.k8s.io', 'kube-system', 'kube-dns')).endpoints).toEqual([]);
    // Nothing answers any more.
    await expect(query(`web.${NS}.svc.cluster.local`, 'A', { port: dns.port, tcp: true })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('the mk-dns bin', () => {
  const bin = fileURLToPath(new URL('../packages/dns/bin/mk-dns.js', import.meta.url));

  it('refuses bad flags with a message', () => {
    const r = spawnSync(process.execPath, [bin, '--pods', 'sometimes'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: --pods must be insecure, verified or disabled, not "sometimes"');
    const p = spawnSync(process.execPath, [bin, '--port', '99999'], { encoding: 'utf8' });
    expect(p.stderr).toContain('error: --port must be a port number, not "99999"');
  });

  it('serves, publishes its port, and clears its endpoints on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mk-dns-bin-'));
    const api = await startApiServer({ dataDir: dir, port: 0, logLevel: 'warn' });
    const client = new KubeClient({ server: api.url });
    const child = spawn(process.execPath, [bin, '--server', api.url, '--address', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const port = await until(async () => (await client.get<Endpoints>('endpoints', 'kube-system', 'kube-dns').catch(() => undefined))?.subsets?.[0]?.ports?.[0]?.port, 50);
      expect(data(await query('kubernetes.default.svc.cluster.local', 'A', { port }))).toEqual(['10.96.0.1']);
      child.kill('SIGTERM');
      expect(await new Promise((r) => child.once('exit', r))).toBe(0);
      expect((await client.get<Endpoints>('endpoints', 'kube-system', 'kube-dns')).subsets ?? []).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await client.close();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
