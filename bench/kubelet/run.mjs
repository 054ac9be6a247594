// Benchmark of the kubelet, each figure beside its anchor measured in the same run:
//  - startup: pod create to Ready through Docker (image present), one pod at a time and 50 at
//    once, beside bare `docker run -d` of the same container (same image, same command, same
//    engine), interleaved one for one so that load from elsewhere hits both alike; and, for
//    context, the pod's two containers by hand (pause with `--network none`, app joined to it);
//  - deploy: a Deployment of 50 replicas to all Ready with mk up's components (apiserver,
//    scheduler, controller-manager, a Docker kubelet) beside a Docker Swarm service of 50
//    replicas on the same engine;
//  - sim: the simulated runtime's memory with many nodes and pods in one process.
//
//   npx tsc -b packages/apiserver packages/kubelet packages/scheduler packages/controller-manager && node bench/kubelet/run.mjs
//   MK_BENCH_PHASES=startup,deploy,sim   (default: all three)
//   MK_BENCH_SIM_NODES=5000 MK_BENCH_SIM_PODS=50000   the simulated phase's size
//   MK_BENCH_SINGLE=15   single-pod rounds;  MK_BENCH_DEPLOY_ROUNDS=1
//
// The apiserver runs as its own process (dist/bin/mk-apiserver.js), so the RSS measured for
// the simulated nodes is the kubelet's alone. Progress on stderr; ONE JSON line last on stdout.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus, totalmem, platform, release, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const { startKubelet, startSimulatedNodes, cleanupBridgeNetworks } = await import(join(root, 'packages/kubelet/dist/index.js'));
const { KubeClient, Informer, silentLogger } = await import(join(root, 'packages/client/dist/index.js'));

const PHASES = new Set((process.env.MK_BENCH_PHASES ?? 'startup,deploy,sim').split(','));
const SINGLE = Number(process.env.MK_BENCH_SINGLE ?? 15);
const DEPLOY_ROUNDS = Number(process.env.MK_BENCH_DEPLOY_ROUNDS ?? 1);
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

const isReady = (p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** Watches pods (an informer, so no poll interval) and notes when each first became Ready. */
async function readyTracker(client, labelSelector) {
  const readyAt = new Map();
  const waiters = new Set();
  const note = (p) => {
    if (isReady(p) && !readyAt.has(p.metadata.name)) {
      readyAt.set(p.metadata.name, performance.now());
      for (const w of waiters) w();
    }
  };
  const inf = new Informer(client, 'pods', { namespace: 'default', labelSelector, logger: silentLogger });
  inf.addEventHandler({ onAdd: note, onUpdate: (_o, p) => note(p) });
  inf.start();
  await inf.waitForSync();
  return {
    readyAt,
    /** Resolves once every name (or `count` pods) is Ready. */
    wait(done, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`${what} not Ready in 5 minutes (${readyAt.size} were)`))), 300_000);
        const check = () => {
          if (!done(readyAt)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(readyAt);
        };
        waiters.add(check);
        check();
      });
    },
    stop: () => inf.stop(),
  };
}

const dockerRun = (node) =>
  new Promise((resolve, reject) => {
    const t = performance.now();
    const c = spawn('docker', ['run', '-d', '--label', `mk.io/node=${node}`, 'mk/busybox:1', 'sleep', '3600'], { stdio: 'ignore' });
    c.on('exit', (code) => (code === 0 ? resolve((performance.now() - t) / 1000) : reject(new Error(`docker run exited ${code}`))));
  });

/** The pod's two containers by hand: pause without a network, the app joined to it. */
async function dockerRunPod(node) {
  const t = performance.now();
  const run = (args) =>
    new Promise((resolve, reject) => {
      const c = spawn('docker', ['run', '-d', '--label', `mk.io/node=${node}`, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`docker run exited ${code}`))));
    });
  const pause = await run(['--network', 'none', '--ipc', 'shareable', 'mk/pause:3.9']);
  await run(['--label', 'io.kubernetes.docker.type=container', '--network', `container:${pause}`, '--ipc', `container:${pause}`, 'mk/busybox:1', 'sleep', '3600']);
  return (performance.now() - t) / 1000;
}

/** Containers joined to a sandbox first, then the rest: force-removing both at once can leave
 * the network with an endpoint Docker never releases ("has active endpoints"). */
function removeContainersOf(node) {
  for (const extra of [['--filter', 'label=io.kubernetes.docker.type=container'], []]) {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=mk.io/node=${node}`, ...extra], { encoding: 'utf8' }).trim();
    if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
  }
}

/** The node's bridge and iptables rules, once its containers are gone. */
async function removeNetworkOf(node) {
  await cleanupBridgeNetworks(node).catch((e) => log(`the network of ${node} could not be removed: ${e.message}`));
}

async function startupPhase(figures) {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk-bench-kubelet-'));
  const api = await startApiServer(dataDir);
  const node = `bench-${process.pid}`;
  const client = new KubeClient({ server: api.url });
  let k;
  let tracker;
  try {
    k = await startKubelet({ server: api.url, nodeName: node, runtime: 'docker', podCIDR: `10.197.${process.pid % 250}.0/24`, rootDir: join(dataDir, 'kubelet'), port: 0, address: '127.0.0.1', nodeIP: '127.0.0.1', logger: silentLogger });
    tracker = await readyTracker(client);
    // One pod at a time, each followed by one bare `docker run -d` of the same container.
    const single = [];
    const bare1 = [];
    const barePod = [];
    const cpu0 = process.cpuUsage();
    let cpuMk = 0;
    for (let i = 0; i < SINGLE; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await client.create('pods', pod(`one-${i}`, node));
      await tracker.wait((r) => r.has(`one-${i}`), `one-${i}`);
      single.push((tracker.readyAt.get(`one-${i}`) - t0) / 1000);
      const c = process.cpuUsage(c0);
      cpuMk += c.user + c.system;
      bare1.push(await dockerRun(node));
      barePod.push(await dockerRunPod(node));
    }
    void cpu0;
    log('1 pod: p50', pct(single, 50), 's; bare docker run p50', pct(bare1, 50), 's; pause+app by hand p50', pct(barePod, 50), 's');
    // 50 at once, then 50 bare `docker run -d` at once.
    const names = Array.from({ length: 50 }, (_, i) => `many-${i}`);
    const t0 = performance.now();
    await Promise.all(names.map((n) => client.create('pods', pod(n, node))));
    await tracker.wait((r) => names.every((n) => r.has(n)), '50 pods');
    const many = names.map((n) => (tracker.readyAt.get(n) - t0) / 1000);
    log('50 pods: p50', pct(many, 50), 's p99', pct(many, 99), 's');
    await k.stop();
    k = undefined;
    removeContainersOf(node);
    const tb = performance.now();
    const bare50 = await Promise.all(Array.from({ length: 50 }, () => dockerRun(node).then(() => (performance.now() - tb) / 1000)));
    removeContainersOf(node);
    log('bare docker run: 50 p50', pct(bare50, 50), 's p99', pct(bare50, 99), 's');
    Object.assign(figures, {
      startup_1pod_p50_s: round(pct(single, 50)),
      startup_1pod_p99_s: round(pct(single, 99)),
      startup_1pod_kubelet_cpu_ms: round(cpuMk / 1000 / SINGLE, 1),
      startup_50pods_p50_s: round(pct(many, 50)),
      startup_p99_s: round(pct(many, 99)),
      docker_run_1_p50_s: round(pct(bare1, 50)),
      // Context: the same two containers a pod needs (pause without a network, app joined), by hand.
      docker_run_pause_app_p50_s: round(pct(barePod, 50)),
      startup_p50_ratio_vs_docker_pause_app: round(pct(single, 50) / pct(barePod, 50), 2),
      docker_run_50_p50_s: round(pct(bare50, 50)),
      // Context for the SLO: 50 single containers (half a burst of 50 pods' containers) at once.
      docker_run_50_p99_s: round(pct(bare50, 99)),
      startup_p50_ratio_vs_docker: round(pct(single, 50) / pct(bare1, 50), 2),
      startup_50_p50_ratio_vs_docker: round(pct(many, 50) / pct(bare50, 50), 2),
    });
  } finally {
    tracker?.stop();
    await k?.stop();
    removeContainersOf(node);
    await removeNetworkOf(node);
    await client.close();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const dockerOut = (...args) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A Deployment of 50 replicas with mk up's components (docker runtime), create to all Ready. */
async function deployMk() {
  const { startScheduler } = await import(join(root, 'packages/scheduler/dist/index.js'));
  const { startControllerManager } = await import(join(root, 'packages/controller-manager/dist/index.js'));
  const dataDir = await mkdtemp(join(tmpdir(), 'mk-bench-deploy-'));
  const api = await startApiServer(dataDir);
  const node = `bench-deploy-${process.pid}`;
  const client = new KubeClient({ server: api.url });
  const parts = [];
  try {
    parts.push(await startScheduler({ server: api.url, logger: silentLogger }));
    parts.push(await startControllerManager({ server: api.url, logger: silentLogger }));
    parts.push(await startKubelet({ server: api.url, nodeName: node, runtime: 'docker', podCIDR: `10.194.${process.pid % 250}.0/24`, rootDir: join(dataDir, 'kubelet'), port: 0, address: '127.0.0.1', nodeIP: '127.0.0.1', logger: silentLogger }));
    const tracker = await readyTracker(client, 'app=bench50');
    const t0 = performance.now();
    await client.create('deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bench50', namespace: 'default' },
      spec: {
        replicas: 50,
        selector: { matchLabels: { app: 'bench50' } },
        template: { metadata: { labels: { app: 'bench50' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sleep', '3600'] }] } },
      },
    });
    await tracker.wait((r) => r.size >= 50, 'the Deployment');
    const s = (performance.now() - t0) / 1000;
    tracker.stop();
    return s;
  } finally {
    for (const p of parts.reverse()) await p.stop();
    removeContainersOf(node);
    await removeNetworkOf(node);
    await client.close();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A Swarm service of 50 replicas on the same engine, create to 50 running. */
async function deploySwarm() {
  const initialised = dockerOut('info', '--format', '{{.Swarm.LocalNodeState}}') !== 'active';
  if (initialised) dockerOut('swarm', 'init', '--advertise-addr', '127.0.0.1');
  const name = `mk-bench-${process.pid}`;
  try {
    const t0 = performance.now();
    dockerOut('service', 'create', '--detach', '--quiet', '--replicas', '50', '--name', name, '--restart-condition', 'none', 'mk/busybox:1', 'sleep', '3600');
    for (;;) {
      const running = dockerOut('service', 'ps', name, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}')
        .split('\n')
        .filter((l) => l.startsWith('Running')).length;
      if (running >= 50) break;
      if (performance.now() - t0 > 300_000) throw new Error(`only ${running} of 50 Swarm tasks running after 5 minutes`);
      await sleep(100);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    try {
      dockerOut('service', 'rm', name);
      // Swarm removes the tasks' containers asynchronously.
      for (let i = 0; i < 600 && dockerOut('ps', '-aq', '--filter', `label=com.docker.swarm.service.name=${name}`); i++) await sleep(100);
    } finally {
      if (initialised) {
        dockerOut('swarm', 'leave', '--force');
        // `swarm init` made docker_gwbridge; leaving does not remove it.
        try {
          dockerOut('network', 'rm', 'docker_gwbridge');
        } catch {
          // already gone
        }
      }
    }
  }
}

async function deployPhase(figures) {
  const mk = [];
  const swarm = [];
  for (let i = 0; i < DEPLOY_ROUNDS; i++) {
    mk.push(await deployMk());
    log(`Deployment of 50: ${round(mk[i], 2)} s`);
    swarm.push(await deploySwarm());
    log(`Swarm service of 50: ${round(swarm[i], 2)} s`);
  }
  Object.assign(figures, {
    deploy50_mk_s: round(pct(mk, 50), 2),
    deploy50_swarm_s: round(pct(swarm, 50), 2),
    deploy50_ratio_vs_swarm: round(pct(mk, 50) / pct(swarm, 50), 2),
  });
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
  loadavg_start: loadavg().map((x) => round(x, 2)),
  startup_p50_ratio_vs_docker: null,
  startup_p99_s: null,
  deploy50_ratio_vs_swarm: null,
  sim_rss_mib_5000_nodes: null,
};
const haveImages = () => {
  execFileSync('docker', ['image', 'inspect', 'mk/busybox:1', 'mk/pause:3.9'], { stdio: 'ignore' });
};
if (PHASES.has('startup')) {
  try {
    haveImages();
    await startupPhase(figures);
  } catch (e) {
    log('startup phase failed or skipped:', e.message);
    figures.startup_error = e.message;
  }
}
if (PHASES.has('deploy')) {
  try {
    haveImages();
    await deployPhase(figures);
  } catch (e) {
    log('deploy phase failed or skipped:', e.message);
    figures.deploy_error = e.message;
  }
}
if (PHASES.has('sim')) await simPhase(figures);
figures.loadavg_end = loadavg().map((x) => round(x, 2));
console.log(JSON.stringify(figures));
process.exit(0);
