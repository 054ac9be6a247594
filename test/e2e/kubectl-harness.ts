// Runs the real kubectl against a local server, isolated from the host's kubeconfig and cache.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The kubectl binary (KUBECTL overrides), or undefined when there is none. */
export function findKubectl(): string | undefined {
  const candidate = process.env.KUBECTL ?? 'kubectl';
  try {
    execFileSync(candidate, ['version', '--client', '--output=json'], { stdio: 'pipe', timeout: 20_000 });
    return candidate;
  } catch {
    return undefined;
  }
}

/** kubectl.1.27 ... kubectl.1.33 beside the main kubectl, where installed. */
export function otherKubectls(kubectl: string): string[] {
  try {
    const path = execFileSync('sh', ['-c', `readlink -f "$(command -v ${kubectl})"`], { encoding: 'utf8' }).trim();
    const dir = dirname(realpathSync(path));
    return ['1.27', '1.28', '1.29', '1.30', '1.31', '1.33'].map((v) => join(dir, `kubectl.${v}`)).filter((p) => {
      try {
        execFileSync(p, ['version', '--client'], { stdio: 'pipe', timeout: 20_000 });
        return true;
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

/** Whether end-to-end prerequisites must be present (CI sets MK_E2E=required). */
export const e2eRequired = process.env.MK_E2E === 'required';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Kubectl {
  readonly home: string;
  private readonly kubeconfig: string;
  constructor(
    readonly server: string,
    readonly binary = 'kubectl',
  ) {
    this.home = mkdtempSync(join(tmpdir(), 'mk-kubectl-'));
    this.kubeconfig = join(this.home, 'config');
    // An empty kubeconfig: everything comes from --server, nothing from the host.
    writeFileSync(this.kubeconfig, '');
  }

  private env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: this.home, KUBECONFIG: this.kubeconfig, KUBECTL_COMMAND_HEADERS: 'false' };
  }

  private argv(args: string[]): string[] {
    return ['--server', this.server, '--cache-dir', join(this.home, 'cache'), ...args];
  }

  /** Runs kubectl to completion; stdin is written when given. */
  run(args: string[], stdin?: string): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, this.argv(args), { env: this.env(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.on('error', () => {}); // kubectl may exit without reading stdin
      child.stdin.end(stdin ?? '');
    });
  }

  /** Starts a long-running kubectl (get -w); the caller reads its output and kills it. */
  start(args: string[]): { child: ChildProcess; output: () => string; errors: () => string } {
    const child = spawn(this.binary, this.argv(args), { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    return { child, output: () => stdout, errors: () => stderr };
  }

  cleanup(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** Waits until check() holds, polling; fails with what was last seen. */
export async function eventually(check: () => boolean, what: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; last seen:\n${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Splits `kubectl get` output into rows of whitespace-separated columns. */
export function tableRows(out: string): string[][] {
  return out
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{3,}/));
}
