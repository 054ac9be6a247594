// Cluster DNS end to end: a Docker kubelet writes each pod's resolv.conf (nameserver 10.96.0.10,
// the namespace's search path, ndots:5), mk-proxy DNATs 10.96.0.10:53 to mk-dns on the node's
// address, and busybox in a pod resolves a Service by its short name, NAME.NS and the full
// name, and a headless Service to its pods. busybox's ping resolves through libc, which applies
// the search path (and ndots) from resolv.conf; busybox's nslookup applies the search path only
// to names without a dot, so it is used for those and for full names. (busybox's wget, static
// glibc, crashes resolving names in a bare rootfs, so no HTTP by name here.)
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointSlice, Pod, Service } from '@mk/api';
import { silentLogger } from '@mk/client';
import { startControllerManager, type ControllerManager } from '@mk/controller-manager';
import { cleanupBridgeNetworks, startKubelet, type Kubelet } from '@mk/kubelet';
import { startProxy, cleanupLeftovers, type Proxy } from '@mk/proxy';
import { startDNS, nodeAddress, type DNSServer } from '@mk/dns';
import { e2eSkipReason } from './prereqs.js';
import { iptablesTestLock } from '../proxy-helpers.js';
import { startCluster, until, type Cluster, sh, quietly } from '../kubelet-helpers.js';
import { data, query } from '../dns-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'iptables', 'images');

const NODE = `dns-e2e-${process.pid}`;
const CIDR = `10.195.${process.pid % 250}.0/24`;
const NS = 'dnse2e';
const ROUTE_LOCALNET = '/proc/sys/net/ipv4/conf/all/route_localnet';


let c: Cluster;
let cm: ControllerManager | undefined;
let kubelet: Kubelet | undefined;
let proxy: Proxy | undefined;
let dns: DNSServer | undefined;
let unlock: (() => void) | undefined;
let dir: string;
let routeLocalnet: string | undefined;

async function teardownDocker(): Promise<void> {
  const ids = sh('docker', 'ps', '-aq', '--filter', `label=mk.io/node=${NODE}`).split('\n').filter(Boolean);
  if (ids.length) quietly('docker', 'rm', '-f', ...ids);
  await cleanupBridgeNetworks(NODE).catch(() => undefined);
}

/**
 * Runs a shell command in a pod's container; output and errors together, never throws on exit
 * codes. Asynchronous: mk-dns answers from this same process, so its event loop must run.
 */
async function inPod(pod: string, script: string): Promise<string> {
  const id = sh('docker', 'ps', '-q', '--filter', `label=mk.io/node=${NODE}`, '--filter', `label=io.kubernetes.pod.name=${pod}`, '--filter', 'label=io.kubernetes.container.name=app');
  const { stdout } = await promisify(execFile)('docker', ['exec', id.split('\n')[0]!, 'sh', '-c', `${script} 2>&1; true`], { encoding: 'utf8' });
  return stdout.trim();
}

/** The address libc resolved a name to, as busybox ping prints it: `PING web (10.96.3.4): 56 data bytes`. */
const pingResolves = async (name: string): Promise<string | undefined> => /^PING \S+ \(([\d.]+)\)/m.exec(await inPod('client', `ping -c1 -W1 ${name}`))?.[1];

/** The addresses busybox nslookup printed for a name (the lines after `Name:`; not the server's own). */
async function nslookup(name: string): Promise<string[]> {
  const out = await inPod('client', `nslookup ${name}`);
  const ips: string[] = [];
  let inAnswer = false;
  for (const line of out.split('\n')) {
    if (/^Name:/.test(line)) inAnswer = true;
    else if (inAnswer && /^Address( \d+)?:\s*([\d.]+)\s*$/.test(line)) ips.push(/([\d.]+)\s*$/.exec(line)![1]);
    else if (line.trim() === '') inAnswer = false;
  }
  return [...new Set(ips)].sort();
}

function pod(name: string, labels: Record<string, string>, command: string[], spec: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels }, spec: { nodeName: NODE, containers: [{ name: 'app', image: 'mk/busybox:1', command }], ...spec } };
}

async function ready(name: string): Promise<Pod> {
  return until(
    `${name} Running and Ready`,
    async () => {
      const p = await c.client.get<Pod>('pods', NS, name);
      return p.status?.phase === 'Running' && p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') && p;
    },
    90_000,
  );
}

beforeAll(async () => {
  if (skip) return;
  unlock = await iptablesTestLock();
  routeLocalnet = readFileSync(ROUTE_LOCALNET, 'utf8');
  await teardownDocker();
  dir = mkdtempSync(join(tmpdir(), 'mk-dns-e2e-'));
  c = await startCluster();
  cm = await startControllerManager({ server: c.url, controllers: ['endpoint', 'endpointslice'], logger: silentLogger });
  kubelet = await startKubelet({
    server: c.url,
    nodeName: NODE,
    runtime: 'docker',
    podCIDR: CIDR,
    rootDir: join(dir, 'kubelet'),
    nodeIP: nodeAddress(),
    port: 0,
    address: '127.0.0.1',
    clusterDNS: ['10.96.0.10'],
    clusterDomain: 'cluster.local',
    logger: silentLogger,
  });
  proxy = await startProxy({ server: c.url, nodeName: NODE, minSyncPeriodMs: 0, logger: silentLogger });
  dns = await startDNS({ server: c.url, port: 0, logger: silentLogger });

  await c.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const www = ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www'];
  await c.client.create<Pod>('pods', pod('web-1', { app: 'web' }, www));
  await c.client.create<Pod>('pods', pod('web-2', { app: 'web' }, www));
  await c.client.create<Pod>('pods', pod('client', { app: 'client' }, ['sleep', '3600']));
  await c.client.create<Pod>(
    'pods',
    pod('custom', { app: 'custom' }, ['sleep', '3600'], {
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['10.96.0.10'], searches: [`svc.cluster.local`], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
    }),
  );
  await c.client.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
  await c.client.create<Service>('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web-headless', namespace: NS },
    spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] },
  });
  for (const p of ['web-1', 'web-2', 'client', 'custom']) await ready(p);
  // The proxy's rules for kube-dns are in the kernel.
  await until('the kube-dns rules', async () => proxy!.lastPayload.includes('-d 10.96.0.10 --dport 53'), 30_000);
}, 600_000);

afterAll(async () => {
  if (skip) return;
  await dns?.stop();
  await proxy?.stop();
  await kubelet?.stop();
  await cm?.stop();
  await teardownDocker();
  await cleanupLeftovers().catch(() => undefined);
  await c?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (routeLocalnet !== undefined) writeFileSync(ROUTE_LOCALNET, routeLocalnet);
  unlock?.();
}, 120_000);

describe.skipIf(skip)('cluster DNS with Docker and iptables', () => {
  it("the kubelet writes the pod's resolv.conf: kube-dns, the namespace's search path, ndots:5", async () => {
    const host = readFileSync('/etc/resolv.conf', 'utf8');
    const hostSearch = [...host.matchAll(/^search\s+(.*)$/gm)].pop()?.[1].trim().split(/\s+/).map((s) => s.replace(/\.$/, '')) ?? [];
    const search = [...new Set([`${NS}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local', ...hostSearch])];
    expect(await inPod('client', 'cat /etc/resolv.conf')).toBe(`nameserver 10.96.0.10\nsearch ${search.join(' ')}\noptions ndots:5`);
  });

  it('dnsPolicy None: only spec.dnsConfig, and its search path works', async () => {
    expect(await inPod('custom', 'cat /etc/resolv.conf')).toBe('nameserver 10.96.0.10\nsearch svc.cluster.local\noptions ndots:2 edns0');
    const ip = (await c.client.get<Service>('services', NS, 'web')).spec!.clusterIP!;
    const out = await inPod('custom', `ping -c1 -W1 web.${NS}`);
    expect(/^PING \S+ \(([\d.]+)\)/m.exec(out)?.[1]).toBe(ip);
  });

  it('kube-dns answers from the host through its ClusterIP', async () => {
    const svc = await c.client.get<Service>('services', NS, 'web');
    expect(data(await query(`web.${NS}.svc.cluster.local`, 'A', { host: '10.96.0.10', port: 53 }))).toEqual([svc.spec!.clusterIP!]);
    expect(data(await query(`web.${NS}.svc.cluster.local`, 'A', { host: '10.96.0.10', port: 53, tcp: true }))).toEqual([svc.spec!.clusterIP!]);
  });

  it('a pod resolves SVC, SVC.NS and the full name to the ClusterIP', async () => {
    const ip = (await c.client.get<Service>('services', NS, 'web')).spec!.clusterIP!;
    expect(await pingResolves('web')).toBe(ip);
    expect(await pingResolves(`web.${NS}`)).toBe(ip);
    expect(await pingResolves(`web.${NS}.svc.cluster.local`)).toBe(ip);
    expect(await nslookup('web')).toEqual([ip]);
    expect(await nslookup(`web.${NS}.svc.cluster.local`)).toEqual([ip]);
  });

  it("a headless Service's name resolves to its pods", async () => {
    const ips = await Promise.all(['web-1', 'web-2'].map(async (n) => (await c.client.get<Pod>('pods', NS, n)).status!.podIP!));
    await until(
      'the headless EndpointSlice',
      async () => {
        const s = (await c.client.list<EndpointSlice>('endpointslices.discovery.k8s.io', { namespace: NS, labelSelector: 'kubernetes.io/service-name=web-headless' })).items;
        return s.flatMap((x) => x.endpoints).filter((e) => e.conditions?.ready).length === 2;
      },
      30_000,
    );
    expect(await nslookup('web-headless')).toEqual(ips.sort());
    expect(await nslookup(`web-headless.${NS}.svc.cluster.local`)).toEqual(ips.sort());
    expect(ips).toContain(await pingResolves(`web-headless.${NS}`));
  });

  it('an unknown name does not resolve', async () => {
    expect(await inPod('client', 'ping -c1 -W1 nope')).toMatch(/bad address 'nope'/);
  });
});
