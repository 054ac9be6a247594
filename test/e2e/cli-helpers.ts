// Shared by the cli-*.test.ts files: a real apiserver in this process, and the built `mk`
// binary (and the real kubectl, when installed) run as child processes against it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '@mk/apiserver';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The launcher users run (it runs the bundle when fresh, else tsc's output in dist/).
export const MK_BIN = join(ROOT, 'packages/kubectl/bin/mk.js');

if (!existsSync(join(ROOT, 'packages/kubectl/dist/bin/mk.js'))) {
  throw new Error(`packages/kubectl/dist is missing: run "npm run build" first (npm test builds before testing)`);
}

export const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
/** Mixed-use tests need the real kubectl; CI (MK_E2E=required) must have it. */
if (!HAS_KUBECTL && process.env.MK_E2E === 'required') throw new Error('MK_E2E=required but kubectl is not installed');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  url: string;
  home: string;
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  mk(args: string[], opts?: { input?: string; env?: NodeJS.ProcessEnv }): Promise<Result>;
  kubectl(args: string[], opts?: { input?: string }): Promise<Result>;
  close(): Promise<void>;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string, cwd?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd: cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    // A command that exits before reading its input closes the pipe: that is not an error here.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

export function kubeconfigFor(server: string): string {
  return `apiVersion: v1
clusters:
- cluster:
    server: ${server}
  name: mk
contexts:
- context:
    cluster: mk
    user: mk
  name: mk
current-context: mk
kind: Config
preferences: {}
users:
- name: mk
  user: {}
`;
}

/** A fresh apiserver on a free port, with a kubeconfig both mk and kubectl use. */
export async function startCluster(): Promise<Cluster> {
  const home = mkdtempSync(join(tmpdir(), 'mk-cli-'));
  const api = await startApiServer({ dataDir: join(home, 'data'), port: 0, logLevel: 'warn' });
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(api.url));
  const env: NodeJS.ProcessEnv = { ...process.env, MK_HOME: home, KUBECONFIG: kubeconfig, HOME: home, NO_COLOR: '1' };
  delete env.KUBE_EDITOR;
  return {
    url: api.url,
    home,
    kubeconfig,
    env,
    mk: (args, opts) => run(process.execPath, [MK_BIN, ...args], { ...env, ...opts?.env }, opts?.input),
    kubectl: (args, opts) => run('kubectl', args, env, opts?.input),
    close: async () => {
      await api.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Write a file under dir and return its path. */
export function file(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Column values of a table printed by get, by header name. */
export function column(table: string, header: string): string[] {
  const lines = table.trimEnd().split('\n');
  const head = lines[0];
  const start = head.indexOf(header);
  if (start < 0) throw new Error(`no column ${header} in:\n${table}`);
  return lines.slice(1).map((l) => l.slice(start).split(/\s{2,}|\s(?=\S)/)[0].trim());
}

/** Strip volatile fields so objects stored through mk and kubectl can be compared. */
export function normalize(o: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(o)) as { metadata: Record<string, unknown> };
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'name']) delete copy.metadata[k];
  return copy as unknown as Record<string, unknown>;
}
