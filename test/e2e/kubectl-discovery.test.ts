// The real kubectl reading mk's discovery and OpenAPI documents (no REST layer needed):
// api-resources, api-versions, version, explain, and client-side create (which fetches the
// OpenAPI documents to decide on server-side field validation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerDiscovery } from '../../packages/apiserver/src/discovery/index.js';
import { e2eRequired, findKubectl, Kubectl, otherKubectls, tableRows } from './kubectl-harness.js';

const kubectlBin = findKubectl();
if (!kubectlBin && e2eRequired) throw new Error('MK_E2E=required but kubectl is not installed (or KUBECTL does not run)');

describe.skipIf(!kubectlBin)('kubectl against mk discovery and OpenAPI', () => {
  let app: FastifyInstance;
  let kubectl: Kubectl;
  let dir: string;

  beforeAll(async () => {
    app = Fastify();
    registerDiscovery(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    kubectl = new Kubectl(`http://127.0.0.1:${port}`, kubectlBin);
    dir = mkdtempSync(join(tmpdir(), 'mk-manifests-'));
    writeFileSync(
      join(dir, 'deploy.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: myapp',
        'spec:',
        '  replicas: 2',
        '  selector:',
        '    matchLabels: {app: myapp}',
        '  template:',
        '    metadata:',
        '      labels: {app: myapp}',
        '    spec:',
        '      containers:',
        '      - name: myapp',
        '        image: ikubernetes/myapp:v1',
        '        ports:',
        '        - containerPort: 80',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: myapp',
        'spec:',
        '  type: NodePort',
        '  selector: {app: myapp}',
        '  ports:',
        '  - port: 80',
        '    targetPort: 80',
        '    nodePort: 30080',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    kubectl?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await app?.close();
  });

  it('api-resources prints every resource with its short names, group version, scope and kind', async () => {
    const r = await kubectl.run(['api-resources']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = tableRows(r.stdout);
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const line = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `))?.trim().split(/\s+/);
    expect(line('pods')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(line('nodes')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(line('deployments')).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(line('secrets')).toEqual(['secrets', 'v1', 'true', 'Secret']);
    expect(line('poddisruptionbudgets')).toEqual(['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget']);
    expect(line('leases')).toEqual(['leases', 'coordination.k8s.io/v1', 'true', 'Lease']);
    // Subresources are not resources.
    expect(r.stdout).not.toContain('pods/status');
  });

  it('api-resources -o wide shows verbs and categories', async () => {
    const r = await kubectl.run(['api-resources', '-o', 'wide', '--api-group=apps']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0].trim().split(/\s+/)).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', 'VERBS', 'CATEGORIES']);
    expect(r.stdout).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment\s+create,delete,deletecollection,get,list,patch,update,watch\s+all/);
  });

  it('api-versions and version', async () => {
    const v = await kubectl.run(['api-versions']);
    expect(v.stderr).toBe('');
    expect(v.stdout.trim().split('\n')).toEqual(
      expect.arrayContaining(['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'scheduling.k8s.io/v1']),
    );
    const ver = await kubectl.run(['version']);
    expect(ver.code).toBe(0);
    expect(ver.stderr).toBe(''); // no version-skew warning
    expect(ver.stdout).toContain('Server Version: v1.32.0+mk');
  });

  it('explain pods.spec lists the fields of PodSpec', async () => {
    const r = await kubectl.run(['explain', 'pods.spec']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/KIND:\s+Pod/);
    expect(r.stdout).toMatch(/VERSION:\s+v1/);
    expect(r.stdout).toMatch(/FIELD: spec <PodSpec>/);
    expect(r.stdout).toMatch(/PodSpec is a description of a pod\./);
    expect(r.stdout).toMatch(/containers\s+<\[\]Container>/);
    expect(r.stdout).toMatch(/nodeSelector\s+<map\[string\]string>/);
    expect(r.stdout).toMatch(/restartPolicy\s+<string>/);
  });

  it('explain works for every kind, with its group, and through the v2 document too', async () => {
    const d = await kubectl.run(['explain', 'deploy.spec.strategy']);
    expect(d.stderr).toBe('');
    expect(d.stdout).toMatch(/GROUP:\s+apps/);
    expect(d.stdout).toMatch(/rollingUpdate\s+<Object>/);
    const svc = await kubectl.run(['explain', 'svc.spec.ports']);
    expect(svc.stdout).toMatch(/targetPort\s+<IntOrString>/);
    expect(svc.stdout).toMatch(/nodePort\s+<integer>/);
    const res = await kubectl.run(['explain', 'pod.spec.containers.resources']);
    expect(res.stdout).toMatch(/limits\s+<map\[string\]Quantity>/);
    const v2 = await kubectl.run(['explain', 'pods.spec.containers', '--output=plaintext-openapiv2']);
    expect(v2.stderr).toBe('');
    expect(v2.stdout).toMatch(/image\s+<string>/);
  });

  it('create -f --dry-run=client validates through the OpenAPI documents without errors', async () => {
    const r = await kubectl.run(['create', '-f', join(dir, 'deploy.yaml'), '--dry-run=client', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['deployment.apps/myapp', 'service/myapp']);
  });

  it('older and newer kubectl versions read the same documents (1.27 fetches protobuf /openapi/v2)', async () => {
    for (const bin of otherKubectls(kubectlBin!)) {
      const other = new Kubectl(kubectl.server, bin);
      try {
        const r = await other.run(['create', '-f', join(dir, 'deploy.yaml'), '--dry-run=client', '-o', 'name']);
        expect(r.stderr, bin).toBe('');
        expect(r.stdout.trim().split('\n'), bin).toEqual(['deployment.apps/myapp', 'service/myapp']);
        const e = await other.run(['explain', 'pods.spec.containers.ports']);
        expect(e.code, bin).toBe(0);
        expect(e.stdout, bin).toMatch(/containerPort\s+<integer>/);
      } finally {
        other.cleanup();
      }
    }
  });
});
