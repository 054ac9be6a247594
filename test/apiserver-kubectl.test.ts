// The real kubectl against mk's apiserver: typed commands send protobuf bodies, apply sends
// JSON and strategic merge patches, get asks for Tables. Skips (saying why) without kubectl.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './apiserver-helpers.js';
import { e2eSkipReason } from './e2e/prereqs.js';

const run = promisify(execFile);
// Throws under MK_E2E=required (CI), so a missing kubectl cannot pass by skipping.
const hasKubectl = e2eSkipReason('kubectl') === undefined;

let s: TestServer;
beforeAll(async () => {
  if (hasKubectl) s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--server', s.url, ...args]);
  return stdout;
}

describe.skipIf(!hasKubectl)('kubectl against mk-apiserver (kubectl not installed: skipped)', () => {
  it('creates a Deployment through the protobuf body of `kubectl create deployment`', async () => {
    expect(await kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80')).toContain('deployment.apps/web created');
    const dep = JSON.parse(await kubectl('get', 'deployment', 'web', '-o', 'json'));
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(dep.spec.template.metadata.creationTimestamp).toBeUndefined();
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] });
    expect(dep.metadata.generation).toBe(1);
  });

  it('creates namespaces, config maps, secrets, service accounts, services and jobs', async () => {
    await kubectl('create', 'namespace', 'team');
    await kubectl('-n', 'team', 'create', 'configmap', 'cfg', '--from-literal=a=b');
    await kubectl('-n', 'team', 'create', 'secret', 'generic', 'sec', '--from-literal=p=q');
    await kubectl('-n', 'team', 'create', 'serviceaccount', 'robot');
    await kubectl('-n', 'team', 'create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080');
    await kubectl('-n', 'team', 'create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi');
    expect(JSON.parse(await kubectl('-n', 'team', 'get', 'configmap', 'cfg', '-o', 'json')).data).toEqual({ a: 'b' });
    expect(JSON.parse(await kubectl('-n', 'team', 'get', 'secret', 'sec', '-o', 'json')).data).toEqual({ p: Buffer.from('q').toString('base64') });
    const svc = JSON.parse(await kubectl('-n', 'team', 'get', 'service', 'np', '-o', 'json'));
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' });
    const job = JSON.parse(await kubectl('-n', 'team', 'get', 'job', 'once', '-o', 'json'));
    expect(job.spec.template.spec.containers[0].command).toEqual(['echo', 'hi']);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('shows the NodePort range error verbatim', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'mk-kubectl-')), 'svc.yaml');
    await writeFile(
      file,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: ingress-nginx-controller\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n',
    );
    const err = await kubectl('apply', '-f', file).catch((e: { stderr: string }) => e.stderr);
    await rm(dirname(file), { recursive: true, force: true });
    expect(err).toBe(
      'The Service "ingress-nginx-controller" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    );
  });

  it('applies, scales, labels and lists with server-side printing', async () => {
    const out = await kubectl('scale', 'deployment', 'web', '--replicas=3');
    expect(out).toContain('deployment.apps/web scaled');
    await kubectl('label', 'deployment', 'web', 'tier=front');
    const table = await kubectl('get', 'deployments');
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
    expect(table).toContain('web');
    const dep = JSON.parse(await kubectl('get', 'deployment', 'web', '-o', 'json'));
    expect(dep.spec.replicas).toBe(3);
    expect(dep.metadata.labels.tier).toBe('front');
  });

  it('deletes with kubectl delete', async () => {
    expect(await kubectl('delete', 'deployment', 'web')).toContain('deployment.apps "web" deleted');
    const err = await kubectl('get', 'deployment', 'web').catch((e: { stderr: string }) => e.stderr);
    expect(err).toContain('Error from server (NotFound): deployments.apps "web" not found');
  });
});
