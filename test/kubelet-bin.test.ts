// The mk-kubelet bin (from dist/, which `npm test` builds): flags reach the registered Node,
// and SIGTERM stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node, Pod } from '@mk/api';
import { cond, podOn, startCluster, until, type Cluster } from './kubelet-helpers.js';

const BIN = fileURLToPath(new URL('../packages/kubelet/dist/bin/mk-kubelet.js', import.meta.url));

if (!existsSync(BIN) && process.env.MK_E2E === 'required') throw new Error(`MK_E2E=required but ${BIN} is not built (npm test builds it)`);

describe.skipIf(!existsSync(BIN))('mk-kubelet', () => {
  let c: Cluster;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await c?.close();
  });

  it('registers with the flags given and runs pods with the simulated runtime', async () => {
    child = spawn(
      process.execPath,
      [
        BIN,
        '--runtime',
        'simulated',
        '--node-name',
        'bin-node',
        '--server',
        c.url,
        '--pod-cidr',
        '10.251.0.0/24',
        '--node-labels',
        'team=dev,disk=ssd',
        '--register-with-taints',
        'gpu=yes:NoSchedule,maint:NoExecute',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const node = await until('the node', () => c.client.get<Node>('nodes', undefined, 'bin-node'), 30_000);
    expect(node.metadata.labels).toMatchObject({ team: 'dev', disk: 'ssd', 'kubernetes.io/hostname': 'bin-node' });
    expect(node.spec?.taints).toEqual([
      { key: 'gpu', value: 'yes', effect: 'NoSchedule' },
      { key: 'maint', effect: 'NoExecute' },
    ]);
    expect(node.spec?.podCIDR).toBe('10.251.0.0/24');
    await c.client.create('pods', podOn('via-bin', 'bin-node'));
    const p = await until('via-bin Ready', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'via-bin');
      return cond(x, 'Ready') === 'True' && x;
    });
    expect(p.status?.podIP).toMatch(/^10\.251\.0\./);
    const exited = new Promise<number | null>((r) => child!.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/^E /m);
  });

  it('rejects an unknown runtime with a clear error', async () => {
    const bad = spawn(process.execPath, [BIN, '--runtime', 'podman', '--server', c.url], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    bad.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => bad.on('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('error: --runtime must be docker or simulated, not "podman"');
  });
});
