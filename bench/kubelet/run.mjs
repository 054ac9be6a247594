// Benchmark of the kubelet: pod startup through Docker (create to Ready, image present) beside
// bare `docker run` of the same container in the same run, and the simulated runtime's memory
// with many nodes and pods in one process.
//
//   npx tsc -b packages/apiserver packages/kubelet && node bench/kubelet/run.mjs
//   MK_BENCH_PHASES=startup|sim     run one phase only
//   MK_BENCH_SIM_NODES=5000 MK_BENCH_SIM_PODS=50000   the simulated phase's size
//
// The apiserver runs as its own process (dist/bin/mk-apiserver.js), so the RSS measured for
// the simulated nodes is the kubelet's alone. Progress on stderr; ONE JSON line last on stdout.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const { startKubelet, startSimulatedNodes } = await import(join(root, 'packages/kubelet/dist/index.js'));
const { KubeClient, silentLogger } = await import(join(root, 'packages/client/dist/index.js'));

const PHASES = new Set((process.env.MK_BENCH_PHASES ?? 'startup,sim').split(','));
const SIM_NODES = Number(process.env.MK_BENCH_SIM_NODES ?? 5000);
const SIM_PODS = Number(process.env.MK_BENCH_SIM_PODS ?? 50_000);
const log = (...a) => console.error('[bench/kubelet]', ...a);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startApiServer(dataDir) {
  const child = spawn(process.execPath, [join(root, 'packages/apiserver/dist/bin/mk-apiserver.js'), '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on (\S+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`mk-apiserver exited with ${code}`)));
  });
  return { url, stop: () => new Promise((r) => (child.on('exit', r), child.kill('SIGTERM'))) };
}

const pod = (name, node) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: node, terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sleep', '3600'] }] },
});

async function waitReady(client, names) {
  const done = new Map();
  const t0 = Date.now();
  while (done.size < names.length) {
    const list = await client.list('pods', { namespace: 'default' });
    for (const p of list.items) {
      if (!names.includes(p.metadata.name) || done.has(p.metadata.name)) continue;
      const ready = p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
      if (ready) done.set(p.metadata.name, Date.now());
    }
    if (Date.now() - t0 > 300_000) throw new Error('pods did not become Ready in 5 minutes');
    await sleep(25);
  }
  return done;
}

async function startupPhase(figures) {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk-bench-kubelet-'));
  const api = await startApiServer(dataDir);
  const node = `bench-${process.pid}`;
  const client = new KubeClient({ server: api.url });
  const k = await startKubelet({ server: api.url, nodeName: node, runtime: 'docker', podCIDR: '10.197.0.0/24', rootDir: join(dataDir, 'kubelet'), port: 0, address: '127.0.0.1', nodeIP: '127.0.0.1', logger: silentLogger });
  const cleanup = () => {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=mk.io/node=${node}`], { encoding: 'utf8' }).trim();
    if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
  };
  try {
    // One pod at a time.
    const single = [];
    for (let i = 0; i < 10; i++) {
      const t0 = Date.now();
      await client.create('pods', pod(`one-${i}`, node));
      const done = await waitReady(client, [`one-${i}`]);
      single.push((done.get(`one-${i}`) - t0) / 1000);
    }
    log('1 pod: p50', pct(single, 50), 's');
    // 50 at once.
    const names = Array.from({ length: 50 }, (_, i) => `many-${i}`);
    const t0 = Date.now();
    await Promise.all(names.map((n) => client.create('pods', pod(n, node))));
    const done = await waitReady(client, names);
    const many = names.map((n) => (done.get(n) - t0) / 1000);
    log('50 pods: p50', pct(many, 50), 's p99', pct(many, 99), 's');
    await k.stop();
    cleanup();

    // Anchor: bare `docker run -d` of the same container, same counts.
    const bare1 = [];
    for (let i = 0; i < 10; i++) {
      const t = Date.now();
      execFileSync('docker', ['run', '-d', '--label', `mk.io/node=${node}`, 'mk/busybox:1', 'sleep', '3600'], { stdio: 'ignore' });
      bare1.push((Date.now() - t) / 1000);
    }
    const tb = Date.now();
    const bare50 = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          new Promise((resolve, reject) => {
            const c = spawn('docker', ['run', '-d', '--label', `mk.io/node=${node}`, 'mk/busybox:1', 'sleep', '3600'], { stdio: 'ignore' });
            c.on('exit', (code) => (code === 0 ? resolve((Date.now() - tb) / 1000) : reject(new Error(`docker run exited ${code}`))));
          }),
      ),
    );
    cleanup();
    log('bare docker run: 1 p50', pct(bare1, 50), 's; 50 p50', pct(bare50, 50), 's');
    Object.assign(figures, {
      startup_1pod_p50_s: round(pct(single, 50)),
      startup_1pod_p99_s: round(pct(single, 99)),
      startup_50pods_p50_s: round(pct(many, 50)),
      startup_p99_s: round(pct(many, 99)),
      docker_run_1_p50_s: round(pct(bare1, 50)),
      docker_run_50_p50_s: round(pct(bare50, 50)),
      startup_p50_ratio_vs_docker: round(pct(single, 50) / pct(bare1, 50), 2),
      startup_50_p50_ratio_vs_docker: round(pct(many, 50) / pct(bare50, 50), 2),
    });
  } finally {
    cleanup();
    try {
      execFileSync('docker', ['network', 'rm', `mk-${node}`], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    await client.close();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function simPhase(figures) {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk-bench-sim-'));
  const api = await startApiServer(dataDir);
  const client = new KubeClient({ server: api.url });
  try {
    const rss0 = process.memoryUsage().rss;
    let t0 = Date.now();
    const sim = await startSimulatedNodes({ server: api.url, count: SIM_NODES, namePrefix: 's', logger: silentLogger, concurrency: 32 });
    const registerS = (Date.now() - t0) / 1000;
    log(`${SIM_NODES} nodes registered in ${registerS}s`);
    t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < SIM_PODS) {
          const i = next++;
          await client.create('pods', pod(`p${i}`, `s${i % SIM_NODES}`));
        }
      }),
    );
    log(`${SIM_PODS} pods created in ${(Date.now() - t0) / 1000}s`);
    // Running as the simulated kubelets last wrote it to the API.
    for (;;) {
      const running = sim.stats().running;
      if (running >= SIM_PODS) break;
      if (Date.now() - t0 > 900_000) throw new Error(`only ${running} of ${SIM_PODS} pods Running after 15 minutes`);
      await sleep(1000);
    }
    const allRunningS = (Date.now() - t0) / 1000;
    global.gc?.();
    const rss = process.memoryUsage().rss;
    log(`all Running after ${allRunningS}s; kubelet RSS ${Math.round(rss / 2 ** 20)} MiB`);
    Object.assign(figures, {
      sim_nodes: SIM_NODES,
      sim_pods: SIM_PODS,
      sim_register_s: round(registerS, 1),
      sim_all_running_s: round(allRunningS, 1),
      sim_rss_mib_5000_nodes: Math.round(rss / 2 ** 20),
      sim_rss_mib_before: Math.round(rss0 / 2 ** 20),
      sim_lease_renewals: sim.stats().renewals,
    });
    await sim.stop();
  } finally {
    await client.close();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const figures = {
  bench: 'kubelet',
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, mem_gib: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}` },
  // Needs the Deployment controller and a Swarm anchor; not measured here yet.
  deploy50_ratio_vs_swarm: null,
};
if (PHASES.has('startup')) {
  try {
    execFileSync('docker', ['image', 'inspect', 'mk/busybox:1', 'mk/pause:3.9'], { stdio: 'ignore' });
    await startupPhase(figures);
  } catch (e) {
    log('startup phase failed or skipped:', e.message);
    figures.startup_error = e.message;
  }
}
if (PHASES.has('sim')) await simPhase(figures);
console.log(JSON.stringify(figures));
process.exit(0);
