// `mk up` as a child process: progress lines, the kubeconfig it writes, Ctrl-C, and resuming
// the same cluster from the same data dir.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HAS_KUBECTL, MK_BIN, ROOT, run } from './cli-helpers.js';

const home = mkdtempSync(join(tmpdir(), 'mk-up-'));
const env: NodeJS.ProcessEnv = { ...process.env, MK_HOME: home, HOME: home };
delete env.KUBECONFIG;

const children = new Set<ChildProcess>();
// A test that fails or times out must not leave its cluster holding the data dir.
afterEach(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
    }
    children.delete(child);
  }
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Up {
  child: ChildProcess;
  output: () => string;
  url: string;
  exited: Promise<number>;
}

async function up(args: string[] = []): Promise<Up> {
  const child = spawn(process.execPath, [MK_BIN, 'up', '--runtime', 'simulated', '--port', '0', ...args], { env, cwd: ROOT });
  children.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
  for (let i = 0; i < 1200 && !/Cluster is ready at (\S+)\./.test(out); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = /Cluster is ready at (\S+)\./.exec(out);
  if (!m) throw new Error(`mk up did not become ready:\n${out}`);
  return { child, output: () => out, url: m[1], exited };
}

const mk = (args: string[]) => run(process.execPath, [MK_BIN, ...args], env);

describe('mk up', () => {
  it('starts a cluster, writes the kubeconfig, and stops cleanly on Ctrl-C', async () => {
    const u = await up();
    const out = u.output();
    expect(out).toContain(`[up] starting a new cluster in ${join(home, 'data')}`);
    expect(out).toMatch(/\[apiserver\] serving on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('[up] runtime: simulated (requested with --runtime simulated)');
    // Every other component says whether it started or why not.
    for (const name of ['scheduler', 'controller-manager', 'kubelet', 'proxy']) expect(out).toMatch(new RegExp(`\\[${name}[^\\]]*\\] (started|not started: )`));
    expect(out).toContain(`Kubeconfig: ${join(home, 'kubeconfig')} (context "mk")`);

    const kc = parse(readFileSync(join(home, 'kubeconfig'), 'utf8')) as { 'current-context': string; clusters: Array<{ name: string; cluster: { server: string } }> };
    expect(kc['current-context']).toBe('mk');
    expect(kc.clusters.find((x) => x.name === 'mk')?.cluster.server).toBe(u.url);

    // mk finds $MK_HOME/kubeconfig by itself.
    const ns = await mk(['get', 'ns', 'default', '-o', 'name']);
    expect(ns.stdout).toBe('namespace/default\n');
    expect((await mk(['create', 'configmap', 'keep-me', '--from-literal=a=1'])).stdout).toBe('configmap/keep-me created\n');
    if (HAS_KUBECTL) {
      const k = await run('kubectl', ['--kubeconfig', join(home, 'kubeconfig'), 'get', 'cm', 'keep-me', '-o', 'name'], env);
      expect(k.stdout).toBe('configmap/keep-me\n');
    }

    u.child.kill('SIGINT');
    expect(await u.exited).toBe(0);
    expect(u.output()).toContain('[apiserver] stopped');
  });

  it('runs a deployment end to end on simulated nodes (--nodes 2)', async () => {
    // A cluster of its own: the first test's node has no kubelet any more and would take pods.
    const u = await up(['--nodes', '2', '--data-dir', join(home, 'data-2')]);
    try {
      for (const line of ['[scheduler] started', '[controller-manager] started', '[kubelet mk-node-1..mk-node-2] started (2 simulated nodes)']) expect(u.output()).toContain(line);
      expect((await mk(['wait', '--for=condition=Ready', 'node/mk-node-1', 'node/mk-node-2', '--timeout=60s'])).code).toBe(0);
      const nodes = await mk(['get', 'nodes']);
      expect(nodes.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nmk-node-1\s+Ready\s+/);
      expect((await mk(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).stdout).toBe('deployment.apps/web created\n');
      expect((await mk(['wait', '--for=condition=Available', 'deploy/web', '--timeout=60s'])).stdout).toBe('deployment.apps/web condition met\n');
      const pods = await mk(['get', 'pods', '-o', 'wide', '--no-headers']);
      const lines = pods.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      for (const l of lines) expect(l).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+mk-node-[12]\s+<none>\s+<none>$/);
    } finally {
      u.child.kill('SIGINT');
      expect(await u.exited).toBe(0);
    }
  }, 240_000);

  it('resumes the same cluster from the same data dir', async () => {
    const u = await up();
    expect(u.output()).toContain(`[up] resuming the cluster in ${join(home, 'data')}`);
    expect((await mk(['get', 'cm', 'keep-me', '-o', 'jsonpath={.data.a}'])).stdout).toBe('1');
    u.child.kill('SIGTERM');
    expect(await u.exited).toBe(0);
  });

  it('refuses a bad --runtime', async () => {
    const r = await mk(['up', '--runtime', 'podman']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: invalid --runtime "podman": must be docker or simulated\n');
    expect(existsSync(join(home, 'data'))).toBe(true);
  });
});
