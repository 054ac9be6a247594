// attach and port-forward with the real Docker engine: the kubelet server's WebSocket
// endpoints, the apiserver's pods/attach and pods/portforward relaying to them, `mk attach`,
// `mk port-forward` (pod, svc/) and the real kubectl attach.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Pod } from '@mk/api';
import { startKubelet, type Kubelet } from '@mk/kubelet';
import { e2eSkipReason } from './prereqs.js';
import { HAS_KUBECTL, MK_BIN, kubeconfigFor } from './cli-helpers.js';
import { cond, podOn, startCluster, until, type Cluster, type Proc, docker, removeDockerNode, getFresh, startProc, dockerKubeletOptions } from '../kubelet-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'images');
const NODE = `e2e-stream-${process.pid}`;
const CIDR = `10.198.${process.pid % 250}.0/24`;

const WEB_CMD = ['sh', '-c', 'mkdir -p /www && echo hello-from-$(hostname) > /www/index.html && exec httpd -f -p 80 -h /www'];
// Prints a tick now and then, and answers every line on stdin.
const CHAT_CMD = ['sh', '-c', 'while true; do echo tick; sleep 0.3; done & while read l; do echo "got:$l"; done'];

describe.skipIf(skip)('attach and port-forward through the kubelet (Docker)', () => {
  let c: Cluster;
  let k: Kubelet;
  let rootDir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const procs: Proc[] = [];
  const mk = (...args: string[]): Proc => {
    const p = startProc(process.execPath, [MK_BIN, ...args], env);
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    c = await startCluster();
    rootDir = mkdtempSync(join(tmpdir(), 'mk-stream-e2e-'));
    home = mkdtempSync(join(tmpdir(), 'mk-stream-home-'));
    writeFileSync(join(home, 'kubeconfig'), kubeconfigFor(c.url));
    env = { ...process.env, KUBECONFIG: join(home, 'kubeconfig'), HOME: home, MK_HOME: home, NO_COLOR: '1' };
    k = await startKubelet(dockerKubeletOptions(c.url, NODE, CIDR, rootDir));
    await c.client.create('pods', podOn('chat', NODE, { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'mk/busybox:1', command: CHAT_CMD, stdin: true }] }));
    const web = podOn('web', NODE, { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'mk/busybox:1', command: WEB_CMD, ports: [{ name: 'http', containerPort: 80 }] }] });
    web.metadata.labels = { app: 'web' };
    await c.client.create('pods', web);
    await c.client.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'front', port: 8080, targetPort: 'http' }] },
    });
    for (const name of ['chat', 'web']) {
      await until(`${name} Ready`, async () => cond(await c.client.get<Pod>('pods', 'default', name), 'Ready') === 'True', 60_000);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await k?.stop();
    await removeDockerNode(NODE);
    await c?.close();
    for (const d of [rootDir, home]) if (d) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it("creates a pod's first container while its sandbox starts, then starts it in the sandbox's namespaces", () => {
    const f = ['--filter', `label=mk.io/node=${NODE}`, '--filter', 'label=io.kubernetes.pod.name=web'];
    const [pause] = docker('ps', '-q', '--no-trunc', ...f, '--filter', 'label=io.kubernetes.container.name=POD').split('\n');
    const [app] = docker('ps', '-q', '--no-trunc', ...f, '--filter', 'label=io.kubernetes.container.name=app').split('\n');
    const [pauseStarted, appCreated, appStarted, appNet] = [
      docker('inspect', pause, '--format', '{{.State.StartedAt}}'),
      docker('inspect', app, '--format', '{{.Created}}'),
      docker('inspect', app, '--format', '{{.State.StartedAt}}'),
      docker('inspect', app, '--format', '{{.HostConfig.NetworkMode}}'),
    ];
    // Docker's RFC 3339 times with nanoseconds (trailing zeros trimmed), as one number.
    const ns = (t: string): bigint => {
      const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t)!;
      return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
    };
    expect(ns(appCreated)).toBeLessThan(ns(pauseStarted));
    expect(ns(appStarted)).toBeGreaterThan(ns(pauseStarted));
    expect(appNet).toBe(`container:${pause}`);
  });

  it('attaches on the kubelet port: output from now on, stdin to the process; detaching leaves it running', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${k.port}/attach/default/chat/app?stdin=1&stdout=1&stderr=1`, ['v5.channel.k8s.io']);
    let out = '';
    ws.on('message', (d: Buffer) => {
      if (d[0] === 1) out += d.subarray(1).toString();
    });
    await new Promise((r, j) => (ws.on('open', r), ws.on('error', j)));
    expect(ws.protocol).toBe('v5.channel.k8s.io');
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('over-websocket\n')]));
    await until('the answer and a tick', async () => out.includes('got:over-websocket') && out.includes('tick'), 15_000);
    ws.close();
    await new Promise((r) => setTimeout(r, 500));
    const p = await c.client.get<Pod>('pods', 'default', 'chat');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, ready: true });
    expect(p.status?.containerStatuses?.[0].state?.running).toBeTruthy();
  }, 60_000);

  it('mk attach -i through the apiserver reads output and writes stdin', async () => {
    const p = mk('attach', 'chat', '-i');
    await until('the prompt hint', async () => p.err().includes("If you don't see a command prompt, try pressing enter."), 15_000);
    p.child.stdin.write('from-mk\n');
    await until('the answer', async () => p.out().includes('got:from-mk') && p.out().includes('tick'), 15_000);
    await p.stop();
    // A second attach sees only what comes after it: never the earlier answer again.
    const q = mk('attach', 'pod/chat', '-c', 'app');
    await until('ticks', async () => q.out().includes('tick'), 15_000);
    expect(q.out()).not.toContain('got:from-mk');
    await q.stop();
  }, 60_000);

  it('mk attach refuses a TTY the container did not allocate, and unknown pods', async () => {
    const p = mk('attach', 'chat', '-t');
    await until('the TTY warning', async () => p.err().includes('error: Unable to use a TTY - container app did not allocate one'), 15_000);
    await p.stop();
    const missing = mk('attach', 'nope');
    await new Promise((r) => missing.child.on('close', r));
    expect(missing.child.exitCode).toBe(1);
    expect(missing.err()).toContain('Error from server (NotFound): pods "nope" not found');
  }, 60_000);

  it.skipIf(!HAS_KUBECTL)('the real kubectl attach works through the apiserver', async () => {
    const p = startProc('kubectl', ['--kubeconfig', join(home, 'kubeconfig'), 'attach', 'chat', '-i'], env);
    procs.push(p);
    await until('kubectl attached', async () => p.err().includes("If you don't see a command prompt"), 15_000);
    // The WebSocket opens after the hint: keep writing until an answer comes.
    await until('kubectl got the answer', async () => {
      p.child.stdin.write('from-kubectl\n');
      return p.out().includes('got:from-kubectl');
    }, 20_000, 500);
    await p.stop();
  }, 60_000);

  it('the kubelet answers port-forward with the port on each channel, and refuses bad ports before upgrading', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${k.port}/portForward/default/web?ports=80`, ['v4.channel.k8s.io']);
    const chunks: Buffer[][] = [[], []];
    ws.on('message', (d: Buffer) => chunks[d[0]]?.push(d.subarray(1)));
    await new Promise((r, j) => (ws.on('open', r), ws.on('error', j)));
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('GET /index.html HTTP/1.0\r\n\r\n')]));
    await new Promise((r) => ws.on('close', r));
    expect(chunks[0][0]).toEqual(Buffer.from([80, 0]));
    expect(chunks[1][0]).toEqual(Buffer.from([80, 0]));
    const data = Buffer.concat(chunks[0].slice(1)).toString();
    expect(data).toMatch(/^HTTP\/1\.[01] 200 OK/);
    expect(data).toContain('hello-from-web');
    expect(Buffer.concat(chunks[1].slice(1)).length).toBe(0);

    const refusal = (query: string): Promise<number> =>
      new Promise<number>((resolve) => {
        const w = new WebSocket(`ws://127.0.0.1:${k.port}/portForward/default/${query}`, ['v4.channel.k8s.io']);
        w.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
        w.on('open', () => (w.close(), resolve(101)));
        w.on('error', () => undefined);
      });
    expect(await refusal('web')).toBe(400);
    expect(await refusal('nope?ports=80')).toBe(404);
    const refused = await refusal('web?ports=0');
    expect(refused).toBe(400);
  }, 60_000);

  it('mk port-forward carries HTTP to busybox httpd and back, in a row and at once', async () => {
    const p = mk('port-forward', 'web', ':80', '--address', '127.0.0.1');
    const line = await until('Forwarding from', async () => /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(p.out()) ?? undefined, 15_000);
    const port = Number(line[1]);
    for (let i = 0; i < 5; i++) {
      const r = await getFresh(port);
      expect(r.status).toBe(200);
      expect(r.body.trim()).toBe('hello-from-web');
    }
    const many = await Promise.all(Array.from({ length: 10 }, () => getFresh(port)));
    expect(many.map((r) => r.body.trim())).toEqual(Array(10).fill('hello-from-web'));
    expect(p.out().match(new RegExp(`^Handling connection for ${port}$`, 'gm'))?.length).toBe(15);
    await p.stop();
  }, 60_000);

  // kubectl 1.32 tunnels SPDY/3.1 in a WebSocket (PortForwardWebsockets); without it, a plain SPDY upgrade.
  for (const [how, extra] of [
    ['SPDY in a WebSocket', {}],
    ['a SPDY upgrade', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }],
  ] as const) {
    it.skipIf(!HAS_KUBECTL)(`the real kubectl port-forward works through the apiserver (${how})`, async () => {
      const p = startProc('kubectl', ['--kubeconfig', join(home, 'kubeconfig'), 'port-forward', 'pod/web', ':80', '--address', '127.0.0.1'], { ...env, ...extra });
      procs.push(p);
      const line = await until('Forwarding from', async () => /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(p.out()) ?? undefined, 15_000);
      const port = Number(line[1]);
      for (let i = 0; i < 3; i++) expect((await getFresh(port)).body.trim()).toBe('hello-from-web');
      const many = await Promise.all(Array.from({ length: 8 }, () => getFresh(port)));
      expect(many.map((r) => r.body.trim())).toEqual(Array(8).fill('hello-from-web'));
      expect(p.out().match(/^Handling connection for \d+$/gm)?.length).toBe(11);
      expect(p.err()).toBe('');
      await p.stop();
    }, 60_000);
  }

  it('mk port-forward svc/web maps the service port to the named target port; a closed port reports the error', async () => {
    const p = mk('port-forward', 'svc/web', ':8080', ':81', '--address', '127.0.0.1');
    // svc/web has one port (8080 -> http); `:81` names no service port, so nothing listens.
    await new Promise((r) => p.child.on('close', r));
    expect(p.child.exitCode).toBe(1);
    expect(p.out()).toBe('');
    expect(p.err()).toContain('error: Service web does not have a service port 81');

    const q = mk('port-forward', 'svc/web', ':8080', '--address', '127.0.0.1');
    const line = await until('Forwarding from', async () => /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(q.out()) ?? undefined, 15_000);
    expect((await getFresh(Number(line[1]))).body.trim()).toBe('hello-from-web');
    await q.stop();

    const closed = mk('port-forward', 'pod/web', ':81', '--address', '127.0.0.1');
    const l2 = await until('Forwarding from', async () => /Forwarding from 127\.0\.0\.1:(\d+) -> 81/.exec(closed.out()) ?? undefined, 15_000);
    await expect(getFresh(Number(l2[1]))).rejects.toThrow();
    await until('the forwarding error', async () => closed.err().includes(`an error occurred forwarding ${l2[1]} -> 81: error forwarding port 81 to pod`) && closed.err().includes('connection refused'), 10_000);
    await closed.stop();
  }, 60_000);
});
