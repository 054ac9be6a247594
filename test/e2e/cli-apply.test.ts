// Client-side apply round trips, and mixed use with the real kubectl on one server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HAS_KUBECTL, file, normalize, startCluster, type Cluster } from './cli-helpers.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.close();
});

const deployment = (name: string, replicas: number, env: string[], labels = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}${labels}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: nginx:1.25
${env.length ? `        env:\n${env.map((e) => `        - name: ${e}\n          value: "${e.toLowerCase()}"`).join('\n')}\n` : ''}`;

async function getJson(args: string[]): Promise<Record<string, any>> {
  const r = await c.mk(['get', ...args, '-o', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
}

describe('apply round trips', () => {
  it('created, configured, unchanged, a removed field is removed, a controller-set field survives', async () => {
    const f = file(c.home, 'app.yaml', deployment('app', 2, ['A', 'B'], '\n    tier: web'));
    expect((await c.mk(['apply', '-f', f])).stdout).toBe('deployment.apps/app created\n');
    const created = await getJson(['deploy', 'app']);
    const last = created.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] as string;
    expect(last.endsWith('\n')).toBe(true);
    expect(JSON.parse(last).metadata).toEqual({ annotations: {}, labels: { app: 'app', tier: 'web' }, name: 'app', namespace: 'default' });

    file(c.home, 'app.yaml', deployment('app', 3, ['A', 'B'], '\n    tier: web'));
    expect((await c.mk(['apply', '-f', f])).stdout).toBe('deployment.apps/app configured\n');
    expect((await getJson(['deploy', 'app'])).spec.replicas).toBe(3);

    expect((await c.mk(['apply', '-f', f])).stdout).toBe('deployment.apps/app unchanged\n');

    // Something other than apply sets a field (as a controller or a teammate would).
    expect((await c.mk(['annotate', 'deploy', 'app', 'team=blue'])).code).toBe(0);
    expect((await c.mk(['patch', 'deploy', 'app', '-p', '{"spec":{"minReadySeconds":5}}'])).code).toBe(0);

    file(c.home, 'app.yaml', deployment('app', 3, ['A']));
    expect((await c.mk(['apply', '-f', f])).stdout).toBe('deployment.apps/app configured\n');
    const after = await getJson(['deploy', 'app']);
    expect(after.metadata.labels).toEqual({ app: 'app' });
    expect(after.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: 'a' }]);
    expect(after.metadata.annotations.team).toBe('blue');
    expect(after.spec.minReadySeconds).toBe(5);
  });

  it('applies a directory (-R), JSON, List kinds and stdin', async () => {
    const dir = join(c.home, 'manifests');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    file(dir, 'a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n');
    file(dir, 'b.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b1' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b2' } }] }));
    file(dir, 'notes.txt', 'not a manifest');
    file(join(dir, 'sub'), 'c.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    expect((await c.mk(['apply', '-f', dir])).stdout).toBe('configmap/a created\nconfigmap/b1 created\nconfigmap/b2 created\n');
    expect((await c.mk(['apply', '-R', '-f', dir])).stdout).toBe('configmap/a unchanged\nconfigmap/b1 unchanged\nconfigmap/b2 unchanged\nconfigmap/c created\n');
    const stdin = await c.mk(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-stdin\n' });
    expect(stdin.stdout).toBe('configmap/from-stdin created\n');
  });

  it('supports --dry-run, -o name and -o yaml', async () => {
    const f = file(c.home, 'dry.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry\n');
    expect((await c.mk(['apply', '-f', f, '--dry-run=client'])).stdout).toBe('configmap/dry created (dry run)\n');
    expect((await c.mk(['apply', '-f', f, '--dry-run=server'])).stdout).toBe('configmap/dry created (server dry run)\n');
    expect((await c.mk(['get', 'cm', 'dry'])).code).toBe(1);
    expect((await c.mk(['apply', '-f', f, '-o', 'name'])).stdout).toBe('configmap/dry\n');
    const y = await c.mk(['apply', '-f', f, '-o', 'yaml']);
    expect(y.stdout).toMatch(/^apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    kubectl.kubernetes.io\/last-applied-configuration: \|/);
  });

  it('prunes objects that left the file set (--prune -l)', async () => {
    const dir = join(c.home, 'prune');
    mkdirSync(dir, { recursive: true });
    const cm = (n: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n  labels:\n    set: p\n`;
    file(dir, 'p1.yaml', cm('p1'));
    const p2 = file(dir, 'p2.yaml', cm('p2'));
    await c.mk(['apply', '-f', dir, '--prune', '-l', 'set=p']);
    const { rmSync } = await import('node:fs');
    rmSync(p2);
    const r = await c.mk(['apply', '-f', dir, '--prune', '-l', 'set=p']);
    expect(r.stdout).toBe('configmap/p1 unchanged\nconfigmap/p2 pruned\n');
    expect((await c.mk(['get', 'cm', 'p2'])).code).toBe(1);
  });

  it('applies server-side', async () => {
    const f = file(c.home, 'ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n');
    const r = await c.mk(['apply', '--server-side', '-f', f]);
    expect(r.stdout).toBe('configmap/ssa serverside-applied\n');
    expect((await getJson(['cm', 'ssa'])).data).toEqual({ a: '1' });
  });
});

describe.skipIf(!HAS_KUBECTL)('mixed use with the real kubectl', () => {
  it('the same manifest applied by mk and by kubectl stores the same object', async () => {
    const mine = file(c.home, 'mine.yaml', deployment('same', 2, ['X']).replace(/same/g, 'same-mk'));
    const theirs = file(c.home, 'theirs.yaml', deployment('same', 2, ['X']).replace(/same/g, 'same-k'));
    expect((await c.mk(['apply', '-f', mine])).code).toBe(0);
    expect((await c.kubectl(['apply', '-f', theirs])).code).toBe(0);
    const a = normalize(await getJson(['deploy', 'same-mk']));
    const b = normalize(await getJson(['deploy', 'same-k']));
    expect(JSON.stringify(a).replace(/same-mk/g, 'N')).toBe(JSON.stringify(b).replace(/same-k/g, 'N'));
  });

  it('objects created by either are read and changed by the other', async () => {
    const f = file(c.home, 'shared.yaml', deployment('shared', 1, ['A']));
    expect((await c.kubectl(['apply', '-f', f])).stdout).toContain('deployment.apps/shared created');
    expect((await c.mk(['apply', '-f', f])).stdout).toBe('deployment.apps/shared unchanged\n');
    file(c.home, 'shared.yaml', deployment('shared', 4, []));
    expect((await c.mk(['apply', '-f', f])).stdout).toBe('deployment.apps/shared configured\n');
    expect((await c.kubectl(['apply', '-f', f])).stdout).toContain('deployment.apps/shared unchanged');
    const k = await c.kubectl(['get', 'deploy', 'shared', '-o', 'jsonpath={.spec.replicas}']);
    expect(k.stdout).toBe('4');
    expect((await c.kubectl(['scale', 'deploy', 'shared', '--replicas=2'])).code).toBe(0);
    expect((await c.mk(['get', 'deploy', 'shared', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('2');
    expect((await c.mk(['label', 'deploy', 'shared', 'owner=mk'])).code).toBe(0);
    expect((await c.kubectl(['get', 'deploy', '-l', 'owner=mk', '-o', 'name'])).stdout).toBe('deployment.apps/shared\n');
    const kc = await c.kubectl(['create', 'configmap', 'kc', '--from-literal=a=1']);
    expect(kc.code).toBe(0);
    expect((await c.mk(['delete', 'cm', 'kc'])).stdout).toBe('configmap "kc" deleted\n');
    expect((await c.kubectl(['get', 'cm', 'kc'])).stderr).toContain('NotFound');
  });
});
