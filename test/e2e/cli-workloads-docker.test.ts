// mk logs and mk exec against real containers: an apiserver and a Docker kubelet in this
// process, the mk binary (and the real kubectl) as child processes through the apiserver's
// pods/log and pods/exec proxy.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '@mk/api';
import { KubeClient } from '@mk/client';
import { startKubelet, type Kubelet } from '@mk/kubelet';
import { HAS_KUBECTL, MK_BIN, startCluster, type Cluster } from './cli-helpers.js';
import { e2eSkipReason } from './prereqs.js';
import { podOn, until, removeDockerNode, dockerKubeletOptions } from '../kubelet-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'images');
const NODE = `e2e-cliwl-${process.pid}`;
const CIDR = `10.198.${process.pid % 250}.0/24`;

describe.skipIf(skip)('mk logs and mk exec with Docker', () => {
  let c: Cluster;
  let client: KubeClient;
  let k: Kubelet;
  let rootDir: string;

  beforeAll(async () => {
    c = await startCluster();
    client = new KubeClient({ server: c.url });
    rootDir = mkdtempSync(join(tmpdir(), 'mk-cliwl-'));
    k = await startKubelet(dockerKubeletOptions(c.url, NODE, CIDR, rootDir));
    const three = podOn('three', NODE, { containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sh', '-c', 'echo one; echo two; echo three; exec sleep 3600'] }] });
    three.metadata.labels = { app: 'three' };
    await client.create('pods', three);
    await client.create('pods', podOn('ticker', NODE, { containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done'] }] }));
    // A Deployment object only (no controllers here): `logs deploy/three` finds the pod by its selector.
    await client.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'three', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'three' } }, template: { metadata: { labels: { app: 'three' } }, spec: { containers: [{ name: 'app', image: 'mk/busybox:1' }] } } },
    });
    for (const name of ['three', 'ticker']) {
      await until(`${name} Running`, async () => (await client.get<Pod>('pods', 'default', name)).status?.phase === 'Running', 90_000);
    }
    await until('three has logged', async () => (await c.mk(['logs', 'three'])).stdout === 'one\ntwo\nthree\n', 30_000);
  }, 180_000);

  afterAll(async () => {
    await k?.stop();
    await removeDockerNode(NODE);
    await client?.close();
    await c?.close();
    if (rootDir) rmSync(rootDir, { recursive: true, force: true });
  }, 60_000);

  it('mk logs prints a container log, --tail, pod/NAME and deploy/NAME', async () => {
    expect(await c.mk(['logs', 'three'])).toMatchObject({ code: 0, stdout: 'one\ntwo\nthree\n' });
    expect((await c.mk(['logs', 'three', '--tail=2'])).stdout).toBe('two\nthree\n');
    expect((await c.mk(['logs', 'pod/three', '-c', 'app'])).stdout).toBe('one\ntwo\nthree\n');
    expect((await c.mk(['logs', 'deploy/three'])).stdout).toBe('one\ntwo\nthree\n');
    const ts = await c.mk(['logs', 'three', '--timestamps', '--tail=1']);
    expect(ts.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z three\n$/);
    const missing = await c.mk(['logs', 'nope']);
    // kubectl logs words a missing pod its own way.
    expect(missing).toMatchObject({ code: 1, stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n' });
    const badContainer = await c.mk(['logs', 'three', '-c', 'web']);
    expect(badContainer.code).toBe(1);
    expect(badContainer.stderr).toBe('Error from server (BadRequest): container web is not valid for pod three\n');
  });

  it('mk logs -f follows new lines until killed', async () => {
    const before = (await c.mk(['logs', 'ticker'])).stdout.split('\n').filter(Boolean).length;
    const child = spawn(process.execPath, [MK_BIN, 'logs', '-f', 'ticker'], { env: c.env });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const closed = new Promise((r) => child.on('close', r));
    try {
      // Lines keep coming after the ones already written when mk started.
      await until('lines written after mk started', async () => out.includes(`tick-${before + 3}\n`), 30_000);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
    expect(out).toMatch(/^tick-1\ntick-2\n/);
  });

  it('mk exec runs a command, relays stdout, stderr and stdin, and exits with its code', async () => {
    const r = await c.mk(['exec', 'three', '--', 'sh', '-c', 'echo hi; exit 3']);
    expect(r).toMatchObject({ code: 3, stdout: 'hi\n', stderr: 'command terminated with exit code 3\n' });
    const ok = await c.mk(['exec', 'three', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2']);
    expect(ok).toMatchObject({ code: 0, stdout: 'out\n', stderr: 'err\n' });
    const cat = await c.mk(['exec', '-i', 'three', '--', 'cat'], { input: 'from stdin\n' });
    expect(cat).toMatchObject({ code: 0, stdout: 'from stdin\n' });
    expect((await c.mk(['exec', 'deploy/three', '--', 'cat', '/proc/1/cmdline'])).stdout).toContain('sleep');
    const noCmd = await c.mk(['exec', 'three']);
    expect(noCmd).toMatchObject({ code: 1, stderr: 'error: you must specify at least one command for the container\n' });
    const gone = await c.mk(['exec', 'nope', '--', 'true']);
    expect(gone).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' });
  });

  it.skipIf(!HAS_KUBECTL)('the real kubectl reads the same logs and execs the same way', async () => {
    expect(await c.kubectl(['logs', 'three'])).toMatchObject({ code: 0, stdout: 'one\ntwo\nthree\n' });
    expect((await c.kubectl(['logs', 'three', '--tail=1'])).stdout).toBe('three\n');
    const r = await c.kubectl(['exec', 'three', '--', 'sh', '-c', 'echo hi; exit 3']);
    expect(r.stdout).toBe('hi\n');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('command terminated with exit code 3');
    const cat = await c.kubectl(['exec', '-i', 'three', '--', 'cat'], { input: 'via kubectl\n' });
    expect(cat).toMatchObject({ code: 0, stdout: 'via kubectl\n' });
  });
});
