// Benchmark of the apiserver's storage path over real HTTP: durable creates, watch fan-out,
// big lists and memory, against raw LevelDB anchors measured in the same run. The creates come
// from 32 keep-alive connections of a lean HTTP/1.1 client (http-conn.mjs): the load generator
// shares the machine's cores with the server, and undici's per-request CPU was half a core.
//
//   node bench/apiserver/run.mjs        (needs `npm run build`: it starts dist/bin/mk-apiserver.js)
//   MK_BENCH_CPU_PROF=DIR node bench/apiserver/run.mjs   also writes the apiserver's CPU profile to DIR
//   MK_BENCH_PHASES=create,watch node bench/apiserver/run.mjs   runs only those phases (creates always run)
//   MK_BENCH_WARMUP=N   creates before the measured create phase (default 3000: V8 at steady state)
//
// Prints progress on stderr and ONE JSON line of figures last on stdout. The machine is shared:
// load_avg_start / load_avg_1m and the LevelDB anchors (same disk, same run) say how quiet it
// was; *_server_cpu_us_per_op (server CPU per create, all threads, user + system) depends least
// on that, *_server_sys_pct is the kernel's share (syscalls, loopback TCP, LevelDB's fsyncs).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, platform, release, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClassicLevel } from 'classic-level';
import { Pool, Client } from 'undici';
import { openConns } from './http-conn.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const BIN = join(root, 'packages/apiserver/dist/bin/mk-apiserver.js');

const CLIENTS = 32;
const CREATES = 10_000; // throughput phase
const WARMUP_CREATES = Number(process.env.MK_BENCH_WARMUP ?? 3_000);
const WATCHERS = 100;
const WATCH_CREATES = 10_000; // fan-out phase
const TOTAL_PODS = 50_000; // memory phase
const LIST_RUNS = 20;

// MK_BENCH_PHASES=create,list,watch,rss (default: all) runs only some phases (for profiling).
const PHASES = new Set((process.env.MK_BENCH_PHASES ?? 'create,list,watch,rss').split(','));
const phase = (name) => PHASES.has(name);
const log = (...a) => console.error('[bench/apiserver]', ...a);
const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// ---- raw LevelDB anchors (same machine, same run) ----

async function levelAnchors(dir) {
  const db = new ClassicLevel(join(dir, 'anchor'), { valueEncoding: 'utf8' });
  await db.open();
  const value = JSON.stringify(podBody('anchor', 'x'));
  let n = 0;
  let t0 = performance.now();
  while (performance.now() - t0 < 2000) await db.put(`/registry/core/pods/x/p${n++}`, value, { sync: true });
  const single = n / ((performance.now() - t0) / 1000);
  n = 0;
  t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    const ops = [];
    for (let i = 0; i < 100; i++) ops.push({ type: 'put', key: `/registry/core/pods/y/p${n++}`, value });
    await db.batch(ops, { sync: true });
  }
  const grouped = n / ((performance.now() - t0) / 1000);
  await db.close();
  return { leveldb_synced_puts_per_s: Math.round(single), leveldb_grouped_puts_per_s: Math.round(grouped) };
}

// ---- the apiserver child ----

async function startApiserver(dataDir) {
  if (!existsSync(BIN)) throw new Error(`${BIN} not found: run \`npm run build\` first`);
  const prof = process.env.MK_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.MK_BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, BIN, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const port = await new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d.toString();
      // The bin reports where it listens; accept a URL or a JSON log field.
      const m = out.match(/https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1?\]):(\d+)/) ?? out.match(/"port":\s*(\d+)/);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`mk-apiserver exited (${code}) before listening:\n${out}`)));
    setTimeout(() => reject(new Error(`mk-apiserver did not report a port within 20 s:\n${out}`)), 20_000).unref();
  });
  // Keep draining its output so a chatty log never blocks it.
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();
  if (process.env.MK_BENCH_SERVER_STDERR) child.stderr.pipe(process.stderr);
  return { child, port };
}

/** CPU seconds a process has used so far: [user, system]. */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(f[11]) / 100, Number(f[12]) / 100]; // utime, stime in clock ticks (USER_HZ = 100)
}

/** CPU seconds (user + system) per thread of a process, keyed by `tid:name`. */
async function threadCpuSeconds(pid) {
  const out = new Map();
  let tids = [];
  try {
    tids = await readdir(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${tid}:${name}`, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * Where the server's CPU went, % of one core: the JS main thread, and every other thread that
 * used at least 1% (busiest first: libuv's pool doing LevelDB's synced writes, LevelDB's
 * compaction thread, V8's GC helpers; node names them all "node", so they are told apart by load).
 */
function threadSplit(pid, before, after, wall) {
  let main = 0;
  const others = [];
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (k.startsWith(`${pid}:`)) main = d;
    else others.push(d);
  }
  const pctOf = (x) => Math.round((100 * x) / wall);
  return { main: pctOf(main), others: others.map(pctOf).filter((x) => x >= 1).sort((x, y) => y - x) };
}

/**
 * Runs fn and reports how busy the server and this client were meanwhile (% of one core); the
 * server's share in the kernel (syscalls, loopback TCP, LevelDB's writes and fsyncs) apart.
 */
async function measured(pid, fn) {
  const [u0, k0] = await cpuSeconds(pid);
  const th0 = await threadCpuSeconds(pid);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const [u1, k1] = await cpuSeconds(pid);
  const threads = threadSplit(pid, th0, await threadCpuSeconds(pid), wall);
  const s = u1 - u0 + (k1 - k0);
  return {
    result,
    wall,
    serverCpuPct: Math.round((100 * s) / wall),
    serverSysPct: Math.round((100 * (k1 - k0)) / wall),
    clientCpuPct: Math.round((c.user + c.system) / 1e4 / wall),
    threads,
  };
}

async function rssMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(status.match(new RegExp(`${k}:\\s+(\\d+) kB`))?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

// ---- load ----

function podBody(name, namespace) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'bench', 'pod-template-hash': '7d4b9c' } },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
    },
  };
}

const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** A pod's JSON without a JSON.stringify per request: the load generator shares the 2 cores. */
function podJsonFactory(namespace) {
  const json = JSON.stringify(podBody('\u0000', namespace));
  const [head, tail] = json.split('\\u0000');
  return (name) => head + name + tail;
}

async function request(pool, method, path, body) {
  const res = await pool.request({
    method,
    path,
    headers: HEADERS,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, text };
}

async function ensureNamespace(pool, name) {
  const r = await request(pool, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`create namespace ${name}: ${r.status} ${r.text}`);
}

/**
 * count creates, one concurrent loop per connection (conns: HttpConn[], see http-conn.mjs);
 * returns per-create latencies (ms) and wall time. Each loop sends real pod bodies and checks
 * that every answer is a 201 (its body is read only when it is not).
 */
async function createPods(conns, namespace, prefix, count, onSent) {
  const latencies = new Float64Array(count);
  const body = podJsonFactory(namespace);
  const path = `/api/v1/namespaces/${namespace}/pods`;
  let next = 0;
  const t0 = performance.now();
  async function loop(conn) {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const name = `${prefix}-${i}`;
      const json = body(name);
      const start = performance.now();
      onSent?.(name, start);
      const r = await conn.request('POST', path, json, 201);
      if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${r.text.slice(0, 300)}`);
      latencies[i] = performance.now() - start;
    }
  }
  await Promise.all(conns.map(loop));
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}

/**
 * One watch connection. Lines are scanned, not parsed: the pod's name is the first "name" after
 * "metadata" (cheap enough that 100 watchers x 10,000 events do not starve the server).
 */
async function openWatcher(origin, path, onEvent) {
  const client = new Client(origin, { bodyTimeout: 0, headersTimeout: 0, pipelining: 0 });
  const res = await client.request({ method: 'GET', path, headers: { accept: 'application/json' } });
  if (res.statusCode !== 200) throw new Error(`watch ${path}: ${res.statusCode} ${await res.body.text()}`);
  let buf = '';
  const done = (async () => {
    try {
      for await (const chunk of res.body) {
        buf += chunk.toString('latin1');
        // Walk the lines in place: no substring per line, one slice per chunk.
        let start = 0;
        let nl;
        while ((nl = buf.indexOf('\n', start)) >= 0) {
          const m = buf.indexOf('"metadata":{', start);
          const n = m >= 0 && m < nl ? buf.indexOf('"name":"', m) : -1;
          if (n >= 0 && n < nl) onEvent(buf.slice(start + 1, start + 14), buf.slice(n + 8, buf.indexOf('"', n + 8)));
          start = nl + 1;
        }
        buf = start === buf.length ? '' : buf.slice(start);
      }
    } catch {
      // closed by us
    }
  })();
  return {
    close: async () => {
      await client.destroy();
      await done;
    },
  };
}

// ---- main ----

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'mk-bench-apiserver-'));
  const figures = {
    bench: 'apiserver',
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    mem_gib: round(totalmem() / 2 ** 30, 1),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
  // Other work on the machine distorts wall-clock figures: report the load before and after.
  figures.load_avg_start = loadavg().map((x) => round(x, 2));
  let server;
  try {
    log('LevelDB anchors...');
    Object.assign(figures, await levelAnchors(dir));

    server = await startApiserver(join(dir, 'data'));
    const origin = `http://127.0.0.1:${server.port}`;
    log(`apiserver pid ${server.child.pid} on ${origin}`);
    const pool = new Pool(origin, { connections: 4, pipelining: 1 });
    // The creates' load generator: CLIENTS keep-alive connections, one request in flight on each.
    const conns = await openConns('127.0.0.1', server.port, CLIENTS);
    await ensureNamespace(pool, 'bench');
    await ensureNamespace(pool, 'bench-watch');
    await ensureNamespace(pool, 'bench-fill');

    // Warm-up (JIT, connections), not counted. 500 creates left V8 still compiling (its compiler
    // threads busy, much code not yet optimised) during the measured phase, which added ~20% CPU
    // per create that a long-running apiserver never pays; 3,000 reach steady state.
    await createPods(conns, 'bench-fill', 'warm', WARMUP_CREATES);

    log(`${CREATES} creates from ${CLIENTS} clients...`);
    const m = await measured(server.child.pid, () => createPods(conns, 'bench', 'pod', CREATES));
    const c = m.result;
    figures.create_server_cpu_pct = m.serverCpuPct;
    figures.create_server_sys_pct = m.serverSysPct;
    figures.create_client_cpu_pct = m.clientCpuPct;
    // The server's CPU by thread (% of one core): JS main thread, libuv pool (LevelDB's synced writes), others.
    figures.create_server_threads_pct = m.threads;
    figures.creates_per_s = Math.round(CREATES / c.seconds);
    figures.create_p50_ms = round(pct(c.latencies, 50));
    figures.create_p99_ms = round(pct(c.latencies, 99));
    // CPU the server spent per create: independent of how fast this machine's disk syncs.
    figures.create_server_cpu_us_per_op = Math.round((m.serverCpuPct / 100) * m.wall * 1e6 / CREATES);

    if (phase('list')) {
      log(`list of ${CREATES} pods x ${LIST_RUNS}...`);
      const listTimes = [];
      for (let i = 0; i < LIST_RUNS; i++) {
        const t0 = performance.now();
        const r = await request(pool, 'GET', '/api/v1/namespaces/bench/pods');
        if (r.status !== 200) throw new Error(`list: ${r.status} ${r.text.slice(0, 300)}`);
        listTimes.push(performance.now() - t0);
        if (i === 0) {
          const items = JSON.parse(r.text).items.length;
          if (items !== CREATES) throw new Error(`list returned ${items} pods, expected ${CREATES}`);
          figures.list10k_bytes = Buffer.byteLength(r.text);
        }
      }
      figures.list10k_p50_ms = round(pct(listTimes, 50));
      figures.list10k_p99_ms = round(pct(listTimes, 99));
    }
    if (phase('watch')) {
      log(`${WATCHERS} watchers x ${WATCH_CREATES} creates...`);
      const rv = JSON.parse((await request(pool, 'GET', '/api/v1/namespaces/bench-watch/pods?limit=1')).text).metadata.resourceVersion;
      const sentAt = new Map();
      const delivery = [];
      let received = 0;
      let allReceived;
      const allIn = new Promise((resolve) => (allReceived = resolve));
      const watchers = await Promise.all(
        Array.from({ length: WATCHERS }, () =>
          openWatcher(origin, `/api/v1/namespaces/bench-watch/pods?watch=1&resourceVersion=${rv}`, (type, name) => {
            if (!type.startsWith('"type":"ADDE')) return;
            const t = sentAt.get(name);
            if (t !== undefined) delivery.push(performance.now() - t);
            if (++received === WATCHERS * WATCH_CREATES) allReceived();
          }),
        ),
      );
      const wm = await measured(server.child.pid, async () => {
        const w = await createPods(conns, 'bench-watch', 'w', WATCH_CREATES, (name, t) => sentAt.set(name, t));
        const timeout = setTimeout(() => allReceived(), 60_000);
        await allIn;
        clearTimeout(timeout);
        return w;
      });
      const w = wm.result;
      figures.watch_server_cpu_pct = wm.serverCpuPct;
      figures.watch_server_sys_pct = wm.serverSysPct;
      // Server CPU per create with its delivery to every watcher (machine-load independent-ish).
      figures.watch_server_cpu_us_per_create = Math.round((wm.serverCpuPct / 100) * wm.wall * 1e6 / WATCH_CREATES);
      figures.watch_client_cpu_pct = wm.clientCpuPct;
      figures.watch_creates_per_s = Math.round(WATCH_CREATES / w.seconds);
      figures.watch_events_delivered = received;
      figures.watch_events_expected = WATCHERS * WATCH_CREATES;
      figures.watch_p50_ms = round(pct(delivery, 50));
      figures.watch_p99_ms = round(pct(delivery, 99));
      await Promise.all(watchers.map((x) => x.close()));
    }
    const have = WARMUP_CREATES + CREATES + (phase('watch') ? WATCH_CREATES : 0);
    if (phase('rss')) {
      log(`filling to ${TOTAL_PODS} pods...`);
      await createPods(conns, 'bench-fill', 'fill', TOTAL_PODS - have);
      await new Promise((r) => setTimeout(r, 2000)); // let the server settle (GC)
      const mem = await rssMiB(server.child.pid);
      figures.rss_mib_50k_pods = round(mem.rss, 1);
      figures.rss_peak_mib = round(mem.hwm, 1);
    }
    await pool.close();
    for (const c of conns) c.close();
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => {
        server.child.once('exit', r);
        setTimeout(() => {
          server.child.kill('SIGKILL');
          r();
        }, 5000).unref();
      });
    }
    await rm(dir, { recursive: true, force: true });
  }
  // Group commit's gain over one fsync per write, on this disk, in this run.
  if (figures.creates_per_s && figures.leveldb_synced_puts_per_s) {
    figures.creates_vs_synced_put_anchor = round(figures.creates_per_s / figures.leveldb_synced_puts_per_s, 2);
  }
  figures.load_avg_1m = round(loadavg()[0], 2);
  figures.targets = { creates_per_s: 5000, create_p99_ms: 50, watch_p99_ms: 100, list10k_p50_ms: 150, rss_mib_50k_pods: 400 };
  console.log(JSON.stringify(figures));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
