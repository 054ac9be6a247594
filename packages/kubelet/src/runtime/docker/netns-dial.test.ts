// dialInNetns against a real container: servers bound to 127.0.0.1 inside a container with no
// network but its loopback, reached only by entering its network namespace.
import { execFileSync } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialInNetns, NetnsDialError, stopNetnsRelays } from './netns-dial.js';

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root (nsenter needs it)';
  try {
    execFileSync('docker', ['image', 'inspect', 'mk/busybox:1'], { stdio: 'ignore', timeout: 15_000 });
  } catch {
    return 'no Docker engine answers, or mk/busybox:1 is missing (scripts/build-images.sh)';
  }
  try {
    execFileSync('nsenter', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'nsenter is not installed';
  }
  return undefined;
}
const why = missing();
if (why && process.env.MK_E2E === 'required') throw new Error(`MK_E2E=required but ${why}`);
if (why) console.warn(`skipping dialInNetns tests: ${why}`);

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Everything the stream yields until it ends, after writing `send` (and ending, when asked). */
function exchange(s: Duplex, send: string, end = true): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.on('end', () => resolve(got));
    s.on('error', reject);
    if (end) s.end(send);
    else s.write(send);
  });
}

// httpd on 127.0.0.1:8080 only; on :9000 a server that answers once its input has ended
// (wc -c prints after EOF), so the half-close must reach it and the answer come back; on :9001
// one that speaks first.
const SCRIPT = [
  'mkdir -p /www && echo hello-from-localhost > /www/index.html',
  'printf "#!/bin/sh\\nwc -c\\n" > /count && chmod +x /count',
  'printf "#!/bin/sh\\necho greeting\\ncat\\n" > /greet && chmod +x /greet',
  'httpd -p 127.0.0.1:8080 -h /www',
  '{ nc -ll -p 9001 -e /greet & }',
  'exec nc -ll -p 9000 -e /count',
].join(' && ');

describe.skipIf(why)('dialInNetns (Docker)', () => {
  const name = `mk-netns-dial-${process.pid}`;
  let pid: number;

  beforeAll(async () => {
    docker('run', '-d', '--rm', '--name', name, '--network', 'none', 'mk/busybox:1', 'sh', '-c', SCRIPT);
    pid = Number(docker('inspect', '-f', '{{.State.Pid}}', name));
    // Until both servers listen.
    for (let i = 0; ; i++) {
      const ports = docker('exec', name, 'netstat', '-ltn');
      if (ports.includes('127.0.0.1:8080') && ports.includes(':9000') && ports.includes(':9001')) break;
      if (i > 100) throw new Error(`servers did not start: ${ports}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(() => {
    stopNetnsRelays();
    try {
      docker('rm', '-f', name);
    } catch {
      // never started
    }
  });

  it("reaches a server bound to the namespace's 127.0.0.1", async () => {
    const s = await dialInNetns(pid, 8080);
    const res = await exchange(s, 'GET /index.html HTTP/1.0\r\n\r\n');
    expect(res).toMatch(/^HTTP\/1\.[01] 200 OK/);
    expect(res).toContain('hello-from-localhost');
    await new Promise((r) => (s.destroyed ? r(undefined) : s.on('close', r)));
  });

  it('carries a half-close to the pod and its answer back, large data and many at once', async () => {
    expect((await exchange(await dialInNetns(pid, 9000), 'abc')).trim()).toBe('3');
    const big = 'x'.repeat(1_000_000);
    expect((await exchange(await dialInNetns(pid, 9000), big)).trim()).toBe(String(big.length));
    const many = await Promise.all(Array.from({ length: 5 }, async (_, i) => (await exchange(await dialInNetns(pid, 9000), 'y'.repeat(i + 1))).trim()));
    expect(many).toEqual(['1', '2', '3', '4', '5']);
  }, 30_000);

  it('loses nothing a server sends before the kubelet reads', async () => {
    const s = await dialInNetns(pid, 9001);
    await new Promise((r) => setTimeout(r, 200));
    expect(await exchange(s, 'echoed\n')).toBe('greeting\nechoed\n');
  });

  it('destroying the stream closes the connection', async () => {
    const s = await dialInNetns(pid, 9000);
    s.write('partial');
    const closed = new Promise((r) => s.on('close', r));
    s.destroy();
    await closed;
    // The server is still there for the next connection.
    expect((await exchange(await dialInNetns(pid, 9000), 'ok')).trim()).toBe('2');
  });

  it('keeps connections the relay handed over when the relay ends, and starts it again', async () => {
    const before = await dialInNetns(pid, 9001);
    stopNetnsRelays();
    await new Promise((r) => setTimeout(r, 100));
    expect(await exchange(before, 'still\n')).toBe('greeting\nstill\n');
    expect((await exchange(await dialInNetns(pid, 9000), 'again')).trim()).toBe('5');
  });

  it('reports a refused port in the words of the kubelet (containerd)', async () => {
    const e = await dialInNetns(pid, 81, 'sandbox-1').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(NetnsDialError);
    expect((e as NetnsDialError).sandboxId).toBe('sandbox-1');
    expect((e as Error).message).toMatch(/^failed to connect to localhost:81 inside namespace "sandbox-1", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: /);
  });

  it('reports a process that is gone, and refuses bad arguments', async () => {
    await expect(dialInNetns(2 ** 22 + 1, 80)).rejects.toThrow(/^failed to connect to localhost:80 inside namespace "\/proc\/4194305\/ns\/net", failed to find network namespace: ENOENT/);
    await expect(dialInNetns(pid, 0)).rejects.toThrow('invalid port 0');
    await expect(dialInNetns(0, 80)).rejects.toThrow('invalid pid 0');
  });
});
