// The pod network across nodes with real Docker, iptables and routes: two docker kubelets on
// this machine (two nodes, two bridges, two podCIDRs) and mk-proxy running the pod network
// (flannel host-gw). A third "node" lives in a network namespace reached through a route to
// its podCIDR; an "outside" server in another namespace has no route back to the pods.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Pod, Service } from '@mk/api';
import { silentLogger } from '@mk/client';
import { startControllerManager, type ControllerManager } from '@mk/controller-manager';
import { bridgeName, cleanupBridgeNetworks, startKubelet, type Kubelet } from '@mk/kubelet';
import { startProxy, cleanupLeftovers, iptablesSave, listRoutes, type Proxy } from '@mk/proxy';
import { e2eSkipReason } from './prereqs.js';
import { iptablesTestLock } from '../proxy-helpers.js';
import { podOn, startCluster, until, type Cluster, sh, quietly } from '../kubelet-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'iptables', 'images');

const CLUSTER_CIDR = '10.252.0.0/16';
const A = { name: `pn-a-${process.pid}`, cidr: '10.252.1.0/24' };
const B = { name: `pn-b-${process.pid}`, cidr: '10.252.2.0/24' };
// Node C: a namespace behind a veth; its "pod" is an address on its loopback.
const C = { name: `pn-c-${process.pid}`, cidr: '10.252.3.0/24', ns: 'mkpn-c', veth: 'mkpn-c0', hostIP: '10.250.13.1', ip: '10.250.13.2', pod: '10.252.3.10' };
// Outside the cluster: a server whose namespace has no route to the pods.
const X = { ns: 'mkpn-x', veth: 'mkpn-x0', hostIP: '10.250.14.1', ip: '10.250.14.2' };
const TAINT = 'node.kubernetes.io/network-unavailable';


let c: Cluster;
let cm: ControllerManager;
let proxy: Proxy | undefined;
let unlock: (() => void) | undefined;
let dir: string;
const kubelets: Kubelet[] = [];
const servers: ChildProcess[] = [];
const ROUTE_LOCALNET = '/proc/sys/net/ipv4/conf/all/route_localnet';
let routeLocalnet: string | undefined;

/** A www root whose /cgi-bin/ip answers with the client's address as the server saw it. */
function cgiRoot(name: string): string {
  const www = join(dir, name);
  mkdirSync(join(www, 'cgi-bin'), { recursive: true });
  writeFileSync(join(www, 'cgi-bin', 'ip'), '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho "$REMOTE_ADDR"\n');
  chmodSync(join(www, 'cgi-bin', 'ip'), 0o755);
  return www;
}

/** A namespace joined to the host by a veth pair (host side HOSTIP/24). */
function namespace(n: { ns: string; veth: string; hostIP: string; ip: string }): void {
  sh('ip', 'netns', 'add', n.ns);
  sh('ip', 'link', 'add', n.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', n.ns);
  sh('ip', 'addr', 'add', `${n.hostIP}/24`, 'dev', n.veth);
  sh('ip', 'link', 'set', n.veth, 'up');
  sh('ip', 'netns', 'exec', n.ns, 'ip', 'addr', 'add', `${n.ip}/24`, 'dev', 'eth0');
  sh('ip', 'netns', 'exec', n.ns, 'ip', 'link', 'set', 'eth0', 'up');
  sh('ip', 'netns', 'exec', n.ns, 'ip', 'link', 'set', 'lo', 'up');
}

function teardownHost(): void {
  for (const n of [C, X]) {
    quietly('ip', 'netns', 'del', n.ns);
    quietly('ip', 'link', 'del', n.veth);
  }
}

async function teardownDocker(): Promise<void> {
  // By our nodes' labels: other files' containers come and go meanwhile.
  for (const n of [A, B]) {
    const ids = sh('docker', 'ps', '-aq', '--filter', `label=mk.io/node=${n.name}`).split('\n').filter(Boolean);
    if (ids.length) quietly('docker', 'rm', '-f', ...ids);
  }
  for (const n of [A, B]) await cleanupBridgeNetworks(n.name).catch(() => undefined);
  // A bridge left by an earlier run that died (another pid, so another name) holds our gateways.
  const addrs = JSON.parse(sh('ip', '-j', 'addr', 'show', 'type', 'bridge')) as Array<{ ifname: string; addr_info: Array<{ local: string }> }>;
  for (const l of addrs) if (l.ifname.startsWith('mkbr-') && l.addr_info.some((a) => a.local === '10.252.1.1' || a.local === '10.252.2.1')) quietly('ip', 'link', 'del', l.ifname);
}

const getNode = (name: string): Promise<Node> => c.client.get<Node>('nodes', undefined, name);
const condition = (n: Node, type: string) => n.status?.conditions?.find((x) => x.type === type);

/** Runs a command in a pod's app container. */
function inPod(pod: string, node: string, ...cmd: string[]): string {
  const id = sh('docker', 'ps', '-q', '--filter', `label=mk.io/node=${node}`, '--filter', `label=io.kubernetes.pod.name=${pod}`, '--filter', 'label=io.kubernetes.container.name=app');
  return sh('docker', 'exec', id.split('\n')[0]!, ...cmd);
}
/** What the CGI at HOST:PORT saw as our address (busybox nc: this image's wget crashes). */
const seenBy = (host: string, port = 80): string =>
  inPod('client', A.name, 'sh', '-c', `printf 'GET /cgi-bin/ip HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${host} ${port}`).split('\n').at(-1)!.trim().replace(/^\[::ffff:(.*)\]$/, '$1'); // a dual-stack httpd writes IPv4 as [::ffff:a.b.c.d]

async function runningPod(name: string): Promise<Pod> {
  return until(`${name} Running and Ready`, async () => {
    const p = await c.client.get<Pod>('pods', 'default', name);
    return p.status?.phase === 'Running' && p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') && p;
  }, 90_000);
}

beforeAll(async () => {
  if (skip) return;
  unlock = await iptablesTestLock();
  routeLocalnet = readFileSync(ROUTE_LOCALNET, 'utf8');
  teardownHost();
  await teardownDocker();
  dir = mkdtempSync(join(tmpdir(), 'mk-podnet-e2e-'));
  namespace(C);
  sh('ip', 'netns', 'exec', C.ns, 'ip', 'addr', 'add', `${C.pod}/32`, 'dev', 'lo');
  sh('ip', 'netns', 'exec', C.ns, 'ip', 'route', 'add', 'default', 'via', C.hostIP);
  namespace(X); // no route back to the pods: only masquerade lets them talk to it
  servers.push(spawn('ip', ['netns', 'exec', C.ns, 'busybox', 'httpd', '-f', '-p', `${C.pod}:80`, '-h', cgiRoot('www-c')], { stdio: 'ignore' }));
  servers.push(spawn('ip', ['netns', 'exec', X.ns, 'busybox', 'httpd', '-f', '-p', `${X.ip}:80`, '-h', cgiRoot('www-x')], { stdio: 'ignore' }));

  c = await startCluster();
  cm = await startControllerManager({ server: c.url, controllers: ['endpointslice', 'nodelifecycle'], settings: { clusterCIDR: CLUSTER_CIDR }, logger: silentLogger });
  for (const n of [A, B]) {
    kubelets.push(
      await startKubelet({
        server: c.url,
        nodeName: n.name,
        runtime: 'docker',
        podCIDR: n.cidr,
        rootDir: join(dir, n.name),
        nodeIP: '127.0.0.1',
        port: 0,
        address: '127.0.0.1',
        podNetworkAgent: true,
        logger: silentLogger,
      }),
    );
  }
  // Node C has no kubelet here: only its Node object, as another machine's kubelet would write it.
  await c.client.create<Node>('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: C.name },
    spec: { podCIDR: C.cidr, podCIDRs: [C.cidr] },
    status: { addresses: [{ type: 'InternalIP', address: C.ip }] },
  });
}, 600_000);

afterAll(async () => {
  if (skip) return;
  await proxy?.stop();
  for (const k of kubelets) await k.stop().catch(() => undefined);
  for (const s of servers) s.kill('SIGKILL');
  await teardownDocker();
  await cleanupLeftovers().catch(() => undefined);
  teardownHost();
  await cm?.stop();
  await c?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (routeLocalnet !== undefined) writeFileSync(ROUTE_LOCALNET, routeLocalnet);
  unlock?.();
}, 120_000);

describe.skipIf(skip)('pod network across nodes (flannel host-gw)', () => {
  it('nodes register NetworkUnavailable=True and are tainted until the pod network is up', async () => {
    for (const n of [A, B]) {
      expect(condition(await getNode(n.name), 'NetworkUnavailable')).toMatchObject({ status: 'True', reason: 'NoRouteCreated' });
      await until(`${n.name} tainted`, async () => (await getNode(n.name)).spec?.taints?.some((t) => t.key === TAINT));
    }
    // The kubelets leave masquerading to the pod network: no MASQUERADE rule for the node bridges.
    const nat = await iptablesSave('nat');
    expect(nat).not.toContain(`-s ${A.cidr} `);
    expect(nat).not.toContain(`! -o ${bridgeName(A.name)} `);
  });

  it('mk-proxy routes to the other node, installs the rules, and the nodes on this host report NetworkUnavailable=False', async () => {
    // A node off this host's network (TEST-NET-3): the kernel refuses its route; the rest goes on.
    const D = `pn-d-${process.pid}`;
    await c.client.create<Node>('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: D }, spec: { podCIDR: '10.252.4.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '203.0.113.9' }] } });
    proxy = await startProxy({ server: c.url, nodeName: A.name, clusterCIDR: CLUSTER_CIDR, minSyncPeriodMs: 0, logger: silentLogger });
    expect(proxy.routePlan()?.servedNodes).toEqual([A.name, B.name].sort());
    expect(proxy.routePlan()?.routes.map((r) => r.node)).toEqual([C.name, D]);
    // A and B share this host (their bridges are here): only C gets a route.
    expect(await listRoutes()).toEqual([{ dst: C.cidr, via: C.ip }]);
    await c.client.delete('nodes', undefined, D);
    expect(sh('ip', 'route', 'show', C.cidr)).toContain(`via ${C.ip} dev ${C.veth}`);
    for (const n of [A, B]) {
      const node = await until(`${n.name} NetworkUnavailable=False`, async () => {
        const x = await getNode(n.name);
        return condition(x, 'NetworkUnavailable')?.status === 'False' && x;
      });
      expect(condition(node, 'NetworkUnavailable')).toMatchObject({ reason: 'RouteCreated', message: 'RouteController created a route' });
      await until(`${n.name} untainted`, async () => !(await getNode(n.name)).spec?.taints?.some((t) => t.key === TAINT));
    }
    const filter = await iptablesSave('filter');
    expect(filter).toContain(`-A FLANNEL-FWD -s ${CLUSTER_CIDR} -m comment --comment "flanneld forward" -j ACCEPT`);
    expect(filter).toContain('-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD');
    expect(filter).toMatch(new RegExp(`-A DOCKER-USER -s ${CLUSTER_CIDR} -d ${CLUSTER_CIDR} .*-j FLANNEL-FWD`));
    const nat = await iptablesSave('nat');
    expect(nat).toContain('-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG');
    expect(nat).toContain(`-A FLANNEL-POSTRTG -s ${CLUSTER_CIDR} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully`);
  });

  let clientIP = '';
  let server: Pod;
  it('a pod on node A reaches a pod on node B, which sees the client pod\'s own IP', async () => {
    await c.client.create('pods', podOn('client', A.name));
    await c.client.create(
      'pods',
      podOn('srv', B.name, {
        containers: [
          {
            name: 'app',
            image: 'mk/busybox:1',
            command: ['sh', '-c', `mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n' > /www/cgi-bin/ip && chmod +x /www/cgi-bin/ip && exec httpd -f -p 8080 -h /www`],
            ports: [{ name: 'web', containerPort: 8080 }],
          },
        ],
      }),
    );
    await c.client.patch('pods', 'default', 'srv', { metadata: { labels: { app: 'pn-srv' } } }, 'merge');
    clientIP = (await runningPod('client')).status!.podIP!;
    server = await runningPod('srv');
    expect(clientIP.startsWith('10.252.1.')).toBe(true);
    expect(server.status!.podIP!.startsWith('10.252.2.')).toBe(true);
    const seen = await until('an answer across the bridges', async () => seenBy(server.status!.podIP!, 8080));
    expect(seen).toBe(clientIP);
  }, 180_000);

  it('a pod reaches a pod on another machine through the route to its podCIDR, without NAT', async () => {
    expect(seenBy(C.pod)).toBe(clientIP);
  });

  it('a Service whose only pod is on node B answers a pod on node A', async () => {
    const svc = await c.client.create<Service>('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'pn-web', namespace: 'default' },
      spec: { selector: { app: 'pn-srv' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
    });
    await until('the Service rules', async () => proxy!.lastPayload.includes(`default/pn-web:http -> ${server.status!.podIP}:8080`));
    expect(seenBy(svc.spec!.clusterIP!)).toBe(clientIP);
  });

  it('a Service without endpoints refuses a pod at once: the pod network accepts only after kube-proxy has judged', async () => {
    const none = await c.client.create<Service>('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'pn-none', namespace: 'default' },
      spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] },
    });
    await until('the REJECT rule', async () => proxy!.lastPayload.includes(`"default/pn-none has no endpoints" -m tcp -p tcp -d ${none.spec!.clusterIP} `));
    const out = inPod('client', A.name, 'sh', '-c', `nc -w 5 ${none.spec!.clusterIP} 80 </dev/null 2>&1; echo rc=$?`);
    expect(out).toMatch(/refused/i);
  });

  it('pod traffic leaving the cluster CIDR is masqueraded to the node', async () => {
    // The outside namespace has no route to 10.252/16: only a masqueraded connection can answer.
    expect(seenBy(X.ip)).toBe(X.hostIP);
  });

  it("a deleted node's route goes", async () => {
    await c.client.delete('nodes', undefined, C.name);
    await until('the route removed', async () => (await listRoutes()).length === 0);
    expect(sh('ip', 'route', 'show', C.cidr)).toBe('');
  });

  it('after mk-proxy --cleanup none of the pod network\'s chains, jumps or routes remain', async () => {
    // Put the route back first, so cleanup has one to remove.
    await c.client.create<Node>('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: C.name }, spec: { podCIDR: C.cidr }, status: { addresses: [{ type: 'InternalIP', address: C.ip }] } });
    await until('the route back', async () => (await listRoutes()).length === 1);
    await proxy!.stop();
    proxy = undefined;
    const bin = fileURLToPath(new URL('../../packages/proxy/dist/bin/mk-proxy.js', import.meta.url));
    if (existsSync(bin)) sh(process.execPath, bin, '--cleanup');
    else await cleanupLeftovers();
    const all = (await iptablesSave('nat')) + (await iptablesSave('filter'));
    expect(all).not.toContain('FLANNEL-');
    expect(all).not.toContain('KUBE-');
    expect(await listRoutes()).toEqual([]);
    // Docker's own chains are left as they were.
    expect(all).toContain(':DOCKER-USER');
  });
});
