// Benchmark of the cluster DNS (needs root, Docker, iptables, the mk/ images and `npm run build`):
// queries per second and latency for a Service name, asked from a pod's network namespace
// through 10.96.0.10 and mk-proxy's DNAT (the figure the issue asks for), beside the same
// queries sent straight to mk-dns's own address and port (the anchor, same run), and mk-dns's
// CPU time per query (it runs as its own process, so /proc/PID/stat counts only it).
// Prints progress on stderr, ONE JSON line last.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem, release, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iptablesLock } from '../iptables-lock.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.DNS_BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.DNS_BENCH_CONCURRENCY ?? 8);
const REPEATS = 3;
const NODE = `bench-dns-${process.pid}`;
const CIDR = `10.193.${process.pid % 250}.0/24`;
const NS = 'bench-dns';
const NAME = `web.${NS}.svc.cluster.local`;

const log = (...a) => console.error('[bench/dns]', ...a);
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sh = (cmd, ...args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const quiet = (cmd, ...args) => {
  try {
    sh(cmd, ...args);
  } catch {}
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const skip = (why) => {
  console.log(JSON.stringify({ bench: 'dns', skipped: why, dns_qps: null, dns_p99_ms: null }));
  process.exit(0);
};

if (process.getuid?.() !== 0) skip('needs root (iptables, nsenter)');
try {
  sh('docker', 'image', 'inspect', 'mk/busybox:1', 'mk/pause:3.9');
} catch {
  skip('needs Docker and the mk/ images (scripts/build-images.sh)');
}

const { startApiServer } = await import(join(root, 'packages/apiserver/dist/index.js'));
const { KubeClient, silentLogger } = await import(join(root, 'packages/client/dist/index.js'));
const { startKubelet, cleanupBridgeNetworks } = await import(join(root, 'packages/kubelet/dist/index.js'));
const { startProxy, cleanupLeftovers } = await import(join(root, 'packages/proxy/dist/index.js'));
const { nodeAddress } = await import(join(root, 'packages/dns/dist/index.js'));

/** Runs a command to its end without blocking this process's event loop; resolves stdout. */
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}: ${err}`))));
  });
}

/** utime + stime of a process, in clock ticks (USER_HZ, 100 on Linux). */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

// Take the same lock as the iptables tests: the tables are one per machine.
const releaseLock = await iptablesLock();

const result = {
  bench: 'dns',
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, mem_gb: round(totalmem() / 2 ** 30, 1), kernel: release() },
  loadavg_before: loadavg().map((x) => round(x)),
  name: NAME,
  seconds: SECONDS,
  concurrency: CONCURRENCY,
};
const ROUTE_LOCALNET = '/proc/sys/net/ipv4/conf/all/route_localnet';
const routeLocalnet = readFileSync(ROUTE_LOCALNET, 'utf8');
let dir;
let api;
let client;
let dns;
let proxy;
let kubelet;
try {
  dir = mkdtempSync(join(tmpdir(), 'mk-bench-dns-'));
  api = await startApiServer({ dataDir: join(dir, 'data'), port: 0, logLevel: 'warn' });
  client = new KubeClient({ server: api.url });
  const address = nodeAddress();

  // mk-dns as its own process, on a free port; its endpoints say which.
  dns = spawn(process.execPath, [join(root, 'packages/dns/dist/bin/mk-dns.js'), '--server', api.url, '--port', '0', '--address', address], { stdio: ['ignore', 'ignore', 'inherit'] });
  let port = 0;
  for (let i = 0; i < 300 && !port; i++) {
    const ep = await client.get('endpoints', 'kube-system', 'kube-dns').catch(() => undefined);
    port = ep?.subsets?.[0]?.ports?.[0]?.port ?? 0;
    if (!port) await sleep(100);
  }
  if (!port) throw new Error('mk-dns did not publish its endpoints');
  log(`mk-dns (pid ${dns.pid}) on ${address}:${port}`);

  proxy = await startProxy({ server: api.url, nodeName: NODE, minSyncPeriodMs: 0, logger: silentLogger });
  kubelet = await startKubelet({
    server: api.url,
    nodeName: NODE,
    runtime: 'docker',
    podCIDR: CIDR,
    rootDir: join(dir, 'kubelet'),
    nodeIP: address,
    port: 0,
    address: '127.0.0.1',
    clusterDNS: ['10.96.0.10'],
    clusterDomain: 'cluster.local',
    logger: silentLogger,
  });
  await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const svc = await client.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { ports: [{ name: 'http', port: 80 }] } });
  await client.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'client', namespace: NS },
    spec: { nodeName: NODE, containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sleep', '3600'] }] },
  });
  for (let i = 0; ; i++) {
    const p = await client.get('pods', NS, 'client');
    if (p.status?.phase === 'Running') break;
    if (i > 600) throw new Error('the bench pod did not start');
    await sleep(100);
  }
  for (let i = 0; !proxy.lastPayload.includes('-d 10.96.0.10 --dport 53'); i++) {
    if (i > 300) throw new Error('no proxy rules for kube-dns');
    await sleep(100);
  }
  const pause = sh('docker', 'ps', '-q', '--filter', `label=mk.io/node=${NODE}`, '--filter', 'label=io.kubernetes.pod.name=client', '--filter', 'label=io.kubernetes.container.name=POD').trim().split('\n')[0];
  const pid = sh('docker', 'inspect', '-f', '{{.State.Pid}}', pause).trim();
  log(`querying ${NAME} (${svc.spec.clusterIP}) from the pod's network namespace (pause pid ${pid})`);

  const clientScript = join(root, 'bench/dns/client.mjs');
  const load = async (server, p, seconds = SECONDS) => {
    const before = cpuTicks(dns.pid);
    const out = JSON.parse((await run('nsenter', ['-t', pid, '-n', process.execPath, clientScript, server, String(p), NAME, String(seconds), String(CONCURRENCY)])).trim().split('\n').pop());
    const ticks = cpuTicks(dns.pid) - before;
    out.server_cpu_us_per_query = out.queries ? round((ticks * 10_000) / out.queries, 1) : null;
    return out;
  };
  await load('10.96.0.10', 53, 1); // warm-up: JIT, conntrack, caches
  const via = [];
  const direct = [];
  for (let r = 0; r < REPEATS; r++) {
    via.push(await load('10.96.0.10', 53));
    direct.push(await load(address, port));
    log(`run ${r + 1}: via ClusterIP ${via[r].qps} q/s p99 ${via[r].p99_ms} ms; direct ${direct[r].qps} q/s p99 ${direct[r].p99_ms} ms`);
  }
  result.dns_qps = median(via.map((x) => x.qps));
  result.dns_p50_ms = median(via.map((x) => x.p50_ms));
  result.dns_p99_ms = median(via.map((x) => x.p99_ms));
  result.dns_direct_qps = median(direct.map((x) => x.qps));
  result.dns_direct_p99_ms = median(direct.map((x) => x.p99_ms));
  result.dns_clusterip_qps_ratio = round(result.dns_qps / result.dns_direct_qps);
  result.dns_server_cpu_us_per_query = median(via.map((x) => x.server_cpu_us_per_query));
  result.dns_timeouts = via.reduce((a, x) => a + x.timeouts, 0) + direct.reduce((a, x) => a + x.timeouts, 0);
  result.dns_wrong_answers = via.reduce((a, x) => a + x.wrong_answers, 0) + direct.reduce((a, x) => a + x.wrong_answers, 0);
} catch (e) {
  log(`failed: ${e.stack ?? e.message}`);
  result.error = e.message;
  result.dns_qps ??= null;
  result.dns_p99_ms ??= null;
} finally {
  await kubelet?.stop().catch(() => undefined);
  const ids = sh('docker', 'ps', '-aq', '--filter', `label=mk.io/node=${NODE}`).trim();
  if (ids) quiet('docker', 'rm', '-f', ...ids.split('\n'));
  await cleanupBridgeNetworks(NODE).catch(() => undefined);
  if (dns) {
    dns.kill('SIGTERM');
    await new Promise((r) => (dns.exitCode !== null ? r() : dns.once('exit', r)));
  }
  await proxy?.stop();
  await cleanupLeftovers().catch((e) => log(`cleanup failed: ${e.message}`));
  writeFileSync(ROUTE_LOCALNET, routeLocalnet);
  await client?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  releaseLock();
}
result.loadavg_after = loadavg().map((x) => round(x));
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
