// label, annotate, scale, patch, set image, taint, expose, wait and edit as users type them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { file, startCluster, type Cluster } from './cli-helpers.js';

let c: Cluster;

const node = (name: string): string => `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n`;

beforeAll(async () => {
  c = await startCluster();
  await c.mk(['create', 'deployment', 'nginx', '--image=nginx:1.25', '--replicas=2', '--port=80']);
  await c.mk(['apply', '-f', '-'], { input: `${node('k8s-master')}---\n${node('k8s-node01')}---\n${node('k8s-node02')}` });
});
afterAll(async () => {
  await c?.close();
});

async function json(args: string[]): Promise<Record<string, any>> {
  return JSON.parse((await c.mk(['get', ...args, '-o', 'json'])).stdout) as Record<string, any>;
}

describe('labels and annotations', () => {
  it('adds, refuses to overwrite, overwrites and removes', async () => {
    expect((await c.mk(['label', 'node', 'k8s-node01', 'team=development'])).stdout).toBe('node/k8s-node01 labeled\n');
    const clash = await c.mk(['label', 'nodes', 'k8s-node01', 'team=ops']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe("error: 'team' already has a value (development), and --overwrite is false\n");
    expect((await c.mk(['label', '--overwrite', 'nodes', 'k8s-node01', 'team=ops'])).stdout).toBe('node/k8s-node01 labeled\n');
    const show = await c.mk(['get', 'nodes', '--show-labels']);
    expect(show.stdout).toMatch(/k8s-node01\s+.*team=ops\n/);
    expect((await c.mk(['label', 'node', 'k8s-node01', 'team-'])).stdout).toBe('node/k8s-node01 unlabeled\n');
    expect((await json(['node', 'k8s-node01'])).metadata.labels?.team).toBeUndefined();
    expect((await c.mk(['annotate', 'deploy', 'nginx', 'description=my frontend'])).stdout).toBe('deployment.apps/nginx annotated\n');
    expect((await json(['deploy', 'nginx'])).metadata.annotations.description).toBe('my frontend');
  });
});

describe('scale, patch, set image', () => {
  it('scales through the scale subresource', async () => {
    expect((await c.mk(['scale', 'deployment', 'nginx', '--replicas=3'])).stdout).toBe('deployment.apps/nginx scaled\n');
    expect((await json(['deploy', 'nginx'])).spec.replicas).toBe(3);
    expect((await c.mk(['scale', '--replicas=1', 'deploy/nginx'])).stdout).toBe('deployment.apps/nginx scaled\n');
    expect((await c.mk(['scale', 'deploy', 'nginx', '--replicas=5', '--current-replicas=4'])).stderr).toContain('Expected replicas to be 4, was 1');
  });

  it('patches with strategic, merge and json patches', async () => {
    expect((await c.mk(['patch', 'deploy', 'nginx', '-p', '{"spec":{"replicas":2}}'])).stdout).toBe('deployment.apps/nginx patched\n');
    expect((await c.mk(['patch', 'deploy', 'nginx', '--type', 'merge', '-p', '{"spec":{"replicas":2}}'])).stdout).toBe('deployment.apps/nginx patched (no change)\n');
    expect((await c.mk(['patch', 'deploy', 'nginx', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]'])).stdout).toBe('deployment.apps/nginx patched\n');
    expect((await json(['deploy', 'nginx'])).spec.replicas).toBe(4);
    const bad = await c.mk(['patch', 'deploy', 'nginx', '-p', '{"spec":{"replicas":"many"}}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^(Error from server|The Deployment "nginx" is invalid)/);
  });

  it('sets an image by container name or for all containers', async () => {
    expect((await c.mk(['set', 'image', 'deployment/nginx', 'nginx=nginx:1.26'])).stdout).toBe('deployment.apps/nginx image updated\n');
    expect((await json(['deploy', 'nginx'])).spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect((await c.mk(['set', 'image', 'deploy', 'nginx', '*=nginx:1.27'])).stdout).toBe('deployment.apps/nginx image updated\n');
    expect((await json(['deploy', 'nginx'])).spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect((await c.mk(['set', 'image', 'deploy/nginx', 'web=x'])).stderr).toContain('unable to find container named "web"');
  });
});

describe('taint', () => {
  it('adds, shows, removes by effect and by key', async () => {
    expect((await c.mk(['taint', 'node', 'k8s-node01', 'node-type=production:NoSchedule'])).stdout).toBe('node/k8s-node01 tainted\n');
    expect((await c.mk(['taint', 'nodes', 'k8s-node01', 'node-type=production:NoExecute'])).stdout).toBe('node/k8s-node01 tainted\n');
    const gt = await c.mk(['get', 'nodes', 'k8s-node01', '-o', 'go-template={{.spec.taints}}']);
    expect(gt.stdout).toBe('[map[effect:NoSchedule key:node-type value:production] map[effect:NoExecute key:node-type value:production]]');
    const dup = await c.mk(['taint', 'nodes', 'k8s-node01', 'node-type=staging:NoSchedule']);
    expect(dup.stderr).toBe('error: node k8s-node01 already has node-type taint(s) with same effect(s) and --overwrite is false\n');
    expect((await c.mk(['taint', 'nodes', 'k8s-node01', 'node-type:NoSchedule-'])).stdout).toBe('node/k8s-node01 untainted\n');
    expect((await json(['node', 'k8s-node01'])).spec.taints).toEqual([{ key: 'node-type', value: 'production', effect: 'NoExecute' }]);
    expect((await c.mk(['taint', 'nodes', 'k8s-node01', 'node-type-'])).stdout).toBe('node/k8s-node01 untainted\n');
    expect((await json(['node', 'k8s-node01'])).spec.taints).toBeUndefined();
    expect((await c.mk(['taint', 'nodes', 'k8s-node01', 'node-type-'])).stderr).toBe('error: taint "node-type" not found\n');
  });

  it('--all applies to every node, and the old master form gets a hint', async () => {
    expect((await c.mk(['taint', 'nodes', '--all', 'node-role.kubernetes.io/control-plane:NoSchedule'])).stdout).toBe('node/k8s-master tainted\nnode/k8s-node01 tainted\nnode/k8s-node02 tainted\n');
    const old = await c.mk(['taint', 'nodes', '--all', 'node-role.kubernetes.io/master-']);
    expect(old.code).toBe(1);
    // Three nodes, three errors: kubectl prints each on its own line, without `error: `.
    expect(old.stderr).toMatch(/^taint "node-role.kubernetes.io\/master" not found\n/);
    expect(old.stderr).toContain('node-role.kubernetes.io/control-plane-');
    expect((await c.mk(['taint', 'nodes', '--all', 'node-role.kubernetes.io/control-plane-'])).stdout).toBe('node/k8s-master untainted\nnode/k8s-node01 untainted\nnode/k8s-node02 untainted\n');
    expect((await c.mk(['taint', 'nodes', 'k8s-master', 'a=b:Sometimes'])).stderr).toContain('invalid taint effect: Sometimes');
  });
});

describe('expose', () => {
  it('copies the deployment selector and allocates a nodePort', async () => {
    expect((await c.mk(['expose', 'deployment', 'nginx', '--port=80', '--target-port=8000', '--type=NodePort'])).stdout).toBe('service/nginx exposed\n');
    const svc = await json(['svc', 'nginx']);
    expect(svc.spec.selector).toEqual({ app: 'nginx' });
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8000, protocol: 'TCP' });
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    const get = await c.mk(['get', 'svc', 'nginx']);
    expect(get.stdout).toMatch(/nginx\s+NodePort\s+\S+\s+<none>\s+80:3\d{4}\/TCP\s+\d+s/);
  });
});

describe('wait', () => {
  it('waits for a jsonpath value, for deletion, and times out clearly', async () => {
    expect((await c.mk(['wait', '--for=jsonpath={.spec.replicas}=4', 'deploy/nginx', '--timeout=5s'])).stdout).toBe('deployment.apps/nginx condition met\n');
    const to = await c.mk(['wait', '--for=condition=Available', 'deploy/nginx', '--timeout=1s']);
    expect(to.code).toBe(1);
    expect(to.stderr).toBe('error: timed out waiting for the condition on deployments/nginx\n');
    await c.mk(['create', 'cm', 'gone']);
    const waiter = c.mk(['wait', '--for=delete', 'cm/gone', '--timeout=20s']);
    await c.mk(['delete', 'cm', 'gone']);
    expect((await waiter).stdout).toBe('configmap/gone deleted\n');
  });
});

describe('edit', () => {
  it('edits with $EDITOR and re-opens the file after an invalid edit', async () => {
    // A scripted editor: the first save is invalid (replicas: many), the second fixes it.
    const script = file(
      c.home,
      'editor.sh',
      `#!/bin/sh\nf="$1"\nif grep -q '^# The Deployment' "$f" || grep -q 'Error from server' "$f" || grep -q 'is invalid' "$f"; then\n  sed -i 's/replicas: many/replicas: 7/' "$f"\n  echo reopened >> ${join(c.home, 'editor.log')}\nelse\n  sed -i 's/^  replicas: 4$/  replicas: many/' "$f"\nfi\n`,
    );
    chmodSync(script, 0o755);
    const r = await c.mk(['edit', 'deploy', 'nginx'], { env: { EDITOR: script } });
    expect(r.stdout).toBe('deployment.apps/nginx edited\n');
    expect(r.code).toBe(0);
    expect((await json(['deploy', 'nginx'])).spec.replicas).toBe(7);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(c.home, 'editor.log'), 'utf8')).toBe('reopened\n');
  });

  it('cancels when nothing changed', async () => {
    const r = await c.mk(['edit', 'deploy/nginx'], { env: { EDITOR: 'true' } });
    expect(r.stdout).toBe('Edit cancelled, no changes made.\n');
  });
});

describe('cordon and uncordon', () => {
  it('marks a node unschedulable and back', async () => {
    expect((await c.mk(['cordon', 'k8s-node02'])).stdout).toBe('node/k8s-node02 cordoned\n');
    expect((await json(['node', 'k8s-node02'])).spec.unschedulable).toBe(true);
    expect((await c.mk(['get', 'node', 'k8s-node02'])).stdout).toMatch(/SchedulingDisabled/);
    expect((await c.mk(['cordon', 'k8s-node02'])).stdout).toBe('node/k8s-node02 already cordoned\n');
    expect((await c.mk(['uncordon', 'k8s-node02'])).stdout).toBe('node/k8s-node02 uncordoned\n');
    expect((await json(['node', 'k8s-node02'])).spec.unschedulable).toBeUndefined();
  });
});
