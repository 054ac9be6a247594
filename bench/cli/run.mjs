// bench/cli: mk's CLI against a real apiserver, beside the real kubectl in the same run.
//   mk_get_ms       median wall time of `mk get pods` with 1,000 pods
//   kubectl_get_ms  the same for the real kubectl (null when it is not installed)
//   startup_ms      median wall time of `mk version --client`
//   apply200_s      wall time of `mk apply -f DIR` with 200 manifests (then a re-apply: unchanged)
// Prints progress to stderr and one JSON line of figures, last, on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MK = join(ROOT, 'packages/kubectl/dist/bin/mk.js');
const { startApiServer } = await import(join(ROOT, 'packages/apiserver/dist/index.js'));
const { KubeClient } = await import(join(ROOT, 'packages/client/dist/index.js'));

// The bundle is a build step of packages/kubectl; make sure the bin measured is the bundled one.
const bundled = spawnSync(process.execPath, [join(ROOT, 'packages/kubectl/scripts/bundle.mjs')], { encoding: 'utf8' }).status === 0;

const PODS = Number(process.env.BENCH_PODS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const log = (m) => process.stderr.write(`[bench/cli] ${m}\n`);

const home = mkdtempSync(join(tmpdir(), 'mk-bench-cli-'));
const api = await startApiServer({ dataDir: join(home, 'data'), port: 0, logLevel: 'warn' });
const kubeconfig = join(home, 'kubeconfig');
writeFileSync(
  kubeconfig,
  `apiVersion: v1\nclusters:\n- cluster:\n    server: ${api.url}\n  name: mk\ncontexts:\n- context:\n    cluster: mk\n    user: mk\n  name: mk\ncurrent-context: mk\nkind: Config\npreferences: {}\nusers:\n- name: mk\n  user: {}\n`,
);
const env = { ...process.env, KUBECONFIG: kubeconfig, MK_HOME: home, HOME: home };

// Asynchronous: the apiserver runs in this process, so its event loop must keep turning.
function time(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

try {
  // 1,000 pods, created through the API with bounded concurrency.
  const client = new KubeClient({ server: api.url });
  log(`creating ${PODS} pods`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < PODS) {
        const i = next++;
        await client.create('pods', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `bench-${String(i).padStart(4, '0')}`, namespace: 'default', labels: { app: 'bench' } },
          spec: { containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
        });
      }
    }),
  );
  await client.close();

  const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  // Warm both once (page cache, kubectl's discovery cache), then alternate runs.
  await time(process.execPath, [MK, 'get', 'pods']);
  if (hasKubectl) await time('kubectl', ['get', 'pods']);
  const mkRuns = [];
  const kRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const m = await time(process.execPath, [MK, 'get', 'pods']);
    if (m.stdout.trimEnd().split('\n').length !== PODS + 1) throw new Error('mk get pods printed the wrong number of lines');
    mkRuns.push(m.ms);
    if (hasKubectl) kRuns.push((await time('kubectl', ['get', 'pods'])).ms);
  }
  log(`mk get pods: ${mkRuns.map((x) => x.toFixed(0)).join(' ')} ms`);
  if (hasKubectl) log(`kubectl get pods: ${kRuns.map((x) => x.toFixed(0)).join(' ')} ms`);

  const startup = [];
  for (let i = 0; i < 15; i++) startup.push((await time(process.execPath, [MK, 'version', '--client'])).ms);
  const nodeBare = [];
  for (let i = 0; i < 15; i++) nodeBare.push((await time(process.execPath, ['-e', '0'])).ms);
  const unbundled = [];
  for (let i = 0; i < 7; i++) unbundled.push((await time('env', ['MK_NO_BUNDLE=1', process.execPath, MK, 'version', '--client'])).ms);
  log(`mk version --client: ${startup.map((x) => x.toFixed(0)).join(' ')} ms (bare node: ${median(nodeBare).toFixed(0)} ms; without the bundle: ${median(unbundled).toFixed(0)} ms)`);

  const dir = join(home, 'manifests');
  mkdirSync(dir);
  for (let i = 0; i < 200; i++) {
    const name = `app-${String(i).padStart(3, '0')}`;
    writeFileSync(
      join(dir, `${name}.yaml`),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        ports:\n        - containerPort: 80\n`,
    );
  }
  const apply = await time(process.execPath, [MK, 'apply', '-f', dir]);
  if ((apply.stdout.match(/ created\n/g) ?? []).length !== 200) throw new Error('mk apply did not create 200 objects');
  const reapply = await time(process.execPath, [MK, 'apply', '-f', dir]);
  log(`mk apply -f (200 new): ${apply.ms.toFixed(0)} ms; again (unchanged): ${reapply.ms.toFixed(0)} ms`);

  const figures = {
    bench: 'cli',
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg1: round(loadavg()[0], 2) },
    pods: PODS,
    mk_get_ms: round(median(mkRuns)),
    kubectl_get_ms: hasKubectl ? round(median(kRuns)) : null,
    startup_ms: round(median(startup)),
    node_bare_ms: round(median(nodeBare)),
    startup_unbundled_ms: round(median(unbundled)),
    bundled,
    apply200_s: round(apply.ms / 1000, 2),
    reapply200_s: round(reapply.ms / 1000, 2),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await api.close();
  rmSync(home, { recursive: true, force: true });
}
