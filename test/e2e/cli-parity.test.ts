// Commands learners type, checked against a real apiserver for the exact words kubectl
// prints: replace, create cronjob, label removal, taint/scale/logs messages, the
// RESOURCE.VERSION.GROUP form, and yaml.v2's quoting in -o yaml. Where the real kubectl is
// installed, it must print the same.
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_KUBECTL, file, startCluster, type Cluster } from './cli-helpers.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
}, 60_000);
afterAll(async () => {
  await c?.close();
});

const cm = (name: string, value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "${value}"\n`;

describe('mk replace', () => {
  it('replaces, force-replaces and names a missing object with its file', async () => {
    const f1 = file(c.home, 'rep.yaml', cm('rep', '1'));
    expect((await c.mk(['create', '-f', f1])).stdout).toBe('configmap/rep created\n');
    const f2 = file(c.home, 'rep.yaml', cm('rep', '2'));
    expect(await c.mk(['replace', '-f', f2])).toMatchObject({ code: 0, stdout: 'configmap/rep replaced\n' });
    expect((await c.mk(['get', 'cm', 'rep', '-o', 'jsonpath={.data.a}'])).stdout).toBe('2');
    const uid = (await c.mk(['get', 'cm', 'rep', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    expect(await c.mk(['replace', '--force', '-f', f2])).toMatchObject({ code: 0, stdout: 'configmap "rep" deleted\nconfigmap/rep replaced\n' });
    expect((await c.mk(['get', 'cm', 'rep', '-o', 'jsonpath={.metadata.uid}'])).stdout).not.toBe(uid);
    expect((await c.mk(['replace', '-f', f2, '--dry-run=server'])).stdout).toBe('configmap/rep replaced (server dry run)\n');
    const missing = file(c.home, 'missing.yaml', cm('missing', '1'));
    expect(await c.mk(['replace', '-f', missing])).toMatchObject({ code: 1, stderr: `Error from server (NotFound): error when replacing "${missing}": configmaps "missing" not found\n` });
    expect(await c.mk(['replace'])).toMatchObject({ code: 1, stderr: 'error: must specify one of -f and -k\n' });
    expect(await c.mk(['replace', '--force', '--dry-run=client', '-f', f2])).toMatchObject({ code: 1, stderr: 'error: --dry-run can not be used when --force is set\n' });
    if (HAS_KUBECTL) {
      expect(await c.kubectl(['replace', '-f', f2])).toMatchObject({ code: 0, stdout: 'configmap/rep replaced\n' });
      expect(await c.kubectl(['replace', '-f', missing])).toMatchObject({ code: 1, stderr: `Error from server (NotFound): error when replacing "${missing}": configmaps "missing" not found\n` });
    }
  });
});

describe('kubectl\'s words', () => {
  it('create cronjob prints kubectl\'s object, and is stored', async () => {
    const args = ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--dry-run=client', '-o', 'yaml', '--', 'echo', 'hi'];
    const r = await c.mk(args);
    expect(r.stdout).toBe(
      "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  creationTimestamp: null\n  name: tick\nspec:\n  jobTemplate:\n    metadata:\n      creationTimestamp: null\n      name: tick\n    spec:\n      template:\n        metadata:\n          creationTimestamp: null\n        spec:\n          containers:\n          - command:\n            - echo\n            - hi\n            image: busybox\n            name: tick\n            resources: {}\n          restartPolicy: OnFailure\n  schedule: '*/1 * * * *'\nstatus: {}\n",
    );
    if (HAS_KUBECTL) expect((await c.kubectl(args)).stdout).toBe(r.stdout);
    expect((await c.mk(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *'])).stdout).toBe('cronjob.batch/tick created\n');
    expect((await c.mk(['get', 'cronjob', 'tick', '-o', 'jsonpath={.spec.schedule}'])).stdout).toBe('*/5 * * * *');
    expect(await c.mk(['create', 'cronjob', 'x', '--image=busybox'])).toMatchObject({ code: 1, stderr: 'error: required flag(s) "schedule" not set\n' });
  });

  it('label KEY- says unlabeled; taint names no dry run; scale and logs name what is missing', async () => {
    await c.mk(['create', 'cm', 'lab', '--from-literal=a=1']);
    expect((await c.mk(['label', 'cm', 'lab', 'env=prod'])).stdout).toBe('configmap/lab labeled\n');
    expect((await c.mk(['label', 'cm', 'lab', 'env-'])).stdout).toBe('configmap/lab unlabeled\n');
    expect((await c.mk(['get', 'cm', 'lab', '--show-labels'])).stdout).toMatch(/<none>\n$/);
    await c.mk(['create', '-f', file(c.home, 'node.yaml', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: parity-node\n')]);
    expect((await c.mk(['taint', 'nodes', 'parity-node', 'k=v:NoSchedule', '--dry-run=client'])).stdout).toBe('node/parity-node tainted\n');
    expect(await c.mk(['scale', 'deploy', 'nope', '--replicas=1'])).toMatchObject({ code: 1, stderr: 'error: no objects passed to scale deployments.apps "nope" not found\n' });
    expect(await c.mk(['logs', 'nope'])).toMatchObject({ code: 1, stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n' });
    if (HAS_KUBECTL) {
      expect(await c.kubectl(['label', 'cm', 'lab', 'env=dev'])).toMatchObject({ stdout: 'configmap/lab labeled\n' });
      expect(await c.kubectl(['label', 'cm', 'lab', 'env-'])).toMatchObject({ stdout: 'configmap/lab unlabeled\n' });
      expect((await c.kubectl(['taint', 'nodes', 'parity-node', 'k=v:NoSchedule', '--dry-run=client'])).stdout).toBe('node/parity-node tainted\n');
      for (const args of [['scale', 'deploy', 'nope', '--replicas=1'], ['logs', 'nope']]) {
        const [mk, kubectl] = await Promise.all([c.mk(args), c.kubectl(args)]);
        expect(mk).toEqual(kubectl);
      }
    }
  });

  it('create secret tls checks its files as kubectl does', async () => {
    const notPem = file(c.home, 'not.pem', 'hello\n');
    expect(await c.mk(['create', 'secret', 'tls', 't', '--key', join(c.home, 'nokey'), '--cert', join(c.home, 'nocert')])).toMatchObject({
      code: 1,
      stderr: `error: Cannot read file ${join(c.home, 'nocert')}, open ${join(c.home, 'nocert')}: no such file or directory\n`,
    });
    expect(await c.mk(['create', 'secret', 'tls', 't', '--key', notPem, '--cert', notPem])).toMatchObject({ code: 1, stderr: 'error: tls: failed to find any PEM data in certificate input\n' });
    expect(await c.mk(['create', 'secret', 'tls', 't', '--cert', notPem])).toMatchObject({ code: 1, stderr: 'error: key and cert must be specified\n' });
    if (HAS_KUBECTL) {
      for (const args of [['create', 'secret', 'tls', 't', '--key', notPem, '--cert', notPem], ['create', 'secret', 'tls', 't', '--key', join(c.home, 'nokey'), '--cert', join(c.home, 'nocert')]]) {
        const [mk, kubectl] = await Promise.all([c.mk(args), c.kubectl(args)]);
        expect(mk).toEqual(kubectl);
      }
    }
  });

  it('create ingress and create clusterrolebinding print kubectl\'s objects', async () => {
    const ing = ['create', 'ingress', 'web', '--class=nginx', '--rule=foo.com/bar*=svc:80', '--rule=foo.com/exact=svc2:8080', '--rule=bar.com/*=svc3:http,tls=tls-secret', '--dry-run=client', '-o', 'yaml'];
    const r = await c.mk(ing);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('spec:\n  ingressClassName: nginx\n  rules:\n  - host: foo.com\n    http:\n      paths:\n      - backend:\n          service:\n            name: svc\n            port:\n              number: 80\n        path: /bar\n        pathType: Prefix\n');
    expect(r.stdout).toContain('  tls:\n  - hosts:\n    - bar.com\n    secretName: tls-secret\n');
    expect(await c.mk(['create', 'ingress', 'web', '--rule=nonsense', '--dry-run=client'])).toMatchObject({ code: 1, stderr: 'error: rule nonsense is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n' });
    // A command's own --user shadows the global one (the kubeconfig user).
    const crb = ['create', 'clusterrolebinding', 'admins', '--clusterrole=cluster-admin', '--user=ann', '--group=ops', '--serviceaccount=kube-system:ci', '--dry-run=client', '-o', 'yaml'];
    const b = await c.mk(crb);
    expect(b.stdout).toBe(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  creationTimestamp: null\n  name: admins\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: ann\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: ops\n- kind: ServiceAccount\n  name: ci\n  namespace: kube-system\n',
    );
    if (HAS_KUBECTL) {
      expect((await c.kubectl(ing)).stdout).toBe(r.stdout);
      expect((await c.kubectl(crb)).stdout).toBe(b.stdout);
    }
  });

  it('names kubeconfig entries that do not exist as clientcmd does', async () => {
    for (const [args, stderr] of [
      [['get', 'pods', '--user=nobody'], 'error: auth info "nobody" does not exist\n'],
      [['get', 'pods', '--cluster=nope'], 'error: no server found for cluster "nope"\n'],
      [['get', 'pods', '--context=nope'], 'Error in configuration: context was not found for specified context: nope\n'],
    ] as const) {
      expect(await c.mk([...args])).toMatchObject({ code: 1, stderr });
      if (HAS_KUBECTL) expect(await c.kubectl([...args])).toMatchObject({ code: 1, stderr });
    }
  });

  it('takes RESOURCE.VERSION.GROUP', async () => {
    await c.mk(['create', 'deployment', 'vg', '--image=nginx']);
    expect((await c.mk(['get', 'deployment.v1.apps', 'vg', '-o', 'name'])).stdout).toBe('deployment.apps/vg\n');
    expect((await c.mk(['get', 'configmaps.v1.', 'lab', '-o', 'name'])).stdout).toBe('configmap/lab\n');
    expect(await c.mk(['get', 'deployment.v2.apps'])).toMatchObject({ code: 1, stderr: 'error: the server doesn\'t have a resource type "deployment.v2.apps"\n' });
  });

  it('-o yaml quotes strings as Go\'s yaml.v2 does', async () => {
    const literals = { a: '*x', b: 'x: y', c: "it's", d: '123', e: 'true', f: '', g: '-x', h: 'a"b', i: '@x', k: '{x}', m: ' lead', n: '1.5', o: 'null', p: '~', q: '%x', s: '!x', t: 'a\ttab', u: '2026-01-01' };
    const args = ['create', 'cm', 'quotes', ...Object.entries(literals).map(([k, v]) => `--from-literal=${k}=${v}`), '--dry-run=client', '-o', 'yaml'];
    const r = await c.mk(args);
    expect(r.stdout).toContain(
      `data:\n  a: '*x'\n  b: 'x: y'\n  c: it's\n  d: "123"\n  e: "true"\n  f: ""\n  g: -x\n  h: a"b\n  i: '@x'\n  k: '{x}'\n  m: ' lead'\n  "n": "1.5"\n  o: "null"\n  p: "~"\n  q: '%x'\n  s: '!x'\n  t: "a\\ttab"\n  u: "2026-01-01"\n`,
    );
    if (HAS_KUBECTL) expect((await c.kubectl(args)).stdout).toBe(r.stdout);
  });
});

describe('errors and listings as kubectl words them', () => {
  it('flag errors are cobra\'s: Error: ... and the usage hint', async () => {
    expect(await c.mk(['get', 'pods', '-x'])).toMatchObject({ code: 1, stderr: "Error: unknown shorthand flag: 'x' in -x\nSee 'mk get --help' for usage.\n" });
    expect(await c.mk(['get', 'pods', '-w=maybe'])).toMatchObject({ code: 1, stderr: 'Error: invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'mk get --help\' for usage.\n' });
    expect(await c.mk(['get', 'pods', '-n'])).toMatchObject({ code: 1, stderr: "Error: flag needs an argument: 'n' in -n\nSee 'mk get --help' for usage.\n" });
    // Notes for kubectl < 1.18 create Deployments with run --replicas; kubectl 1.32 refuses it so.
    expect(await c.mk(['run', 'x', '--image=nginx', '--replicas=3'])).toMatchObject({ code: 1, stderr: "Error: unknown flag: --replicas\nSee 'mk run --help' for usage.\n" });
    if (HAS_KUBECTL) {
      for (const args of [['get', 'pods', '-x'], ['get', 'pods', '-w=maybe'], ['run', 'x', '--image=nginx', '--replicas=3']]) {
        const [mk, kubectl] = await Promise.all([c.mk(args), c.kubectl(args)]);
        expect(mk).toEqual({ ...kubectl, stderr: kubectl.stderr.replace("'kubectl ", "'mk ") });
      }
    }
  });

  it('apply -f URL: a refused connection reads as kubectl\'s', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    const url = `http://127.0.0.1:${port}/app.yaml`;
    const msg = `The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n`;
    expect(await c.mk(['apply', '-f', url])).toMatchObject({ code: 1, stderr: msg });
    if (HAS_KUBECTL) expect(await c.kubectl(['apply', '-f', url])).toMatchObject({ code: 1, stderr: msg });
  });

  it('api-versions lists the server\'s group/versions; delete and taint report nothing to do', async () => {
    const r = await c.mk(['api-versions']);
    expect(r.stdout).toMatch(/^apps\/v1\nbatch\/v1\n(.*\n)*v1\n$/);
    expect(await c.mk(['delete', '--all', 'cm', '-n', 'nowhere'])).toMatchObject({ code: 0, stdout: 'No resources found\n', stderr: '' });
    expect(await c.mk(['delete', '--all', 'pods', '-l', 'a=b'])).toMatchObject({ code: 1, stderr: "error: setting 'all' parameter but found a non empty selector. \n" });
    expect(await c.mk(['taint', 'nodes', 'parity-node', 'nope-'])).toMatchObject({ code: 1, stderr: 'error: taint "nope" not found\n' });
    // One node: one error, with kubectl's prefix (several nodes would each get a bare line).
    expect(await c.mk(['taint', 'nodes', '--all', 'nope-'])).toMatchObject({ code: 1, stderr: 'error: taint "nope" not found\n' });
    if (HAS_KUBECTL) {
      for (const args of [['api-versions'], ['delete', '--all', 'cm', '-n', 'nowhere'], ['taint', 'nodes', 'parity-node', 'nope-'], ['taint', 'nodes', '--all', 'nope-']]) {
        const [mk, kubectl] = await Promise.all([c.mk(args), c.kubectl(args)]);
        expect(mk).toEqual(kubectl);
      }
    }
  });
});
