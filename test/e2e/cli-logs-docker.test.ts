// mk logs across containers against real ones: an apiserver and a Docker kubelet in this
// process, the mk binary (and the real kubectl) as child processes reading pods/log.
// --all-containers (init containers first), --prefix, -l, and a workload's pod (deploy/NAME).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '@mk/api';
import { KubeClient } from '@mk/client';
import { startKubelet, type Kubelet } from '@mk/kubelet';
import { HAS_KUBECTL, startCluster, type Cluster } from './cli-helpers.js';
import { e2eSkipReason } from './prereqs.js';
import { podOn, until, removeDockerNode, dockerKubeletOptions } from '../kubelet-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'images');
const NODE = `e2e-clilogs-${process.pid}`;
const CIDR = `10.197.${process.pid % 250}.0/24`;

describe.skipIf(skip)('mk logs across containers, with Docker', () => {
  let c: Cluster;
  let client: KubeClient;
  let k: Kubelet;
  let rootDir: string;

  beforeAll(async () => {
    c = await startCluster();
    client = new KubeClient({ server: c.url });
    rootDir = mkdtempSync(join(tmpdir(), 'mk-clilogs-'));
    k = await startKubelet(dockerKubeletOptions(c.url, NODE, CIDR, rootDir));
    const duo = podOn('duo', NODE, {
      initContainers: [{ name: 'setup', image: 'mk/busybox:1', command: ['sh', '-c', 'echo init-done'] }],
      containers: [
        { name: 'web', image: 'mk/busybox:1', command: ['sh', '-c', 'echo w1; echo w2; exec sleep 3600'] },
        { name: 'side', image: 'mk/busybox:1', command: ['sh', '-c', 'echo s1; exec sleep 3600'] },
      ],
    });
    duo.metadata.labels = { app: 'duo' };
    await client.create('pods', duo);
    // A Deployment object only (no controllers here): `logs deploy/duo` finds the pod by its selector.
    await client.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'duo', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'duo' } }, template: { metadata: { labels: { app: 'duo' } }, spec: { containers: [{ name: 'web', image: 'mk/busybox:1' }] } } },
    });
    await until('duo Running', async () => (await client.get<Pod>('pods', 'default', 'duo')).status?.phase === 'Running', 90_000);
    await until('duo has logged', async () => (await c.mk(['logs', 'duo', '-c', 'side'])).stdout === 's1\n' && (await c.mk(['logs', 'duo', '-c', 'web'])).stdout === 'w1\nw2\n', 30_000);
  }, 180_000);

  afterAll(async () => {
    await k?.stop();
    await removeDockerNode(NODE);
    await client?.close();
    await c?.close();
    if (rootDir) rmSync(rootDir, { recursive: true, force: true });
  }, 60_000);

  it('--all-containers prints every container, init containers first, with no prefix', async () => {
    expect(await c.mk(['logs', 'duo', '--all-containers'])).toMatchObject({ code: 0, stdout: 'init-done\nw1\nw2\ns1\n', stderr: '' });
  });

  it('--prefix names each line [pod/NAME/CONTAINER]', async () => {
    expect((await c.mk(['logs', 'duo', '--all-containers', '--prefix'])).stdout).toBe('[pod/duo/setup] init-done\n[pod/duo/web] w1\n[pod/duo/web] w2\n[pod/duo/side] s1\n');
    expect((await c.mk(['logs', 'duo', '-c', 'side', '--prefix'])).stdout).toBe('[pod/duo/side] s1\n');
  });

  it('deploy/NAME and -l pick the workload\'s pods', async () => {
    expect((await c.mk(['logs', 'deploy/duo', '--all-containers', '--prefix'])).stdout).toBe('[pod/duo/setup] init-done\n[pod/duo/web] w1\n[pod/duo/web] w2\n[pod/duo/side] s1\n');
    expect((await c.mk(['logs', '-l', 'app=duo', '--all-containers', '--prefix'])).stdout).toBe('[pod/duo/setup] init-done\n[pod/duo/web] w1\n[pod/duo/web] w2\n[pod/duo/side] s1\n');
    expect((await c.mk(['logs', '-l', 'app=duo', '-c', 'web'])).stdout).toBe('w1\nw2\n');
    expect(await c.mk(['logs', '-l', 'app=none'])).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  });

  it('refuses contradictory flags in kubectl\'s words', async () => {
    expect(await c.mk(['logs', 'duo', '-c', 'web', '--all-containers'])).toMatchObject({ code: 1, stderr: 'error: --all-containers=true should not be specified with container name web\n' });
    expect(await c.mk(['logs', 'duo', '-l', 'app=duo'])).toMatchObject({ code: 1, stderr: "error: only a selector (-l) or a POD name is allowed\nSee 'mk logs -h' for help and examples\n" });
    expect(await c.mk(['logs', '-f', '-l', 'app=duo', '--all-containers', '--max-log-requests=2'])).toMatchObject({
      code: 1,
      stderr: 'error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n',
    });
  });

  // kubectl reads several containers' logs out of a Go map, so their order varies from run to
  // run: compare those outputs line by line, sorted. mk keeps the pod's order.
  const sorted = (r: { code: number; stdout: string; stderr: string }) => ({ ...r, stdout: r.stdout.split('\n').sort().join('\n') });

  it.skipIf(!HAS_KUBECTL)('prints what the real kubectl prints', async () => {
    for (const args of [
      ['duo'],
      ['duo', '--all-containers'],
      ['duo', '--all-containers', '--prefix'],
      ['duo', '-c', 'side', '--prefix'],
      ['deploy/duo', '--all-containers', '--prefix'],
      ['-l', 'app=duo', '--all-containers', '--prefix'],
    ]) {
      const [mk, kubectl] = await Promise.all([c.mk(['logs', ...args]), c.kubectl(['logs', ...args])]);
      expect({ args, ...sorted(mk) }).toEqual({ args, ...sorted(kubectl) });
    }
  }, 60_000);
});
