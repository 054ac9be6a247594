// Benchmark of the proxy (needs root, iptables, and `npm run build`):
//  - full sync of 1,000 Services x 10 endpoints, state to rules in the kernel, beside a raw
//    iptables-restore of the same payload (the anchor, same run);
//  - one endpoint change, written to the real apiserver, to rules applied by the running proxy: p50;
//  - connections per second through a ClusterIP beside the same connections straight to the pod.
// Rule-only addresses are never sent traffic; the connection phase uses a network namespace
// on a bridge this script creates and removes. Prints progress on stderr, ONE JSON line last.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { iptablesLock } from '../iptables-lock.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { buildRules, renderPayload, IptablesApplier, cleanupLeftovers, iptablesRestore, startProxy } = await import(join(root, 'packages/proxy/dist/index.js'));
const { startApiServer } = await import(join(root, 'packages/apiserver/dist/index.js'));
const { KubeClient } = await import(join(root, 'packages/client/dist/index.js'));

const SERVICES = 1000;
const ENDPOINTS = 10;
const REPEATS = 3;
const CHANGES = 15;
const CONN_SECONDS = 2;
const CONN_CONCURRENCY = 16;

const log = (...a) => console.error('[bench/proxy]', ...a);
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sh = (cmd, ...args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const quiet = (cmd, ...args) => {
  try {
    sh(cmd, ...args);
  } catch {}
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (process.getuid?.() !== 0) {
  console.log(JSON.stringify({ bench: 'proxy', skipped: 'needs root (iptables)' }));
  process.exit(0);
}

// Take the same lock as the iptables tests: the tables are one per machine.
const releaseLock = await iptablesLock();

// ---- state: 1,000 Services with 10 ready endpoints each ----
const ipOf = (n, base) => `${base}.${(n >> 8) & 255}.${n & 255}`;
function makeService(i) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `svc-${i}`, namespace: 'bench' },
    spec: { clusterIP: ipOf(i + 256, '10.100'), ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}
function makeSlice(i, gen = 0) {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `svc-${i}-abcde`, namespace: 'bench', labels: { 'kubernetes.io/service-name': `svc-${i}` } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: Array.from({ length: ENDPOINTS }, (_, e) => ({ addresses: [ipOf(i * ENDPOINTS + e + gen * 50_000, '10.200')], conditions: { ready: true }, nodeName: 'bench-node' })),
  };
}
const services = Array.from({ length: SERVICES }, (_, i) => makeService(i));
const slices = Array.from({ length: SERVICES }, (_, i) => makeSlice(i));
const cfg = { hostname: 'bench-node' };

const result = {
  bench: 'proxy',
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, mem_gb: round(totalmem() / 2 ** 30, 1), kernel: release(), iptables: sh('iptables', '--version').trim() },
  services: SERVICES,
  endpoints_per_service: ENDPOINTS,
};

let api;
let proxy;
let client;
let dir;
const servers = [];
try {
  // ---- 1. full sync vs raw iptables-restore ----
  await cleanupLeftovers();
  const fulls = [];
  const raws = [];
  let payload = '';
  for (let r = 0; r < REPEATS; r++) {
    await cleanupLeftovers();
    let t = performance.now();
    const rs = buildRules({ services, endpointSlices: slices }, cfg);
    await new IptablesApplier().sync(rs, { full: true });
    fulls.push(performance.now() - t);
    payload = renderPayload(rs);
    await cleanupLeftovers();
    t = performance.now();
    await iptablesRestore(payload);
    raws.push(performance.now() - t);
  }
  await cleanupLeftovers();
  const rules = payload.split('\n').filter((l) => l.startsWith('-A ')).length;
  result.rules = rules;
  result.full_sync_ms = round(median(fulls), 1);
  result.restore_ms = round(median(raws), 1);
  result.full_sync_ratio_vs_restore = round(median(fulls) / median(raws), 2);
  log(`full sync ${result.full_sync_ms} ms vs iptables-restore ${result.restore_ms} ms (${rules} rules)`);

  // ---- 2. one endpoint change, through the apiserver and the running proxy ----
  dir = mkdtempSync(join(tmpdir(), 'mk-bench-proxy-'));
  api = await startApiServer({ dataDir: join(dir, 'data'), port: 0, logLevel: 'warn' });
  client = new KubeClient({ server: api.url });
  await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }).catch(() => {});
  const t0 = performance.now();
  for (let i = 0; i < SERVICES; i += 50) {
    await Promise.all(services.slice(i, i + 50).map((s) => client.create('services', s)));
    await Promise.all(slices.slice(i, i + 50).map((s) => client.create('endpointslices.discovery.k8s.io', s)));
  }
  log(`created ${SERVICES} Services and EndpointSlices in ${round((performance.now() - t0) / 1000, 1)} s`);
  let waiter;
  let lastRs;
  proxy = await startProxy({
    server: api.url,
    nodeName: 'bench-node',
    localhostNodePorts: false, // leave route_localnet as it is
    // The bench's pod and its bridge live in 10.250.0.0/16: that is this cluster's pod range, so
    // traffic from the bridge counts as in-cluster (not masqueraded), as from a pod on a node.
    clusterCIDR: '10.250.0.0/16',
    podNetwork: false, // no nodes here to route to; the pod network has its own e2e test
    onSync: (s) => {
      lastRs = s.ruleSet;
      waiter?.(s);
    },
  });
  const blockHas = (rs, key, text) => (rs?.serviceBlocks.get(key)?.rules ?? []).some((r) => r.includes(text));
  const latencies = [];
  for (let c = 0; c < CHANGES; c++) {
    await sleep(1100); // past the min sync period, as a lone change would be
    const i = (c * 37) % SERVICES;
    const fresh = ipOf(200_000 + c, '10.201');
    const current = await client.get('endpointslices.discovery.k8s.io', 'bench', `svc-${i}-abcde`);
    current.endpoints[0] = { ...current.endpoints[0], addresses: [fresh] };
    const done = new Promise((resolve) => {
      waiter = (s) => {
        if (!s.skipped && blockHas(s.ruleSet, `bench/svc-${i}:http/tcp`, `--to-destination ${fresh}:8080`)) resolve();
      };
    });
    const t = performance.now();
    await client.update('endpointslices.discovery.k8s.io', current);
    await done;
    latencies.push(performance.now() - t);
  }
  waiter = undefined;
  result.incremental_p50_ms = round(median(latencies), 1);
  result.incremental_max_ms = round(Math.max(...latencies), 1);
  log(`endpoint change to rules applied: p50 ${result.incremental_p50_ms} ms`);

  // ---- 3. connections per second: ClusterIP vs pod IP (with the 1,000 Services loaded) ----
  const BR = 'mkpxb0';
  const NS = 'mkpxb-a';
  const POD = '10.250.9.10';
  quiet('ip', 'netns', 'del', NS);
  quiet('ip', 'link', 'del', BR);
  sh('ip', 'link', 'add', BR, 'type', 'bridge');
  sh('ip', 'addr', 'add', '10.250.9.1/24', 'dev', BR);
  // Direct and ClusterIP connections come from different host addresses, so a direct flow in
  // conntrack never shares its tuple with a DNATed one.
  sh('ip', 'addr', 'add', '10.250.9.2/32', 'dev', BR);
  sh('ip', 'link', 'set', BR, 'up');
  sh('ip', 'netns', 'add', NS);
  sh('ip', 'link', 'add', 'mkpxb-a0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS);
  sh('ip', 'link', 'set', 'mkpxb-a0', 'master', BR, 'up');
  sh('ip', 'netns', 'exec', NS, 'ip', 'addr', 'add', `${POD}/24`, 'dev', 'eth0');
  sh('ip', 'netns', 'exec', NS, 'ip', 'link', 'set', 'eth0', 'up');
  sh('ip', 'netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
  sh('ip', 'netns', 'exec', NS, 'ip', 'route', 'add', 'default', 'via', '10.250.9.1');
  servers.push(
    spawn('ip', ['netns', 'exec', NS, process.execPath, '-e', "require('net').createServer((s)=>s.end('x')).listen(80)"], { stdio: 'ignore' }),
  );
  const svc = await client.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'conn', namespace: 'bench' }, spec: { ports: [{ name: 'tcp', port: 80 }] } });
  const clusterIP = svc.spec.clusterIP;
  sh('ip', 'route', 'replace', `${clusterIP}/32`, 'dev', BR); // nothing leaves the machine, rules or not
  await client.create('endpointslices.discovery.k8s.io', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'conn-1', namespace: 'bench', labels: { 'kubernetes.io/service-name': 'conn' } },
    addressType: 'IPv4',
    ports: [{ name: 'tcp', port: 80, protocol: 'TCP' }],
    endpoints: [{ addresses: [POD], conditions: { ready: true } }],
  });
  // No connection before the rules are in: a SYN not DNATed leaves a conntrack entry that a
  // later connection from the same source port would reuse.
  while (!blockHas(lastRs, 'bench/conn:tcp/tcp', `--to-destination ${POD}:80`)) await sleep(50);
  const localFor = (host) => (host === POD ? '10.250.9.2' : '10.250.9.1');
  const connectOnce = (host) =>
    new Promise((resolve, reject) => {
      const s = net.connect({ host, port: 80, localAddress: localFor(host) });
      s.once('data', () => s.end());
      s.once('close', (hadErr) => (hadErr ? reject(new Error('connection failed')) : resolve()));
      s.once('error', reject);
    });
  for (let i = 0; ; i++) {
    try {
      await connectOnce(POD);
      break;
    } catch {
      if (i > 100) throw new Error('the bench pod does not answer');
      await sleep(100);
    }
  }
  let failures = 0;
  const rate = async (host) => {
    let n = 0;
    const end = performance.now() + CONN_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONN_CONCURRENCY }, async () => {
        while (performance.now() < end) {
          try {
            await connectOnce(host);
            n++;
          } catch {
            failures++;
          }
        }
      }),
    );
    return n / CONN_SECONDS;
  };
  const direct = [];
  const viaService = [];
  for (let r = 0; r < 3; r++) {
    direct.push(await rate(POD));
    viaService.push(await rate(clusterIP));
  }
  result.direct_conn_per_s = Math.round(median(direct));
  result.clusterip_conn_per_s = Math.round(median(viaService));
  result.clusterip_conn_ratio = round(median(viaService) / median(direct), 2);
  result.conn_failures = failures;
  log(`connections/s: ${result.clusterip_conn_per_s} via ClusterIP, ${result.direct_conn_per_s} direct`);
  quiet('ip', 'route', 'del', `${clusterIP}/32`, 'dev', BR);
} finally {
  await proxy?.stop();
  for (const s of servers) s.kill('SIGKILL');
  quiet('ip', 'netns', 'del', 'mkpxb-a');
  quiet('ip', 'link', 'del', 'mkpxb0');
  await cleanupLeftovers().catch((e) => log(`cleanup failed: ${e.message}`));
  await client?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  releaseLock();
}
// DNS from a pod through 10.96.0.10: bench/dns measures it (after the iptables lock above is
// released); its figures join this line.
{
  let out = '';
  try {
    out = execFileSync(process.execPath, [fileURLToPath(new URL('../dns/run.mjs', import.meta.url))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (e) {
    out = e.stdout ?? '';
  }
  const d = (() => {
    try {
      return JSON.parse(out.trim().split('\n').pop());
    } catch {
      return { error: 'bench/dns printed no figures' };
    }
  })();
  result.dns_qps = d.dns_qps ?? null;
  result.dns_p99_ms = d.dns_p99_ms ?? null;
  result.dns_direct_qps = d.dns_direct_qps ?? null;
  if (d.skipped || d.error) result.dns_reason = d.skipped ?? d.error;
}
console.log(JSON.stringify(result));
process.exit(0);
