// The proxy end to end with real traffic: two "pods" (network namespaces on a test bridge,
// each serving its own name over HTTP), Services and EndpointSlices written to a real
// apiserver, the proxy programming real iptables, and connections from the host and from a pod.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { EndpointSlice, Service } from '@mk/api';
import { KubeClient } from '@mk/client';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { startProxy, cleanupLeftovers, explainServiceRules, iptablesSave, type Proxy } from '@mk/proxy';
import { e2eSkipReason } from './prereqs.js';
import { until } from '../helpers/cluster.js';
import { iptablesTestLock } from '../proxy-helpers.js';

const skip = e2eSkipReason('root', 'iptables');

// Our own bridge, subnet and names; nothing here reaches beyond this machine.
const BR = 'mkpx0';
const GW = '10.250.7.1';
const PODS = [
  { name: 'a', ns: 'mkpx-a', host: 'mkpx-a0', ip: '10.250.7.10' },
  { name: 'b', ns: 'mkpx-b', host: 'mkpx-b0', ip: '10.250.7.11' },
];
const NODE_IP = '10.250.8.1';
const NODE = 'mkpx-node';

const sh = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const quiet = (cmd: string, ...args: string[]): void => {
  try {
    sh(cmd, ...args);
  } catch {
    /* already gone */
  }
};

let dir: string;
let api: ApiServer;
let client: KubeClient;
let proxy: Proxy | undefined;
let unlock: (() => void) | undefined;
// The proxy sets route_localnet=1 for localhost NodePorts, as kube-proxy does; put it back after.
const ROUTE_LOCALNET = '/proc/sys/net/ipv4/conf/all/route_localnet';
let routeLocalnet: string | undefined;
const servers: ChildProcess[] = [];
const routes: string[] = [];

function teardownNetwork(): void {
  for (const r of routes) quiet('ip', 'route', 'del', `${r}/32`, 'dev', BR);
  for (const p of PODS) quiet('ip', 'netns', 'del', p.ns);
  quiet('ip', 'link', 'del', BR);
}

beforeAll(async () => {
  if (skip) return;
  unlock = await iptablesTestLock();
  routeLocalnet = readFileSync(ROUTE_LOCALNET, 'utf8');
  teardownNetwork();
  dir = mkdtempSync(join(tmpdir(), 'mk-proxy-e2e-'));
  sh('ip', 'link', 'add', BR, 'type', 'bridge');
  sh('ip', 'addr', 'add', `${GW}/24`, 'dev', BR);
  sh('ip', 'link', 'set', BR, 'up');
  // The node's address for NodePorts: a second address on our bridge (no dummy module here).
  sh('ip', 'addr', 'add', `${NODE_IP}/32`, 'dev', BR);
  for (const p of PODS) {
    sh('ip', 'netns', 'add', p.ns);
    sh('ip', 'link', 'add', p.host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', p.ns);
    sh('ip', 'link', 'set', p.host, 'master', BR, 'up');
    // As the kubelet's bridge does (CNI hairpinMode): a DNAT back to the sender is bridged out its own port.
    sh('ip', 'link', 'set', p.host, 'type', 'bridge_slave', 'hairpin', 'on');
    sh('ip', 'netns', 'exec', p.ns, 'ip', 'addr', 'add', `${p.ip}/24`, 'dev', 'eth0');
    sh('ip', 'netns', 'exec', p.ns, 'ip', 'link', 'set', 'eth0', 'up');
    sh('ip', 'netns', 'exec', p.ns, 'ip', 'link', 'set', 'lo', 'up');
    sh('ip', 'netns', 'exec', p.ns, 'ip', 'route', 'add', 'default', 'via', GW);
    const www = join(dir, `www-${p.name}`);
    mkdirSync(www);
    writeFileSync(join(www, 'index.html'), p.name);
    servers.push(spawn('ip', ['netns', 'exec', p.ns, 'busybox', 'httpd', '-f', '-p', '80', '-h', www], { stdio: 'ignore' }));
  }
  // The servers answer directly before any Service exists.
  for (const p of PODS) await until(() => get(p.ip, 80).then((b) => b === p.name).catch(() => false), 50);

  api = await startApiServer({ dataDir: join(dir, 'data'), port: 0 });
  client = new KubeClient({ server: api.url });
  proxy = await startProxy({ server: api.url, nodeName: NODE, minSyncPeriodMs: 0 });
  // Waiting for the machine-wide iptables lock (another suite may hold it) is expected.
}, 600_000);

afterAll(async () => {
  if (skip) return;
  await proxy?.stop();
  for (const s of servers) s.kill('SIGKILL');
  await cleanupLeftovers().catch(() => undefined);
  teardownNetwork();
  await client?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (routeLocalnet !== undefined) writeFileSync(ROUTE_LOCALNET, routeLocalnet);
  unlock?.();
});

/** One HTTP GET on a fresh connection; resolves the body. */
function get(host: string, port: number, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/', agent: false, localAddress, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body.trim()));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

async function service(name: string, spec: Partial<NonNullable<Service['spec']>>, backends: typeof PODS, port = 80): Promise<Service> {
  const svc = await client.create<Service>('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { ports: [{ name: 'http', port, targetPort: 'web' }], ...spec },
  });
  // Anything to the ClusterIP that the proxy did not catch stays on our bridge.
  sh('ip', 'route', 'replace', `${svc.spec!.clusterIP}/32`, 'dev', BR);
  routes.push(svc.spec!.clusterIP!);
  if (backends.length) {
    await client.create<EndpointSlice>('endpointslices.discovery.k8s.io', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${name}-x1`, namespace: 'default', labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: backends.map((p) => ({ addresses: [p.ip], conditions: { ready: true }, nodeName: NODE })),
    });
  }
  // Rules in the kernel: the DNAT path with endpoints, the REJECT without.
  const ip = svc.spec!.clusterIP!;
  const want = backends.length ? `cluster IP" -m tcp -p tcp -d ${ip} ` : `has no endpoints" -m tcp -p tcp -d ${ip} `;
  await until(() => proxy!.lastPayload.includes(want), 20);
  return svc;
}

async function tally(host: string, port: number, n: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i += 10) {
    const bodies = await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => get(host, port)));
    for (const b of bodies) counts[b] = (counts[b] ?? 0) + 1;
  }
  return counts;
}

describe.skipIf(skip)('proxy: real traffic through iptables', () => {
  let web: Service;

  it('a ClusterIP Service of 2 ready pods answers from the host, both pods serving 35-65% of 200 connections', async () => {
    web = await service('web', {}, PODS);
    const counts = await tally(web.spec!.clusterIP!, 80, 200);
    expect(Object.keys(counts).sort()).toEqual(['a', 'b']);
    for (const k of ['a', 'b']) {
      expect(counts[k]!).toBeGreaterThanOrEqual(70);
      expect(counts[k]!).toBeLessThanOrEqual(130);
    }
  });

  it('from a pod, the same Service spreads 200 connections over both pods (35-65% each)', async () => {
    // Pod b connects 200 times; half the time kube-proxy picks b itself (hairpin), half a.
    const out = execFileSync(
      'ip',
      ['netns', 'exec', PODS[1]!.ns, 'busybox', 'sh', '-c', `for i in $(seq 200); do printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 5 ${web.spec!.clusterIP!} 80 | tail -n 1; echo; done`],
      { encoding: 'utf8' },
    );
    const counts: Record<string, number> = {};
    for (const line of out.split('\n').filter(Boolean)) counts[line.trim()] = (counts[line.trim()] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual(['a', 'b']);
    for (const k of ['a', 'b']) {
      expect(counts[k]!).toBeGreaterThanOrEqual(70);
      expect(counts[k]!).toBeLessThanOrEqual(130);
    }
  });

  it('the chains are in the kernel as kube-proxy names them', async () => {
    const nat = await iptablesSave('nat');
    expect(nat).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(nat).toContain('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
    expect(nat).toMatch(new RegExp(`-A KUBE-SERVICES -d ${web.spec!.clusterIP!.replace(/\./g, '\\.')}/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-`));
    expect(nat).toContain('--probability 0.50000000000');
    const text = explainServiceRules(proxy!.lastPayload, web);
    expect(text).toContain('picks endpoint 10.250.7.10:80');
    expect(text).toContain('rewrites the destination to the pod at 10.250.7.11:80');
  });

  it('a Service without endpoints refuses connections at once', async () => {
    const none = await service('none', {}, []);
    const err = await get(none.spec!.clusterIP!, 80).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toBe('ECONNREFUSED');
  });

  it('NodePort answers on a node address and on 127.0.0.1', async () => {
    const np = await service('np', { type: 'NodePort' }, PODS);
    const nodePort = np.spec!.ports![0]!.nodePort!;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    const counts = await tally(NODE_IP, nodePort, 20);
    expect((counts.a ?? 0) + (counts.b ?? 0)).toBe(20);
    expect(['a', 'b']).toContain(await get('127.0.0.1', nodePort));
  });

  it('sessionAffinity ClientIP keeps one client on one pod', async () => {
    const sticky = await service('sticky', { sessionAffinity: 'ClientIP' }, PODS);
    const counts = await tally(sticky.spec!.clusterIP!, 80, 30);
    expect(Object.values(counts)).toEqual([30]);
  });

  it('a pod reaches its own Service (hairpin)', async () => {
    const self = await service('self', {}, [PODS[0]!]);
    const out = execFileSync('ip', ['netns', 'exec', PODS[0]!.ns, 'busybox', 'nc', '-w', '5', self.spec!.clusterIP!, '80'], {
      input: 'GET / HTTP/1.0\r\n\r\n',
      encoding: 'utf8',
    });
    expect(out.trim().split('\n').at(-1)).toBe('a');
  });

  it('a pod that turns not-ready stops receiving new connections; a restarted proxy rebuilds the same rules', async () => {
    const endpoints = PODS.map((p) => ({ addresses: [p.ip], conditions: { ready: p.name !== 'a' }, nodeName: NODE }));
    await client.patch<EndpointSlice>('endpointslices.discovery.k8s.io', 'default', 'web-x1', { endpoints }, 'merge');
    await until(() => !proxy!.lastPayload.includes('default/web:http -> 10.250.7.10:80'), 20);
    const counts = await tally(web.spec!.clusterIP!, 80, 20);
    expect(counts).toEqual({ b: 20 });
    const before = proxy!.lastPayload;
    await proxy!.stop();
    proxy = await startProxy({ server: api.url, nodeName: NODE, minSyncPeriodMs: 0 });
    expect(proxy.lastPayload).toBe(before);
    expect(await get(web.spec!.clusterIP!, 80)).toBe('b');
  });

  it('the periodic full resync puts back jumps someone removed', async () => {
    await proxy!.stop();
    const syncs: boolean[] = [];
    proxy = await startProxy({ server: api.url, nodeName: NODE, minSyncPeriodMs: 0, syncPeriodMs: 200, fullSyncPeriodMs: 600, onSync: (s) => syncs.push(s.full) });
    sh('iptables', '-t', 'nat', '-D', 'PREROUTING', '-m', 'comment', '--comment', 'kubernetes service portals', '-j', 'KUBE-SERVICES');
    sh('iptables', '-t', 'nat', '-D', 'POSTROUTING', '-m', 'comment', '--comment', 'flanneld masq', '-j', 'FLANNEL-POSTRTG');
    await until(async () => {
      const nat = await iptablesSave('nat');
      return nat.includes('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES') && nat.includes('-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG');
    }, 100);
    // Periodic syncs in between are partial, and skip iptables when nothing changed.
    expect(syncs[0]).toBe(true);
    expect(syncs.filter((f) => !f).length).toBeGreaterThan(0);
    expect(await get(web.spec!.clusterIP!, 80)).toBe('b');
  });

  it('after mk-proxy --cleanup no KUBE- chain remains', async () => {
    await proxy!.stop();
    proxy = undefined;
    const bin = fileURLToPath(new URL('../../packages/proxy/dist/bin/mk-proxy.js', import.meta.url));
    if (existsSync(bin)) sh(process.execPath, bin, '--cleanup');
    else await cleanupLeftovers();
    const all = (await iptablesSave('nat')) + (await iptablesSave('filter'));
    expect(all).not.toContain('KUBE-');
  });
});
