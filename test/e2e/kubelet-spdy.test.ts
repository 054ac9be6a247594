// exec and attach over SPDY/3.1 with the real Docker engine: kubectl 1.27 (which speaks only
// SPDY for exec and attach) through the apiserver's pods/exec and pods/attach to the kubelet;
// kubectl 1.32 (WebSocket) beside it; the kubelet's answers before the upgrade. And port-forward
// (SPDY for both kubectls) to a server the pod binds to 127.0.0.1 only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '@mk/api';
import { DockerRuntime, startKubelet, type Kubelet } from '@mk/kubelet';
import { e2eSkipReason } from './prereqs.js';
import { HAS_KUBECTL, kubeconfigFor, run } from './cli-helpers.js';
import { cond, podOn, startCluster, until, type Cluster, removeDockerNode, getFresh, startProc, dockerKubeletOptions } from '../kubelet-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'images');
const NODE = `e2e-spdy-${process.pid}`;
const CIDR = `10.197.${process.pid % 250}.0/24`;

/** kubectl 1.27 lives beside the kubectl on PATH. */
function kubectlVersion(v: string): string | undefined {
  if (!HAS_KUBECTL) return undefined;
  const which = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  const bin = join(dirname(realpathSync(which)), `kubectl.${v}`);
  if (existsSync(bin)) return bin;
  if (process.env.MK_E2E === 'required') throw new Error(`MK_E2E=required but ${bin} is missing`);
  return undefined;
}
const KUBECTL_127 = kubectlVersion('1.27');
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

// The runtime reaches the pod's localhost when it can dial inside the pod's network namespace.
const DIALS_POD = 'dialPod' in DockerRuntime.prototype;

// Prints a tick now and then, and answers every line on stdin.
const CHAT_CMD = ['sh', '-c', 'while true; do echo tick; sleep 0.3; done & while read l; do echo "got:$l"; done'];


/** A raw upgrade request to the kubelet: its status line and body when it refuses. */
function upgrade(port: number, path: string, headers: Record<string, string | string[]>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { connection: 'Upgrade', upgrade: 'SPDY/3.1', ...headers } });
    r.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    r.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    r.on('error', reject);
    r.end();
  });
}

describe.skipIf(skip)('exec and attach over SPDY through the kubelet (Docker)', () => {
  let c: Cluster;
  let k: Kubelet;
  let rootDir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const kubectl = (bin: string, args: string[], input?: string) => run(bin, ['--kubeconfig', join(home, 'kubeconfig'), ...args], env, input);

  beforeAll(async () => {
    c = await startCluster();
    rootDir = mkdtempSync(join(tmpdir(), 'mk-spdy-e2e-'));
    home = mkdtempSync(join(tmpdir(), 'mk-spdy-home-'));
    writeFileSync(join(home, 'kubeconfig'), kubeconfigFor(c.url));
    env = { ...process.env, KUBECONFIG: join(home, 'kubeconfig'), HOME: home, NO_COLOR: '1' };
    k = await startKubelet(dockerKubeletOptions(c.url, NODE, CIDR, rootDir));
    await c.client.create('pods', podOn('shell', NODE, { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sleep', '3600'] }] }));
    await c.client.create('pods', podOn('chat', NODE, { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'mk/busybox:1', command: CHAT_CMD, stdin: true }] }));
    const LOCAL_CMD = ['sh', '-c', 'mkdir -p /www && echo hello-from-localhost > /www/index.html && exec httpd -f -p 127.0.0.1:8080 -h /www'];
    await c.client.create('pods', podOn('local', NODE, { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'mk/busybox:1', command: LOCAL_CMD }] }));
    for (const name of ['shell', 'chat', 'local']) {
      await until(`${name} Ready`, async () => cond(await c.client.get<Pod>('pods', 'default', name), 'Ready') === 'True', 60_000);
    }
  }, 120_000);

  afterAll(async () => {
    await k?.stop();
    await removeDockerNode(NODE);
    await c?.close();
    for (const d of [rootDir, home]) if (d) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it.skipIf(!KUBECTL_127)('kubectl 1.27 exec: stdout, stderr and the exit code', async () => {
    const r = await kubectl(KUBECTL_127!, ['exec', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toContain('err\n');
    expect(r.stderr).toContain('command terminated with exit code 3');
    expect(r.code).toBe(3);
    const ok = await kubectl(KUBECTL_127!, ['exec', 'shell', '-c', 'app', '--', 'echo', 'fine']);
    expect(ok).toEqual({ code: 0, stdout: 'fine\n', stderr: '' });
  }, 60_000);

  it.skipIf(!KUBECTL_127)('kubectl 1.27 exec -i: piped stdin reaches the process, its end closes stdin', async () => {
    const r = await kubectl(KUBECTL_127!, ['exec', '-i', 'shell', '--', 'sh', '-c', 'cat; echo done'], 'hello\nworld\n');
    expect(r).toEqual({ code: 0, stdout: 'hello\nworld\ndone\n', stderr: '' });
    // More than one SPDY DATA frame each way (frames carry at most 32 KiB here).
    const big = 'x'.repeat(100_000) + '\n';
    const w = await kubectl(KUBECTL_127!, ['exec', '-i', 'shell', '--', 'wc', '-c']);
    expect(w.stdout.trim()).toBe('0');
    const b = await kubectl(KUBECTL_127!, ['exec', '-i', 'shell', '--', 'cat'], big);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(big);
  }, 60_000);

  it.skipIf(!KUBECTL_127 || !HAS_SCRIPT)('kubectl 1.27 exec -it: a TTY sized as the terminal (the resize stream)', async () => {
    // script(1) gives kubectl a terminal of 100x30; kubectl sends its size on the resize stream,
    // which reaches the process just after it starts (as in Kubernetes): hence the sleep.
    const cmd = `stty cols 100 rows 30; ${KUBECTL_127} --kubeconfig ${join(home, 'kubeconfig')} exec -it shell -- sh -c 'sleep 1; stty size; tty'`;
    const r = await run('script', ['-qfec', cmd, '/dev/null'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('30 100');
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
  }, 60_000);

  it.skipIf(!KUBECTL_127)('kubectl 1.27 exec into a missing container or pod says what the server says', async () => {
    const r = await kubectl(KUBECTL_127!, ['exec', 'shell', '-c', 'nope', '--', 'true']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('container nope is not valid for pod shell');
    const p = await kubectl(KUBECTL_127!, ['exec', 'missing', '--', 'true']);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('pods "missing" not found');
  }, 60_000);

  it.skipIf(!KUBECTL_127)('kubectl 1.27 attach -i: output from now on, stdin to the main process', async () => {
    const p0 = startProc(KUBECTL_127!, ['--kubeconfig', join(home, 'kubeconfig'), 'attach', 'chat', '-i'], env);
    try {
      await until('kubectl attached', async () => p0.err().includes("If you don't see a command prompt"), 15_000);
      await until('the answer', async () => {
        p0.child.stdin.write('over-spdy\n');
        return p0.out().includes('got:over-spdy');
      }, 20_000, 500);
      expect(p0.out()).toContain('tick');
    } finally {
      await p0.stop();
    }
    // Detaching leaves the container running.
    await new Promise((r) => setTimeout(r, 500));
    const p = await c.client.get<Pod>('pods', 'default', 'chat');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, ready: true });
  }, 60_000);

  it.skipIf(!HAS_KUBECTL)('kubectl 1.32 exec (WebSocket) still works beside it', async () => {
    const r = await kubectl('kubectl', ['exec', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toContain('err\n');
    expect(r.code).toBe(3);
    const i = await kubectl('kubectl', ['exec', '-i', 'shell', '--', 'cat'], 'piped\n');
    expect(i).toEqual({ code: 0, stdout: 'piped\n', stderr: '' });
  }, 60_000);

  // kubectl 1.27 forwards over a plain SPDY upgrade, 1.32 over SPDY in a WebSocket.
  for (const [version, bin] of [
    ['1.27', KUBECTL_127],
    ['1.32', HAS_KUBECTL ? 'kubectl' : undefined],
  ] as const) {
    it.skipIf(!DIALS_POD || !bin)(`kubectl ${version} port-forward reaches a server bound to the pod's 127.0.0.1; a closed port says so`, async () => {
      const pf = startProc(bin!, ['--kubeconfig', join(home, 'kubeconfig'), 'port-forward', 'pod/local', ':8080', ':81', '--address', '127.0.0.1'], env);
      try {
        const open = await until('Forwarding from', async () => /-> 8080\n[^]*-> 81\n/.test(pf.out()) || undefined, 15_000);
        expect(open).toBe(true);
        const local = Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(pf.out())![1]);
        const closed = Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 81/.exec(pf.out())![1]);
        for (let i = 0; i < 3; i++) expect((await getFresh(local)).body.trim()).toBe('hello-from-localhost');
        const many = await Promise.all(Array.from({ length: 6 }, () => getFresh(local)));
        expect(many.map((r) => r.body.trim())).toEqual(Array(6).fill('hello-from-localhost'));
        await expect(getFresh(closed)).rejects.toThrow();
        await until('the forwarding error', async () => pf.err().includes('error forwarding port 81 to pod') && pf.err().includes('failed to connect to localhost:81 inside namespace'), 10_000);
        // kubectl 1.32 logs it with its quotes escaped.
        expect(pf.err()).toMatch(/error forwarding port 81 to pod \S+, uid \S*: failed to connect to localhost:81 inside namespace \\?"[^"\\]+\\?", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused/);
      } finally {
        await pf.stop();
      }
    }, 60_000);
  }

  it('the kubelet refuses before upgrading: no stdio asked for, no protocol in common', async () => {
    const none = await upgrade(k.port!, '/exec/default/shell/app?command=true', { 'x-stream-protocol-version': 'v4.channel.k8s.io' });
    expect(none.status).toBe(400);
    expect(none.body).toBe('you must specify at least 1 of stdin, stdout, stderr\n');
    const odd = await upgrade(k.port!, '/exec/default/shell/app?command=true&stdout=1', { 'x-stream-protocol-version': ['v9.channel.k8s.io', 'v8.channel.k8s.io'] });
    expect(odd.status).toBe(403);
    expect(odd.body).toContain('unable to upgrade: unable to negotiate protocol: client supports [v9.channel.k8s.io v8.channel.k8s.io]');
    const ok = await upgrade(k.port!, '/exec/default/shell/app?command=true&stdout=1', { 'x-stream-protocol-version': ['v5.channel.k8s.io', 'v3.channel.k8s.io', 'v4.channel.k8s.io'] });
    expect(ok.status).toBe(101);
    expect(ok.headers['x-stream-protocol-version']).toBe('v3.channel.k8s.io');
  }, 60_000);
});
