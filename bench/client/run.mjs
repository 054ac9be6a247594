// Benchmark of @mk/client's own CPU per operation, against a real mk-apiserver run as a
// child process (so process.cpuUsage() here counts the client only, not the server):
//   us_per_get              KubeClient.get of a pod (GET, 200, JSON body of ~1.5 KiB)
//   us_per_create           KubeClient.create of a pod (POST, 201)
//   us_per_bind             KubeClient.bind (POST pods/binding, 201 Status): the scheduler's write
//   us_per_watch_event      one pod event from a live watch, while another process creates pods
//                           (events arrive one or a few per chunk, as the scheduler sees them)
//   us_per_watch_event_replay  one pod event from a watch replaying history (many per chunk)
//   us_per_informer_event   one live pod event through an Informer (cache, pods-by-node index, a handler)
//   us_per_event_recorded   EventRecorder.event: a first event (POST) and a repeat (merge PATCH)
//                           per pod, the scheduler's and kubelet's pattern, per event
// Requests run CONCURRENCY at a time over KubeClient's keep-alive pool (the scheduler runs 64);
// each phase runs ROUNDS times and the cheapest round is reported (wall times of that round).
//
//   node bench/client/run.mjs                       (needs `npm run build`: dist/ of client, apiserver)
//   MK_BENCH_N=1000 MK_BENCH_ROUNDS=1 node bench/client/run.mjs   fewer operations per phase, one round
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/client/run.mjs    profile the client
//   MK_BENCH_CLIENT=/path/to/client/dist/index.js node bench/client/run.mjs   another build (A/B)
//
// Prints progress on stderr and ONE JSON line of figures last on stdout.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, platform, release, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const APISERVER = join(root, 'packages/apiserver/dist/bin/mk-apiserver.js');
const CLIENT = process.env.MK_BENCH_CLIENT ?? join(root, 'packages/client/dist/index.js');
const N = Number(process.env.MK_BENCH_N ?? 3000);
const WARMUP = Math.min(1000, Math.max(200, Math.round(N / 4)));
const CONCURRENCY = Number(process.env.MK_BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.MK_BENCH_ROUNDS ?? 2);

const log = (...a) => console.error('[bench/client]', ...a);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const load = () => loadavg().map((x) => round(x, 2));

function startApiServer(dataDir) {
  if (!existsSync(APISERVER)) throw new Error(`${APISERVER} not found: run \`npm run build\` first`);
  const child = spawn(process.execPath, [APISERVER, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d.toString();
      const m = out.match(/https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1?\]):(\d+)/) ?? out.match(/"port":\s*(\d+)/);
      if (m) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`mk-apiserver exited (${code}):\n${out}`)));
    setTimeout(() => reject(new Error(`mk-apiserver not ready within 30 s:\n${out}`)), 30_000).unref();
  });
  return { child, ready };
}

/** Run fn(i) for i in [from, from+count), `CONCURRENCY` at a time. */
async function parallel(from, count, fn) {
  let next = from;
  const end = from + count;
  const worker = async () => {
    while (next < end) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
}

/** CPU (user + system) of this process and wall time for `ops` operations of fn, in µs per op. */
async function measure(name, ops, fn) {
  if (global.gc) global.gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = (performance.now() - t0) * 1000;
  const c = process.cpuUsage(c0);
  const r = { cpu_us: round((c.user + c.system) / ops, 1), wall_us: round(wall / ops, 1) };
  log(`${name}: ${r.cpu_us} µs CPU/op, ${r.wall_us} µs wall/op over ${ops} ops; load average ${load().join(' ')}`);
  return r;
}

function podBody(ns, name) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app: 'bench', tier: 'client' } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'mk/pause:3.9',
          resources: { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '200m', memory: '1Gi' } },
          ports: [{ containerPort: 8080, name: 'http' }],
          env: [{ name: 'MODE', value: 'bench' }],
        },
      ],
    },
  };
}

// The load generator of the live watch phase: a separate process, so its CPU is not counted.
// It creates `count` pods once it reads a line on stdin, and exits.
async function generateLoad(server, ns, prefix, count) {
  const { Pool } = await import('undici');
  const pool = new Pool(server, { pipelining: 1 });
  await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
  await parallel(0, count, async (i) => {
    const res = await pool.request({ method: 'POST', path: `/api/v1/namespaces/${ns}/pods`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(podBody(ns, `${prefix}-${i}`)) });
    await res.body.text();
    if (res.statusCode !== 201) throw new Error(`create ${prefix}-${i}: ${res.statusCode}`);
  });
  await pool.close();
}

/** CPU per event of a live watch (or an informer) while a child process creates `count` pods. */
async function liveWatch(client, server, ns, prefix, count, informer) {
  const gen = spawn(process.execPath, [fileURLToPath(import.meta.url), '--generate-load', server, ns, prefix, String(count)], { stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise((resolve, reject) => gen.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load generator exited ${code}`)))));
  const list = await client.list('pods', { namespace: ns, limit: 1 });
  // Let the child start up before measuring.
  await new Promise((r) => setTimeout(r, 1000));
  let h;
  const what = informer ? 'informer event' : 'watch event';
  const r = await measure(`${what}, live (${prefix})`, count, () =>
    new Promise((resolve, reject) => {
      let seen = 0;
      if (informer) {
        const stop = informer.onAdd((obj) => {
          if (obj.metadata.name.startsWith(prefix) && ++seen === count) resolve();
        });
        h = { stop };
      } else {
        h = client.watch('pods', { namespace: ns, resourceVersion: list.metadata.resourceVersion }, (ev) => {
          if (ev.type === 'ADDED' && ev.object.metadata.name.startsWith(prefix) && ++seen === count) resolve();
        }, (err) => reject(err ?? new Error(`watch ended after ${seen} of ${count} events`)));
      }
      gen.stdin.end('go\n');
    }),
  );
  h.stop();
  await exited;
  return r;
}

async function main() {
  const loadStart = load();
  const { KubeClient, Informer, NODE_NAME_INDEX, podsByNodeName, eventRecorder, silentLogger } = await import(pathToFileURL(CLIENT).href);
  const dir = await mkdtemp(join(tmpdir(), 'mk-bench-client-'));
  const api = startApiServer(join(dir, 'data'));
  let client;
  try {
    const server = await api.ready;
    log(`apiserver on ${server}; client ${CLIENT}; ${N} ops per phase, ${CONCURRENCY} in flight`);
    client = new KubeClient({ server });
    const ns = 'bench-client';
    await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'bench-node' } });

    // Warm up every path (JIT, connections) before measuring.
    await parallel(0, WARMUP, (i) => client.create('pods', podBody(ns, `warm-${i}`)));
    await parallel(0, WARMUP, (i) => client.get('pods', ns, `warm-${i % WARMUP}`));
    await parallel(0, WARMUP, (i) => client.bind({ metadata: { name: `warm-${i}`, namespace: ns } }, 'bench-node'));
    const warmRec = eventRecorder(client, 'bench-scheduler', { logger: silentLogger });
    await parallel(0, WARMUP, async (i) => {
      const ref = { kind: 'Pod', apiVersion: 'v1', namespace: ns, name: `warm-${i}`, uid: `uid-warm-${i}` };
      await warmRec.event(ref, 'Normal', 'Scheduled', `Successfully assigned ${ns}/warm-${i} to bench-node`);
      await warmRec.event(ref, 'Normal', 'Scheduled', `Successfully assigned ${ns}/warm-${i} to bench-node`);
    });
    await new Promise((resolve, reject) => {
      let seen = 0;
      const h = client.watch('pods', { namespace: ns, resourceVersion: '0' }, () => {
        if (++seen === WARMUP) {
          h.stop();
          resolve();
        }
      }, (err) => reject(err ?? new Error('watch ended early')));
    });

    const before = await client.list('pods', { namespace: ns, limit: 1 });
    const rvBefore = before.metadata.resourceVersion;

    // Each phase runs ROUNDS times and reports its cheapest round: the first round of a
    // phase also pays for JIT tiering and the warm-up's garbage.
    const best = (rs) => rs.reduce((a, b) => (b.cpu_us < a.cpu_us ? b : a));
    const rounds = { create: [], get: [], bind: [], watch: [], live: [], informer: [], recorded: [] };
    for (let r = 0; r < ROUNDS; r++) {
      rounds.create.push(await measure(`create (round ${r + 1})`, N, () => parallel(0, N, (i) => client.create('pods', podBody(ns, `pod-${r}-${i}`)))));
      rounds.get.push(await measure(`get (round ${r + 1})`, N, () => parallel(0, N, (i) => client.get('pods', ns, `pod-${r}-${i}`))));
      rounds.bind.push(await measure(`bind (round ${r + 1})`, N, () => parallel(0, N, (i) => client.bind({ metadata: { name: `pod-${r}-${i}`, namespace: ns } }, 'bench-node'))));
    }
    // A watch from rvBefore replays every create and bind above as ADDED and MODIFIED events.
    const events = ROUNDS * 2 * N;
    for (let r = 0; r < ROUNDS; r++) {
      rounds.watch.push(await measure(`watch event (round ${r + 1})`, events, () =>
        new Promise((resolve, reject) => {
          let seen = 0;
          const h = client.watch('pods', { namespace: ns, resourceVersion: rvBefore }, (ev) => {
            if (ev.type === 'BOOKMARK') return;
            if (++seen === events) {
              h.stop();
              resolve();
            }
          }, (err) => reject(err ?? new Error(`watch ended after ${seen} of ${events} events`)));
        }),
      ));
    }
    for (let r = 0; r < ROUNDS; r++) rounds.live.push(await liveWatch(client, server, ns, `live${r}`, N));
    const informer = new Informer(client, 'pods', { namespace: ns, logger: silentLogger });
    informer.addIndexer(NODE_NAME_INDEX, podsByNodeName);
    informer.start();
    await informer.waitForSync();
    for (let r = 0; r < ROUNDS; r++) rounds.informer.push(await liveWatch(client, server, ns, `inf${r}`, N, informer));
    informer.stop();
    // A first event (POST) and a repeat (PATCH) per pod, as the scheduler and kubelet record them.
    const rec = eventRecorder(client, 'bench-scheduler', { logger: silentLogger });
    for (let r = 0; r < ROUNDS; r++) {
      rounds.recorded.push(await measure(`event recorded (round ${r + 1})`, 2 * N, () =>
        parallel(0, N, async (i) => {
          const name = `pod-${r}-${i}`;
          const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${r}-${i}`, resourceVersion: '1' } };
          const msg = `Successfully assigned ${ns}/${name} to bench-node`;
          await rec.event(pod, 'Normal', 'Scheduled', msg);
          await rec.event(pod, 'Normal', 'Scheduled', msg);
        }),
      ));
    }
    const [create, get, bind, watch, live, inf, recorded] = [rounds.create, rounds.get, rounds.bind, rounds.watch, rounds.live, rounds.informer, rounds.recorded].map(best);
    const evList = await client.list('events', { namespace: ns });
    const counted = evList.items.filter((e) => e.metadata.name.startsWith('pod-') && e.count === 2).length;
    if (counted !== ROUNDS * N) throw new Error(`expected ${ROUNDS * N} pod events with count 2, found ${counted}`);

    console.log(
      JSON.stringify({
        bench: 'client',
        ops_per_phase: N,
        rounds: ROUNDS,
        concurrency: CONCURRENCY,
        us_per_get: get.cpu_us,
        us_per_create: create.cpu_us,
        us_per_bind: bind.cpu_us,
        us_per_watch_event: live.cpu_us,
        us_per_watch_event_replay: watch.cpu_us,
        us_per_informer_event: inf.cpu_us,
        us_per_event_recorded: recorded.cpu_us,
        wall_us: { get: get.wall_us, create: create.wall_us, bind: bind.wall_us, watch_event: live.wall_us, watch_event_replay: watch.wall_us, informer_event: inf.wall_us, event_recorded: recorded.wall_us },
        machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, mem_gib: round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version },
        load_average_start: loadStart,
        load_average_end: load(),
      }),
    );
  } finally {
    await client?.close();
    api.child.kill('SIGTERM');
    await new Promise((r) => (api.child.exitCode !== null ? r() : api.child.once('exit', r)));
    await rm(dir, { recursive: true, force: true });
  }
}

const run = process.argv[2] === '--generate-load' ? generateLoad(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6])) : main();
run.catch((err) => {
  console.error(err);
  process.exit(1);
});
