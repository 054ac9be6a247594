// mk create / get / describe / delete against a real apiserver, as students type them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { HAS_KUBECTL, MK_BIN, column, file, startCluster, type Cluster } from './cli-helpers.js';

let c: Cluster;

const NODE = (name: string, extra = ''): string => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    kubernetes.io/hostname: ${name}
${extra}`;

const NGINX = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
`;

beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.close();
});

describe('create', () => {
  it('creates from a multi-document file and reports each object', async () => {
    const f = file(c.home, 'nginx.yaml', NGINX);
    const r = await c.mk(['create', '-f', f]);
    expect(r.stdout).toBe('deployment.apps/nginx created\nservice/nginx created\n');
    expect(r.code).toBe(0);
    const again = await c.mk(['create', '-f', f]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Error from server (AlreadyExists): error when creating "${f}": deployments.apps "nginx" already exists`);
  });

  it('runs the generators and prints what kubectl prints', async () => {
    expect((await c.mk(['create', 'deployment', 'web', '--image=ikubernetes/myapp:v1', '--replicas=3', '--port=80'])).stdout).toBe('deployment.apps/web created\n');
    expect((await c.mk(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=2'])).stdout).toBe('configmap/cfg created\n');
    expect((await c.mk(['create', 'secret', 'generic', 'pw', '--from-literal=password=123456'])).stdout).toBe('secret/pw created\n');
    expect((await c.mk(['create', 'service', 'nodeport', 'np', '--tcp=80:8080'])).stdout).toBe('service/np created\n');
    expect((await c.mk(['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'])).stdout).toBe('job.batch/once created\n');
    expect((await c.mk(['create', 'priorityclass', 'high', '--value=1000'])).stdout).toBe('priorityclass.scheduling.k8s.io/high created\n');
    const secret = JSON.parse((await c.mk(['get', 'secret', 'pw', '-o', 'json'])).stdout) as { data: Record<string, string>; type: string };
    expect(secret.data.password).toBe('MTIzNDU2');
    expect(secret.type).toBe('Opaque');
  });

  it('--dry-run=client -o yaml matches the real kubectl byte for byte', async () => {
    const cases = [
      ['create', 'deployment', 'myapp', '--image=ikubernetes/myapp:v1', '--port=80', '--replicas=3'],
      ['create', 'namespace', 'dev'],
      ['create', 'service', 'nodeport', 'web', '--tcp=80:8080'],
      ['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '--tcp=443'],
      ['create', 'configmap', 'cm', '--from-literal=a=b', '--from-literal=c=d'],
      ['create', 'secret', 'generic', 's', '--from-literal=user=admin'],
      ['create', 'priorityclass', 'high', '--value=1000', '--description=d'],
      ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'],
    ];
    for (const base of cases) {
      // Flags go before `--`: what follows it is the container command.
      const dash = base.includes('--') ? base.indexOf('--') : base.length;
      const args = [...base.slice(0, dash), '--dry-run=client', '-o', 'yaml', ...base.slice(dash)];
      const mine = await c.mk(args);
      expect(mine.code).toBe(0);
      if (HAS_KUBECTL) expect(mine.stdout).toBe((await c.kubectl(args)).stdout);
    }
    const run = await c.mk(['run', 'nginx', '--image=nginx', '--port=80', '--dry-run=client', '-o', 'yaml']);
    expect(run.stdout).toContain('labels:\n    run: nginx\n');
    if (HAS_KUBECTL) expect(run.stdout).toBe((await c.kubectl(['run', 'nginx', '--image=nginx', '--port=80', '--dry-run=client', '-o', 'yaml'])).stdout);
  });

  it('run creates one bare pod named exactly as asked', async () => {
    const r = await c.mk(['run', 'bb', '--image=busybox', '--restart=Never', '--labels=app=bb', '--env=X=1', '--command', '--', 'sleep', '3600']);
    expect(r.stdout).toBe('pod/bb created\n');
    const pod = JSON.parse((await c.mk(['get', 'pod', 'bb', '-o', 'json'])).stdout) as { spec: { restartPolicy: string; containers: Array<{ command: string[]; env: unknown[] }> }; metadata: { labels: Record<string, string> } };
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.containers[0].command).toEqual(['sleep', '3600']);
    expect(pod.spec.containers[0].env).toEqual([{ name: 'X', value: '1' }]);
    expect(pod.metadata.labels).toEqual({ app: 'bb' });
  });
});

describe('get', () => {
  it('prints kubectl columns with 3-space alignment', async () => {
    const r = await c.mk(['get', 'deploy']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME    READY   UP-TO-DATE   AVAILABLE   AGE');
    expect(lines[1]).toMatch(/^nginx   0\/2     0            0           \d+s$/);
    const pods = await c.mk(['get', 'po']);
    expect(pods.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(column(pods.stdout, 'STATUS')).toEqual(['Pending']);
    const svc = await c.mk(['get', 'svc', 'np']);
    expect(svc.stdout).toMatch(/^NAME   TYPE       CLUSTER-IP\s+EXTERNAL-IP   PORT\(S\)\s+AGE\nnp     NodePort   10\.\d+\.\d+\.\d+\s+<none>        80:3\d{4}\/TCP/);
  });

  it('-o wide adds columns, -A adds NAMESPACE, --show-labels adds LABELS', async () => {
    const wide = await c.mk(['get', 'pods', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(wide.stdout).toMatch(/bb\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+<none>\s+<none>\s+<none>/);
    const all = await c.mk(['get', 'svc', '-A']);
    expect(all.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+TYPE/);
    expect(all.stdout).toMatch(/\ndefault\s+kubernetes\s+ClusterIP/);
    const labels = await c.mk(['get', 'deploy', '--show-labels']);
    expect(labels.stdout).toMatch(/nginx\s+0\/2\s+0\s+0\s+\S+\s+app=nginx\n/);
  });

  it('accepts short names, TYPE/NAME, comma lists and all', async () => {
    const tn = await c.mk(['get', 'deploy/nginx', 'svc/nginx']);
    expect(tn.stdout).toMatch(/deployment\.apps\/nginx/);
    expect(tn.stdout).toMatch(/service\/nginx/);
    const list = await c.mk(['get', 'deploy,svc', '-o', 'name']);
    expect(list.stdout).toBe('deployment.apps/nginx\ndeployment.apps/web\nservice/kubernetes\nservice/nginx\nservice/np\n');
    const everything = await c.mk(['get', 'all']);
    expect(everything.stdout).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(everything.stdout).toContain('pod/bb');
    expect(everything.stdout).toContain('\n\nNAME');
    expect(everything.stdout).toContain('service/kubernetes');
    expect(everything.stdout).toContain('job.batch/once');
  });

  it('prints yaml, json, jsonpath, custom-columns and go-template', async () => {
    const y = await c.mk(['get', 'deploy', 'nginx', '-o', 'yaml']);
    expect(y.stdout).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
    expect(y.stdout).toMatch(/creationTimestamp: "\d{4}-/);
    const list = await c.mk(['get', 'cm', '-o', 'json']);
    const parsed = JSON.parse(list.stdout) as { kind: string; items: unknown[] };
    expect(parsed.kind).toBe('List');
    const jp = await c.mk(['get', 'deploy', '-o', 'jsonpath={range .items[*]}{.metadata.name}:{.spec.replicas}{"\\n"}{end}']);
    expect(jp.stdout).toBe('nginx:2\nweb:3\n');
    const cc = await c.mk(['get', 'deploy', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[*].image']);
    expect(cc.stdout).toBe('NAME    IMAGE\nnginx   nginx:1.25\nweb     ikubernetes/myapp:v1\n');
    const gt = await c.mk(['get', 'deploy', 'nginx', '-o', 'go-template={{.spec.selector.matchLabels}}']);
    expect(gt.stdout).toBe('map[app:nginx]');
    if (HAS_KUBECTL) {
      for (const args of [['get', 'deploy', 'nginx', '-o', 'yaml'], ['get', 'svc', 'nginx', '-o', 'json'], ['get', 'deploy', 'nginx', '-o', 'go-template={{.spec.selector.matchLabels}}']]) {
        expect((await c.mk(args)).stdout).toBe((await c.kubectl(args)).stdout);
      }
    }
  });

  it('filters with -l and --field-selector, sorts, and drops headers', async () => {
    const l = await c.mk(['get', 'deploy', '-l', 'app=nginx', '-o', 'name']);
    expect(l.stdout).toBe('deployment.apps/nginx\n');
    const fs = await c.mk(['get', 'pods', '--field-selector', 'metadata.name=bb', '-o', 'name']);
    expect(fs.stdout).toBe('pod/bb\n');
    const sorted = await c.mk(['get', 'deploy', '--sort-by=.spec.replicas', '--no-headers', '-o', 'custom-columns=N:.metadata.name']);
    expect(sorted.stdout).toBe('nginx\nweb\n');
    const noHead = await c.mk(['get', 'deploy', '--no-headers']);
    expect(noHead.stdout.startsWith('nginx')).toBe(true);
  });

  it('takes -n before the verb and in every form', async () => {
    for (const args of [['-n', 'kube-system', 'get', 'pods'], ['get', 'pods', '-n=kube-system'], ['get', 'pods', '--namespace', 'kube-system'], ['--namespace=kube-system', 'get', 'pods']]) {
      const r = await c.mk(args);
      expect(r.stderr).toBe('No resources found in kube-system namespace.\n');
    }
  });

  it('reports missing objects like kubectl and still prints the found ones', async () => {
    const r = await c.mk(['get', 'deploy', 'nginx', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NAME\s+READY/);
    expect(r.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    const t = await c.mk(['get', 'widgets']);
    expect(t.stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
  });

  it('-w prints the table and then each change', async () => {
    const child = spawn(process.execPath, [MK_BIN, 'get', 'cm', '-w'], { env: c.env });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const waitFor = async (s: string): Promise<void> => {
      for (let i = 0; i < 600 && !out.includes(s); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor('cfg');
    await c.mk(['create', 'configmap', 'watched', '--from-literal=x=y']);
    await waitFor('watched');
    child.kill('SIGINT');
    expect(out).toMatch(/^NAME\s+DATA\s+AGE\n/);
    expect(out).toMatch(/\nwatched\s+1\s+\d+s\n/);
  });

  it('-w prints each event as it happened, aligned as kubectl aligns it, and nothing for an empty list', async () => {
    const watchers = [spawn(process.execPath, [MK_BIN, 'get', 'pods', '-l', 'app=watched', '-w'], { env: c.env })];
    if (HAS_KUBECTL) watchers.push(spawn('kubectl', ['get', 'pods', '-l', 'app=watched', '-w'], { env: c.env }));
    const outs = watchers.map(() => ({ stdout: '', stderr: '' }));
    watchers.forEach((w, i) => {
      w.stdout.setEncoding('utf8').on('data', (d: string) => (outs[i].stdout += d));
      w.stderr.setEncoding('utf8').on('data', (d: string) => (outs[i].stderr += d));
    });
    const lines = (i: number): number => outs[i].stdout.split('\n').length - 1;
    const waitLines = async (n: number): Promise<void> => {
      for (let t = 0; t < 600 && outs.some((_o, i) => lines(i) < n); t++) await new Promise((r) => setTimeout(r, 50));
    };
    await new Promise((r) => setTimeout(r, 1500));
    await c.mk(['run', 'watchme', '--image=busybox', '--labels=app=watched']);
    await waitLines(2);
    await c.mk(['label', 'pod', 'watchme', 'tier=web']);
    await waitLines(3);
    await c.mk(['delete', 'pod', 'watchme', '--grace-period=0', '--force']);
    await waitLines(4);
    for (const w of watchers) w.kill('SIGINT');
    const mk = outs[0];
    expect(mk.stderr).toBe('');
    expect(mk.stdout).toMatch(/^NAME      READY   STATUS    RESTARTS   AGE\n(watchme   0\/1     Pending   0          \d+s\n){3}$/);
    if (HAS_KUBECTL) expect(mk.stdout.replace(/\d+s\n/g, 'Ns\n')).toBe(outs[1].stdout.replace(/\d+s\n/g, 'Ns\n'));
  }, 60_000);
});

describe('describe', () => {
  it('describes a deployment with kubectl layout', async () => {
    const r = await c.mk(['describe', 'deploy', 'nginx']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+nginx\nNamespace:\s+default\nCreationTimestamp:/);
    expect(r.stdout).toContain('Replicas:               2 desired | 0 updated | 0 total | 0 available | 0 unavailable');
    expect(r.stdout).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge');
    expect(r.stdout).toContain('Pod Template:\n  Labels:  app=nginx\n  Containers:\n   nginx:\n    Image:         nginx:1.25\n    Port:          80/TCP');
    if (HAS_KUBECTL) expect(r.stdout).toBe((await c.kubectl(['describe', 'deploy', 'nginx'])).stdout);
  });

  it('describes pods, services, namespaces and configmaps like kubectl', async () => {
    for (const args of [['describe', 'pod', 'bb'], ['describe', 'svc', 'nginx'], ['describe', 'ns', 'default'], ['describe', 'cm', 'cfg'], ['describe', 'pods']]) {
      const r = await c.mk(args);
      expect(r.code).toBe(0);
      if (!HAS_KUBECTL) continue;
      const want = (await c.kubectl(args)).stdout;
      // kubectl prints a ConfigMap's data keys in Go's random map order (mk sorts them), so
      // that one compares line sets; every other describe must match to the byte.
      if (args[1] === 'cm') expect(r.stdout.split('\n').sort()).toEqual(want.split('\n').sort());
      else expect(r.stdout).toBe(want);
    }
    const svc = await c.mk(['describe', 'svc', 'nginx']);
    expect(svc.stdout).toMatch(/Endpoints:\s+<none>\n/);
    expect(svc.stdout).toContain('Events:                   <none>');
  });

  it('hides secret values', async () => {
    const r = await c.mk(['describe', 'secret', 'pw']);
    expect(r.stdout).toContain('Type:  Opaque');
    expect(r.stdout).toContain('Data\n====\npassword:  6 bytes');
    expect(r.stdout).not.toContain('123456');
    expect(r.stdout).not.toContain('MTIzNDU2');
  });

  it('describes a node with its taints and shows events', async () => {
    await c.mk(['apply', '-f', '-'], { input: NODE('k8s-node01') });
    await c.mk(['taint', 'nodes', 'k8s-node01', 'node-role.kubernetes.io/master:NoSchedule']);
    const ev = `apiVersion: v1
kind: Event
metadata:
  name: k8s-node01.1
  namespace: default
involvedObject:
  kind: Node
  name: k8s-node01
reason: NodeReady
message: Node k8s-node01 status is now NodeReady
type: Normal
source:
  component: kubelet
count: 1
firstTimestamp: "${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}"
lastTimestamp: "${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}"
`;
    expect((await c.mk(['create', '-f', '-'], { input: ev })).code).toBe(0);
    const r = await c.mk(['describe', 'node', 'k8s-node01']);
    expect(r.stdout).toMatch(/^Name:\s+k8s-node01\nRoles:\s+<none>\n/);
    expect(r.stdout).toContain('Taints:             node-role.kubernetes.io/master:NoSchedule');
    expect(r.stdout).toMatch(/Events:\n  Type\s+Reason\s+Age\s+From\s+Message\n  ----\s+------\s+----\s+----\s+-------\n  Normal\s+NodeReady\s+\d+s\s+kubelet\s+Node k8s-node01 status is now NodeReady\n/);
  });

  it('reports a missing object', async () => {
    const r = await c.mk(['describe', 'pod', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
});

describe('delete', () => {
  it('deletes by name, by label, by file and with --all', async () => {
    expect((await c.mk(['delete', 'cm', 'watched'])).stdout).toBe('configmap "watched" deleted\n');
    await c.mk(['create', 'cm', 'l1', '--from-literal=a=b']);
    await c.mk(['label', 'cm', 'l1', 'group=x']);
    expect((await c.mk(['delete', 'cm', '-l', 'group=x'])).stdout).toBe('configmap "l1" deleted\n');
    const f = file(c.home, 'del.yaml', NGINX);
    expect((await c.mk(['delete', '-f', f])).stdout).toBe('deployment.apps "nginx" deleted\nservice "nginx" deleted\n');
    await c.mk(['create', 'ns', 'scratch']);
    await c.mk(['-n', 'scratch', 'create', 'cm', 'a']);
    await c.mk(['-n', 'scratch', 'create', 'cm', 'b']);
    expect((await c.mk(['delete', 'cm', '--all', '-n', 'scratch'])).stdout).toBe('configmap "a" deleted\nconfigmap "b" deleted\n');
  });

  it('force-deletes a pod at once with a warning', async () => {
    const r = await c.mk(['delete', 'pod', 'bb', '--grace-period=0', '--force']);
    expect(r.stdout).toBe('pod "bb" force deleted\n');
    expect(r.stderr).toContain('Warning: Immediate deletion does not wait for confirmation');
    expect((await c.mk(['get', 'pod', 'bb'])).code).toBe(1);
  });

  it('reports what is missing and honours --ignore-not-found', async () => {
    const r = await c.mk(['delete', 'pod', 'ghost']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "ghost" not found\n');
    expect((await c.mk(['delete', 'pod', 'ghost', '--ignore-not-found'])).code).toBe(0);
    expect((await c.mk(['delete', 'pods'])).stderr).toContain('resource(s) were provided, but no name was specified');
  });

  it('accepts --cascade=orphan and --dry-run', async () => {
    expect((await c.mk(['delete', 'deploy', 'web', '--dry-run=client'])).stdout).toBe('deployment.apps "web" deleted (dry run)\n');
    expect((await c.mk(['get', 'deploy', 'web', '-o', 'name'])).stdout).toBe('deployment.apps/web\n');
    // Orphaning leaves the object to the garbage collector, which this test cluster does not run.
    expect((await c.mk(['delete', 'deploy', 'web', '--cascade=orphan', '--wait=false'])).stdout).toBe('deployment.apps "web" deleted\n');
    expect((await c.mk(['delete', 'deploy', 'x', '--cascade=sideways'])).stderr).toContain('invalid cascade value (sideways)');
  });
});
