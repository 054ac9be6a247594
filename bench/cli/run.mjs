// bench/cli: mk's CLI against a real apiserver, beside the real kubectl in the same run.
//   mk_get_ms       median wall time of `mk get pods` with 1,000 pods
//   kubectl_get_ms  the same for the real kubectl (null when it is not installed)
//   startup_ms      median wall time of `mk version --client`
//   apply200_s      wall time of `mk apply -f DIR` with 200 manifests (then a re-apply: unchanged)
//   *_cpu_ms        mean CPU time (user+sys) of one run, from the waited-for children's times in
//                   /proc/self/stat (Linux; 10 ms ticks, averaged): steadier than wall time
//                   on a loaded machine
// Prints progress to stderr and one JSON line of figures, last, on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The bin users run: the committed launcher, which runs the bundle with its code cache.
const MK = join(ROOT, 'packages/kubectl/bin/mk.js');
const { startApiServer } = await import(join(ROOT, 'packages/apiserver/dist/index.js'));
const { KubeClient } = await import(join(ROOT, 'packages/client/dist/index.js'));

// The bundle is a build step of packages/kubectl; make sure the bin measured is the bundled one
// (bin/mk.js falls back to tsc's ES modules when the TypeScript build is newer).
const bundled = spawnSync(process.execPath, [join(ROOT, 'packages/kubectl/scripts/bundle.mjs')], { encoding: 'utf8' }).status === 0;

const PODS = Number(process.env.BENCH_PODS ?? 1000);
// Alternating runs; the medians need many on a loaded machine.
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const log = (m) => process.stderr.write(`[bench/cli] ${m}\n`);

const home = mkdtempSync(join(tmpdir(), 'mk-bench-cli-'));
const api = await startApiServer({ dataDir: join(home, 'data'), port: 0, logLevel: 'warn' });
const kubeconfig = join(home, 'kubeconfig');
writeFileSync(
  kubeconfig,
  `apiVersion: v1\nclusters:\n- cluster:\n    server: ${api.url}\n  name: mk\ncontexts:\n- context:\n    cluster: mk\n    user: mk\n  name: mk\ncurrent-context: mk\nkind: Config\npreferences: {}\nusers:\n- name: mk\n  user: {}\n`,
);
// NODE_EXTRA_CA_CERTS makes Node 20 read and parse a CA bundle before any script runs (about
// 70 ms here). It is a setting of this machine, not of a lab VM, and mk talks plain HTTP, so the
// headline figures run without it; the same runs with it are reported beside them.
const extraCACerts = process.env.NODE_EXTRA_CA_CERTS;
const { NODE_EXTRA_CA_CERTS: _dropped, ...baseEnv } = process.env;
const env = { ...baseEnv, KUBECONFIG: kubeconfig, MK_HOME: home, HOME: home, MK_BUNDLE_ALWAYS: bundled ? '1' : '' };
const envWithCACerts = extraCACerts ? { ...env, NODE_EXTRA_CA_CERTS: extraCACerts } : undefined;

// CPU time of the children this process has waited for (cutime + cstime), in ms; null off Linux.
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

// Asynchronous: the apiserver runs in this process, so its event loop must keep turning.
function time(cmd, args, runEnv = env) {
  return new Promise((resolve, reject) => {
    const c0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: runEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const c1 = childrenCpuMs();
      const cpu = c0 === null || c1 === null ? null : c1 - c0;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr}`));
      else resolve({ ms, cpu, stdout });
    });
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
const mean = (xs) => (xs.length && xs.every((x) => x !== null) ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

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
  // Warm both once (page cache, kubectl's discovery cache, mk's code cache for `get`), then
  // alternate runs.
  await time(process.execPath, [MK, 'get', 'pods']);
  if (hasKubectl) await time('kubectl', ['get', 'pods']);
  const mkRuns = [];
  const kRuns = [];
  const mkCpu = [];
  const kCpu = [];
  for (let i = 0; i < RUNS; i++) {
    const m = await time(process.execPath, [MK, 'get', 'pods']);
    if (m.stdout.trimEnd().split('\n').length !== PODS + 1) throw new Error('mk get pods printed the wrong number of lines');
    mkRuns.push(m.ms);
    mkCpu.push(m.cpu);
    if (hasKubectl) {
      const k = await time('kubectl', ['get', 'pods']);
      kRuns.push(k.ms);
      kCpu.push(k.cpu);
    }
  }
  log(`mk get pods: ${mkRuns.map((x) => x.toFixed(0)).join(' ')} ms`);
  if (hasKubectl) log(`kubectl get pods: ${kRuns.map((x) => x.toFixed(0)).join(' ')} ms`);

  const startup = [];
  const startupCpu = [];
  for (let i = 0; i < 15; i++) {
    const r = await time(process.execPath, [MK, 'version', '--client']);
    startup.push(r.ms);
    startupCpu.push(r.cpu);
  }
  const nodeBare = [];
  for (let i = 0; i < 15; i++) nodeBare.push((await time(process.execPath, ['-e', '0'])).ms);
  const unbundled = [];
  for (let i = 0; i < 7; i++) unbundled.push((await time('env', ['MK_NO_BUNDLE=1', 'MK_BUNDLE_ALWAYS=', process.execPath, MK, 'version', '--client'])).ms);
  log(`mk version --client: ${startup.map((x) => x.toFixed(0)).join(' ')} ms (bare node: ${median(nodeBare).toFixed(0)} ms; without the bundle: ${median(unbundled).toFixed(0)} ms)`);

  // The same two commands with this machine's NODE_EXTRA_CA_CERTS, for comparison.
  const withCA = { get: [], startup: [] };
  if (envWithCACerts) {
    for (let i = 0; i < 9; i++) {
      withCA.get.push((await time(process.execPath, [MK, 'get', 'pods'], envWithCACerts)).ms);
      withCA.startup.push((await time(process.execPath, [MK, 'version', '--client'], envWithCACerts)).ms);
    }
    log(`with NODE_EXTRA_CA_CERTS: mk get pods ${median(withCA.get).toFixed(0)} ms, mk version --client ${median(withCA.startup).toFixed(0)} ms`);
  }

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
    mk_get_cpu_ms: round(mean(mkCpu)),
    kubectl_get_cpu_ms: hasKubectl ? round(mean(kCpu)) : null,
    startup_ms: round(median(startup)),
    startup_cpu_ms: round(mean(startupCpu)),
    node_bare_ms: round(median(nodeBare)),
    startup_unbundled_ms: round(median(unbundled)),
    bundled,
    node_extra_ca_certs_set: Boolean(envWithCACerts),
    mk_get_ms_with_node_extra_ca_certs: envWithCACerts ? round(median(withCA.get)) : null,
    startup_ms_with_node_extra_ca_certs: envWithCACerts ? round(median(withCA.startup)) : null,
    apply200_s: round(apply.ms / 1000, 2),
    reapply200_s: round(reapply.ms / 1000, 2),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await api.close();
  rmSync(home, { recursive: true, force: true });
}
