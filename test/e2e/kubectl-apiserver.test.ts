// The real kubectl against a real mk apiserver (LevelDB in a temp dir, HTTP on 127.0.0.1):
// the everyday commands exit 0, print what Kubernetes prints, and say nothing on stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../../packages/apiserver/src/index.js';
import { e2eRequired, eventually, findKubectl, Kubectl, tableRows } from './kubectl-harness.js';

const kubectlBin = findKubectl();
if (!kubectlBin && e2eRequired) throw new Error('MK_E2E=required but kubectl is not installed (or KUBECTL does not run)');

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
`;

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: myapp
  template:
    metadata:
      labels:
        app: myapp
    spec:
      containers:
      - name: myapp
        image: ${image}
        ports:
        - containerPort: 80
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: myapp
spec:
  type: NodePort
  selector:
    app: myapp
  ports:
  - port: 80
    targetPort: 80
    nodePort: 30080
`;

describe.skipIf(!kubectlBin)('kubectl against the mk apiserver', () => {
  let server: ApiServer;
  let kubectl: Kubectl;
  let dataDir: string;
  let files: string;

  const file = (name: string, text: string) => {
    const p = join(files, name);
    writeFileSync(p, text);
    return p;
  };
  /** Runs kubectl and expects success with a clean stderr. */
  const ok = async (...args: string[]) => {
    const r = await kubectl.run(args);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    return r.stdout;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mk-apiserver-'));
    files = mkdtempSync(join(tmpdir(), 'mk-manifests-'));
    server = await startApiServer({ dataDir, port: 0, logLevel: 'warn' });
    kubectl = new Kubectl(server.url, kubectlBin);
  });
  afterAll(async () => {
    kubectl?.cleanup();
    await server?.close();
    for (const d of [dataDir, files]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('api-resources lists the served resources', async () => {
    const out = await ok('api-resources');
    expect(tableRows(out)[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  });

  it('explain pods.spec', async () => {
    const out = await ok('explain', 'pods.spec');
    expect(out).toMatch(/KIND:\s+Pod/);
    expect(out).toMatch(/containers\s+<\[\]Container>/);
  });

  it('get namespaces shows the built-in namespaces', async () => {
    const rows = tableRows(await ok('get', 'namespaces'));
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    for (const r of rows.slice(1)) expect(r[1]).toBe('Active');
  });

  it('create -f, then get pods (plain, wide, by name)', async () => {
    expect(await ok('create', '-f', file('pod.yaml', POD))).toBe('pod/web created\n');
    const rows = tableRows(await ok('get', 'pods'));
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows[1].slice(0, 4)).toEqual(['web', '0/1', 'Pending', '0']);
    expect(rows[1][4]).toMatch(/^\d+s$/);
    const wide = tableRows(await ok('get', 'po', 'web', '-o', 'wide'));
    expect(wide[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(wide[1]).toEqual(['web', '0/1', 'Pending', '0', wide[1][4], '<none>', '<none>', '<none>', '<none>']);
    expect(await ok('get', 'pod', 'web', '-o', 'name')).toBe('pod/web\n');
    expect(await ok('get', 'pods', '-l', 'app=web', '--no-headers', '-o', 'custom-columns=N:.metadata.name,IMG:.spec.containers[0].image')).toMatch(/^web\s+nginx:1\.27\n$/);
  });

  it('create -f of an existing object fails with AlreadyExists', async () => {
    const r = await kubectl.run(['create', '-f', join(files, 'pod.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (AlreadyExists): error when creating');
    expect(r.stderr).toContain('pods "web" already exists');
  });

  it('create -f with an unknown field: kubectl leaves validation to the server (fieldValidation=Strict)', async () => {
    const bad = file('bad.yaml', POD.replace('name: web', 'name: bad').replace('    - containerPort: 80\n', '    - containerPort: 80\n      bogus: 1\n'));
    const r = await kubectl.run(['create', '-f', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (BadRequest): error when creating');
    expect(r.stderr).toContain('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].ports[0].bogus"');
    expect((await kubectl.run(['get', 'pod', 'bad'])).code).toBe(1);
  });

  it('apply -f twice: created, then unchanged; a change is configured', async () => {
    const p = file('deploy.yaml', deployment('ikubernetes/myapp:v1'));
    expect(await ok('apply', '-f', p)).toBe('deployment.apps/myapp created\n');
    expect(await ok('apply', '-f', p)).toBe('deployment.apps/myapp unchanged\n');
    file('deploy.yaml', deployment('ikubernetes/myapp:v2'));
    expect(await ok('apply', '-f', p)).toBe('deployment.apps/myapp configured\n');
    expect(await ok('get', 'deploy', 'myapp', '-o', 'jsonpath={.spec.template.spec.containers[*].image}')).toBe('ikubernetes/myapp:v2');
    const rows = tableRows(await ok('get', 'deployments', '-o', 'wide'));
    expect(rows[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(rows[1]).toEqual(['myapp', '0/2', '0', '0', rows[1][4], 'myapp', 'ikubernetes/myapp:v2', 'app=myapp']);
  });

  it('apply -f a Service: NodePort PORT(S) and a cluster IP', async () => {
    expect(await ok('apply', '-f', file('svc.yaml', SERVICE))).toBe('service/myapp created\n');
    const rows = tableRows(await ok('get', 'svc'));
    expect(rows[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    const myapp = rows.find((r) => r[0] === 'myapp')!;
    expect(myapp.slice(0, 5)).toEqual(['myapp', 'NodePort', myapp[2], '<none>', '80:30080/TCP']);
    expect(myapp[2]).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(rows.find((r) => r[0] === 'kubernetes')?.slice(1, 5)).toEqual(['ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
  });

  it('describe pod and deployment (client-side describers: GETs, LISTs, events by field selector)', async () => {
    const pod = await ok('describe', 'pod', 'web');
    expect(pod).toMatch(/^Name:\s+web$/m);
    expect(pod).toMatch(/^Namespace:\s+default$/m);
    expect(pod).toMatch(/^Labels:\s+app=web$/m);
    expect(pod).toMatch(/^Status:\s+Pending$/m);
    expect(pod).toMatch(/^\s+Image:\s+nginx:1\.27$/m);
    expect(pod).toMatch(/^Events:\s+<none>$/m);
    const deploy = await ok('describe', 'deployment', 'myapp');
    expect(deploy).toMatch(/^Selector:\s+app=myapp$/m);
    expect(deploy).toMatch(/^Replicas:\s+2 desired/m);
    expect(deploy).toMatch(/^StrategyType:\s+RollingUpdate$/m);
  });

  it('get -w prints a row for each change until stopped', async () => {
    const w = kubectl.start(['get', 'pods', '-w']);
    try {
      await eventually(() => /^web\s/m.test(w.output()), () => w.output() + w.errors());
      await ok('create', '-f', file('pod2.yaml', POD.replace('name: web', 'name: web2')));
      await ok('label', 'pod', 'web2', 'tier=frontend');
      await ok('delete', 'pod', 'web2', '--wait=false');
      // ADDED, MODIFIED (label), DELETED: three rows for web2.
      await eventually(() => (w.output().match(/^web2\s/gm) ?? []).length >= 3, () => w.output() + w.errors());
    } finally {
      w.child.kill();
    }
    const rows = tableRows(w.output());
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows.filter((r) => r[0] === 'web2').every((r) => r[1] === '0/1' && r[2] === 'Pending')).toBe(true);
    expect(w.errors()).toBe('');
  });

  it('get -w -o wide prints the wide columns for every row', async () => {
    const w = kubectl.start(['get', 'pods', '-w', '-o', 'wide']);
    try {
      await eventually(() => /^web\s/m.test(w.output()), () => w.output() + w.errors());
      await ok('create', '-f', file('pod3.yaml', POD.replace('name: web', 'name: web3')));
      await ok('label', 'pod', 'web3', 'tier=frontend');
      await eventually(() => (w.output().match(/^web3\s/gm) ?? []).length >= 2, () => w.output() + w.errors());
    } finally {
      w.child.kill();
    }
    const rows = tableRows(w.output());
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    // Every later row has the wide cells too (IP, NODE, NOMINATED NODE, READINESS GATES).
    expect(rows.filter((r) => r[0] === 'web3').every((r) => r.length === 9 && r[5] === '<none>')).toBe(true);
    expect(w.errors()).toBe('');
    await ok('delete', 'pod', 'web3', '--wait=false');
  });

  it('get -w --output-watch-events names each event', async () => {
    const w = kubectl.start(['get', 'deploy', '-w', '--output-watch-events']);
    try {
      await eventually(() => /^ADDED\s+myapp\s/m.test(w.output()), () => w.output() + w.errors());
      await ok('scale', 'deployment', 'myapp', '--replicas=3');
      await eventually(() => /^MODIFIED\s+myapp\s+0\/3\s/m.test(w.output()), () => w.output() + w.errors());
    } finally {
      w.child.kill();
    }
    expect(tableRows(w.output())[0]).toEqual(['EVENT', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
  });

  it('delete -f and delete by name', async () => {
    expect(await ok('delete', '-f', join(files, 'deploy.yaml'))).toBe('deployment.apps "myapp" deleted\n');
    expect(await ok('delete', 'svc', 'myapp')).toBe('service "myapp" deleted\n');
    expect(await ok('delete', 'pod', 'web')).toBe('pod "web" deleted\n');
    const r = await kubectl.run(['get', 'pod', 'web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "web" not found\n');
    const empty = await kubectl.run(['get', 'pods']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toBe('No resources found in default namespace.\n');
  });
});
