// Benchmark of the scheduler on scheduler_perf's workloads, through a real apiserver:
//   SchedulingBasic: 5,000 nodes, 1,000 initial pods, then 10,000 measured pods (100m, 500Mi)
//   SchedulingPodAntiAffinity: 5,000 pods with required anti-affinity on hostname
//   TopologySpreading: 10,000 pods spread across 3 zones (maxSkew 1, DoNotSchedule)
// and the scheduler's RSS with 5,000 nodes and 11,000 pods.
//
//   node bench/scheduler/run.mjs     (needs `npm run build`: it runs dist/bin/mk-apiserver.js
//                                     and dist/bin/mk-scheduler.js as child processes)
//   MK_BENCH_NODES=500 MK_BENCH_SCALE=0.1 node bench/scheduler/run.mjs   a quicker, smaller run
//
// Prints progress on stderr and ONE JSON line of figures last on stdout.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, platform, release, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { nodeBody, podBody } from './objects.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const APISERVER = join(root, 'packages/apiserver/dist/bin/mk-apiserver.js');
// MK_BENCH_SCHEDULER=path/to/mk-scheduler.js runs another build (an A/B comparison on the same machine).
const SCHEDULER = process.env.MK_BENCH_SCHEDULER ?? join(root, 'packages/scheduler/dist/bin/mk-scheduler.js');

const NODES = Number(process.env.MK_BENCH_NODES ?? 5000);
const SCALE = Number(process.env.MK_BENCH_SCALE ?? 1);
const INITIAL = Math.round(1000 * SCALE);
const MEASURED = Math.round(10_000 * SCALE);
const ANTI = Math.round(5000 * SCALE);
const SPREAD = Math.round(10_000 * SCALE);
const CLIENTS = 32;
// MK_BENCH_ONLY=anti (or spread, or basic) skips the other measured workloads (profiling).
const ONLY = process.env.MK_BENCH_ONLY;

const log = (...a) => console.error('[bench/scheduler]', ...a);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

function startChild(bin, args, name, waitFor) {
  if (!existsSync(bin)) throw new Error(`${bin} not found: run \`npm run build\` first`);
  // Node flags (e.g. --cpu-prof) go before the script.
  const flags = args.filter((a) => a.startsWith('--cpu-prof'));
  const rest = args.filter((a) => !a.startsWith('--cpu-prof'));
  const child = spawn(process.execPath, [...flags, bin, ...rest], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d.toString();
      const m = waitFor(out);
      if (m !== undefined) resolve(m);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${name} exited (${code}):\n${out}`)));
    setTimeout(() => reject(new Error(`${name} not ready within 30 s:\n${out}`)), 30_000).unref();
  });
  return { child, ready, output: () => out };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/PID/stat. */
async function cpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) start after the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
}
const CLK_TCK = 100;

/** CPU used by the scheduler, the apiserver and this load generator during fn. */
async function measureCpu(pids, fn) {
  const before = await Promise.all(pids.map(cpuMs));
  const self0 = process.cpuUsage();
  const result = await fn();
  const after = await Promise.all(pids.map(cpuMs));
  const self = process.cpuUsage(self0);
  return { result, cpu: [...after.map((a, i) => a - before[i]), (self.user + self.system) / 1000] };
}

async function rssMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? NaN) / 1024;
}

async function request(pool, method, path, body) {
  const res = await pool.request({
    method,
    path,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
  return text;
}

async function parallel(count, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        await fn(i);
      }
    }),
  );
}

/** Watches pods of a namespace and resolves per-pod bind times. */
function bindWatcher(url, namespace) {
  const bound = new Map();
  const waiters = [];
  const ac = new AbortController();
  const pool = new Pool(url, { connections: 1, bodyTimeout: 0, headersTimeout: 0 });
  (async () => {
    const res = await pool.request({ method: 'GET', path: `/api/v1/namespaces/${namespace}/pods?watch=1`, signal: ac.signal });
    let buf = '';
    for await (const chunk of res.body) {
      buf += chunk.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        // Only events of bound pods matter: skip parsing the rest (this process shares the cores).
        if (!line.includes('"nodeName"')) continue;
        const ev = JSON.parse(line);
        const name = ev.object?.metadata?.name;
        if (ev.object?.spec?.nodeName && !bound.has(name)) {
          bound.set(name, performance.now());
          for (const w of waiters.splice(0)) w();
        }
      }
    }
  })().catch(() => {});
  return {
    bound,
    async waitFor(n) {
      while (bound.size < n) await new Promise((r) => waiters.push(r));
    },
    close() {
      ac.abort();
      return pool.close();
    },
  };
}

/** Creates pods and measures creation-to-bound; returns pods/s and latency percentiles. */
async function workload(url, pool, namespace, prefix, count, extra) {
  await request(pool, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }).catch(() => {});
  const w = bindWatcher(url, namespace);
  await new Promise((r) => setTimeout(r, 200));
  const sent = new Map();
  // One serialised body, the name spliced in per pod: the load generator stays lean.
  const [head, tail] = JSON.stringify(podBody('\u0000', namespace, extra)).split('\\u0000');
  const path = `/api/v1/namespaces/${namespace}/pods`;
  const t0 = performance.now();
  await parallel(count, async (i) => {
    const name = `${prefix}-${i}`;
    sent.set(name, performance.now());
    await request(pool, 'POST', path, head + name + tail);
  });
  const createdS = (performance.now() - t0) / 1000;
  await w.waitFor(count);
  const t1 = Math.max(...w.bound.values());
  await w.close();
  const lat = [...w.bound].map(([n, t]) => t - sent.get(n));
  const perS = count / ((t1 - t0) / 1000);
  log(`${namespace}: ${count} pods bound in ${round((t1 - t0) / 1000, 2)} s (${round(perS)} pods/s; creates took ${round(createdS, 2)} s); p50 ${round(pct(lat, 50))} ms, p99 ${round(pct(lat, 99))} ms`);
  return { perS, p50: pct(lat, 50), p99: pct(lat, 99), createPerS: count / createdS };
}

async function main() {
  const loadStart = loadavg().map((x) => round(x, 2));
  const dir = await mkdtemp(join(tmpdir(), 'mk-bench-sched-'));
  const api = startChild(APISERVER, ['--data-dir', join(dir, 'data'), '--port', '0'], 'mk-apiserver', (out) => {
    const m = out.match(/https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1?\]):(\d+)/) ?? out.match(/"port":\s*(\d+)/);
    return m ? Number(m[1]) : undefined;
  });
  let sched;
  try {
    const port = await api.ready;
    api.child.stdout.removeAllListeners('data');
    api.child.stderr.removeAllListeners('data');
    api.child.stdout.resume();
    api.child.stderr.resume();
    const url = `http://127.0.0.1:${port}`;
    const pool = new Pool(url, { connections: CLIENTS, pipelining: 1 });
    log(`apiserver on ${url}; creating ${NODES} nodes`);
    await parallel(NODES, (i) => request(pool, 'POST', '/api/v1/nodes', nodeBody(i)));

    const prof = process.env.MK_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.MK_BENCH_CPU_PROF}`] : [];
    sched = startChild(SCHEDULER, [...prof, '--server', url, '--leader-elect=false', '-v', '2'], 'mk-scheduler', (out) => (out.includes('scheduler started') ? true : undefined));
    await sched.ready;
    sched.child.stdout.resume();
    sched.child.stderr.resume();
    log('scheduler started');

    log(`SchedulingBasic: ${INITIAL} initial pods`);
    await workload(url, pool, 'basic-init', 'init', INITIAL);
    const pids = [sched.child.pid, api.child.pid];
    // CPU per pod of each process: the figure to judge an optimisation by on a shared machine.
    const perPod = (cpu, n) => ({ sched: round(cpu[0] / n, 3), apiserver: round(cpu[1] / n, 3), loadgen: round(cpu[2] / n, 3) });
    const measured = async (name, count, fn) => {
      const { result, cpu } = await measureCpu(pids, fn);
      const c = perPod(cpu, count);
      log(`${name}: CPU ms per pod: scheduler ${c.sched}, apiserver ${c.apiserver}, load generator ${c.loadgen}; load average ${loadavg().map((x) => round(x, 2)).join(' ')}`);
      return { ...result, cpu: c };
    };
    log(`SchedulingBasic: ${MEASURED} measured pods`);
    const basic = await measured('basic', MEASURED, () => workload(url, pool, 'basic', 'pod', MEASURED));
    const rss = await rssMiB(sched.child.pid);
    log(`scheduler RSS with ${NODES} nodes and ${INITIAL + MEASURED} pods: ${round(rss)} MiB`);

    const skip = { perS: NaN, p99: NaN, cpu: {} };
    const anti = ONLY && ONLY !== 'anti' ? skip : await measured('anti', ANTI, () => workload(url, pool, 'anti', 'anti', ANTI, {
      labels: { color: 'green' },
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' }],
          },
        },
      },
    }));
    const spread = ONLY && ONLY !== 'spread' ? skip : await measured('spread', SPREAD, () => workload(url, pool, 'spread', 'spread', SPREAD, {
      labels: { app: 'spread' },
      spec: {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } },
        ],
      },
    }));
    await pool.close();
    const figures = {
      bench: 'scheduler',
      machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, mem_gib: round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version },
      nodes: NODES,
      basic_pods: MEASURED,
      basic_pods_per_s: round(basic.perS),
      basic_p50_ms: round(basic.p50),
      basic_p99_ms: round(basic.p99),
      basic_create_per_s: round(basic.createPerS),
      antiaffinity_pods: ANTI,
      antiaffinity_pods_per_s: round(anti.perS),
      antiaffinity_p99_ms: round(anti.p99),
      spread_pods: SPREAD,
      spread_pods_per_s: round(spread.perS),
      spread_p99_ms: round(spread.p99),
      rss_mib: round(rss),
      basic_cpu_ms_per_pod: basic.cpu,
      antiaffinity_cpu_ms_per_pod: anti.cpu,
      spread_cpu_ms_per_pod: spread.cpu,
      load_average_start: loadStart,
      load_average_end: loadavg().map((x) => round(x, 2)),
      kube_scheduler_ci_threshold_basic_pods_per_s: 680,
    };
    console.log(JSON.stringify(figures));
  } finally {
    sched?.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, process.env.MK_BENCH_CPU_PROF ? 3000 : 500));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
