// Benchmark of the controllers (issue 5) over a real apiserver and controller-manager, each in
// its own process, with 100 simulated nodes:
//   deploy1000_available_s  a Deployment of 1,000 replicas, created until all available
//   rollout1000_s           a full rolling update (25% / 25%) of it, until 1,000 new available
//   deploy100x10_s          100 Deployments of 10 replicas created at once, until all available
// Targets (issue 5): each at most 10 s.
//
//   node bench/controllers/run.mjs     (needs `npm run build`: it runs the packages' dist/)
//
// The kubelets are played by a small in-process stand-in (bind to a node, report Running and
// Ready, finish graceful deletions), as the simulated runtime of the kubelet issue would; it is
// part of this benchmark only. Progress goes to stderr; ONE JSON line of figures last on stdout.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, platform, release } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const APISERVER = join(root, 'packages/apiserver/dist/bin/mk-apiserver.js');
const CM = join(root, 'packages/controller-manager/dist/bin/mk-controller-manager.js');
const CLIENT = join(root, 'packages/client/dist/index.js');
const NODES = 100;
const PHASE_LIMIT_MS = 180_000;
const log = (...a) => console.error('[bench/controllers]', ...a);
const round = (x, d = 2) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

for (const f of [APISERVER, CM, CLIENT]) {
  if (!existsSync(f)) {
    console.error(`bench/controllers: ${f} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}
const { KubeClient, Informer, silentLogger } = await import(CLIENT);

// MK_BENCH_LOG_DIR=DIR keeps each child's output in DIR/<bin>.log.
function startProcess(bin, args, waitFor) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (process.env.MK_BENCH_LOG_DIR) {
    const f = createWriteStream(join(process.env.MK_BENCH_LOG_DIR, `${basename(bin, '.js')}.log`));
    child.stdout.pipe(f);
    child.stderr.pipe(f);
  }
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const onData = (d) => {
      if (out.length < 1_000_000) out += d.toString();
      const m = waitFor ? out.match(waitFor) : null;
      if (m) resolve(m);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${bin} exited (${code}):\n${out}`)));
    if (!waitFor) resolve(null);
    setTimeout(() => reject(new Error(`${bin} did not start within 20 s:\n${out}`)), 20_000).unref();
  });
  return { child, ready };
}

/** The kubelets of NODES simulated nodes: bind, report Running/Ready, finish deletions. */
function startSimulatedKubelets(client, nodes) {
  const inf = new Informer(client, 'pods', { logger: silentLogger });
  const busy = new Set();
  let rr = 0;
  let ip = 0;
  const sync = async (pod) => {
    const { namespace, name } = pod.metadata;
    if (pod.metadata.deletionTimestamp) {
      if (pod.spec.nodeName) await client.delete('pods', namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      return;
    }
    if (!pod.spec.nodeName) return client.bind(pod, nodes[rr++ % nodes.length]);
    if (pod.status?.phase === 'Running') return;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    ip++;
    const podIP = `10.244.${(ip >> 8) & 255}.${ip & 255}`;
    await client.patch(
      'pods',
      namespace,
      name,
      {
        status: {
          phase: 'Running',
          podIP,
          podIPs: [{ ip: podIP }],
          hostIP: '192.168.0.10',
          startTime: now,
          conditions: [
            { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
            { type: 'Initialized', status: 'True', lastTransitionTime: now },
            { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
            { type: 'Ready', status: 'True', lastTransitionTime: now },
          ],
          containerStatuses: pod.spec.containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } } })),
        },
      },
      'merge',
      { subresource: 'status' },
    );
  };
  const kick = (pod) => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (busy.has(key)) return;
    busy.add(key);
    sync(pod)
      .catch(() => {})
      .finally(() => {
        busy.delete(key);
        const cur = inf.get(key);
        if (cur && cur.metadata.resourceVersion !== pod.metadata.resourceVersion) kick(cur);
      });
  };
  inf.addEventHandler({ onAdd: kick, onUpdate: (_o, n) => kick(n) });
  inf.start();
  return inf;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function timeUntil(cond) {
  const t0 = performance.now();
  while (performance.now() - t0 < PHASE_LIMIT_MS) {
    if (await cond()) return (performance.now() - t0) / 1000;
    await sleep(50);
  }
  return null;
}

function deployment(ns, name, replicas, image) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

const done = (d) => {
  const s = d.status ?? {};
  const n = d.spec.replicas;
  return s.observedGeneration === d.metadata.generation && s.updatedReplicas === n && s.availableReplicas === n && s.replicas === n;
};

const dataDir = await mkdtemp(join(tmpdir(), 'mk-bench-controllers-'));
const api = startProcess(APISERVER, ['--data-dir', dataDir, '--port', '0'], /https?:\/\/127\.0\.0\.1:(\d+)/);
let cm;
const figures = {
  bench: 'controllers',
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: round(totalmem() / 2 ** 30, 1), os: `${platform()} ${release()}`, node: process.version },
  nodes: NODES,
};
try {
  const m = await api.ready;
  const server = `http://127.0.0.1:${m[1]}`;
  log('apiserver at', server);
  cm = startProcess(CM, ['--master', server, '--controllers', 'replicaset,deployment,garbagecollector']);
  await cm.ready;
  const client = new KubeClient({ server });
  const nodes = Array.from({ length: NODES }, (_, i) => `sim-node-${String(i).padStart(3, '0')}`);
  for (const name of nodes) await client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  for (const ns of ['bench-big', 'bench-many']) await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kubelets = startSimulatedKubelets(client, nodes);
  await kubelets.waitForSync();

  log('deploy1000: creating a Deployment of 1,000 replicas');
  await client.create('deployments.apps', deployment('bench-big', 'big', 1000, 'app:v1'));
  figures.deploy1000_available_s = round(await timeUntil(async () => done(await client.get('deployments.apps', 'bench-big', 'big'))));
  log('deploy1000_available_s', figures.deploy1000_available_s);

  log('rollout1000: rolling all 1,000 to a new image (25% / 25%)');
  await client.patch('deployments.apps', 'bench-big', 'big', { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:v2' }] } } } }, 'strategic');
  figures.rollout1000_s = round(
    await timeUntil(async () => {
      const d = await client.get('deployments.apps', 'bench-big', 'big');
      return d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2' && done(d);
    }),
  );
  log('rollout1000_s', figures.rollout1000_s);
  await client.delete('deployments.apps', 'bench-big', 'big', { propagationPolicy: 'Background' });
  await timeUntil(async () => (await client.list('pods', { namespace: 'bench-big', limit: 1 })).items.length === 0);

  log('deploy100x10: creating 100 Deployments of 10 replicas at once');
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 100 }, (_, i) => client.create('deployments.apps', deployment('bench-many', `d${i}`, 10, 'app:v1'))));
  const rest = await timeUntil(async () => {
    const list = await client.list('deployments.apps', { namespace: 'bench-many' });
    return list.items.length === 100 && list.items.every(done);
  });
  figures.deploy100x10_s = rest === null ? null : round((performance.now() - t0) / 1000);
  log('deploy100x10_s', figures.deploy100x10_s);
  figures.targets_s = { deploy1000_available_s: 10, rollout1000_s: 10, deploy100x10_s: 10 };
  kubelets.stop();
  await client.close();
} finally {
  cm?.child.kill('SIGTERM');
  api.child.kill('SIGTERM');
  await sleep(500);
  await rm(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(figures));
