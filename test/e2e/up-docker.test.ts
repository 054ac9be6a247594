// The path a student takes, end to end: `mk up --runtime docker --nodes 2` as a child process
// (two Docker nodes on this host, each with its own bridge and podCIDR 10.244.N.0/24; the
// proxy programs kube-proxy's Service rules and the flannel-style pod network; mk-dns serves
// kube-dns at 10.96.0.10), then the built `mk` and the real kubectl against its kubeconfig:
// a Deployment spread over both nodes behind a Service, reached by name from a client pod.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MK_BIN, ROOT, file, run, type Result } from './cli-helpers.js';
import { e2eSkipReason } from './prereqs.js';
import { iptablesTestLock } from '../proxy-helpers.js';
import { bridgeName, cleanupBridgeNetworks } from '@mk/kubelet';
import { sh, quietly } from '../kubelet-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'iptables', 'images', 'kubectl');

// mk up names several nodes mk-node-N and gives node N the podCIDR 10.244.N.0/24 (no flag
// chooses them). No other Docker e2e test uses these names (theirs carry their pid), and
// cli-up.test.ts's mk-node-N are simulated: no containers, no networks.
const NODES = ['mk-node-1', 'mk-node-2'];
const CIDR_PREFIX: Record<string, string> = { 'mk-node-1': '10.244.1.', 'mk-node-2': '10.244.2.' };
const PROXY_BIN = join(ROOT, 'packages/proxy/dist/bin/mk-proxy.js');
const KUBELET_BIN = join(ROOT, 'packages/kubelet/dist/bin/mk-kubelet.js');


/** Our pods' containers (the pod names this file creates, on our nodes) and our nodes' networks. */
async function teardownDocker(): Promise<void> {
  for (const node of NODES) {
    const ids = sh('docker', 'ps', '-aq', '--filter', 'label=io.kubernetes.pod.namespace=default', '--filter', `label=mk.io/node=${node}`).split('\n').filter(Boolean);
    for (const id of ids) {
      let pod = '';
      try {
        pod = sh('docker', 'inspect', id, '--format', '{{index .Config.Labels "io.kubernetes.pod.name"}}');
      } catch {
        continue; // removed meanwhile
      }
      if (pod === 'client' || /^web-[a-z0-9]+-[a-z0-9]{5}$/.test(pod)) quietly('docker', 'rm', '-f', id);
    }
  }
}

const iptablesSave = (table: string): string => sh('iptables-save', '-t', table);

let home = '';
let env: NodeJS.ProcessEnv = {};
let kubeconfig = '';
let child: ChildProcess | undefined;
let output = '';
let exited: Promise<number> | undefined;
let unlock: (() => void) | undefined;

const mk = (args: string[], input?: string): Promise<Result> => run(process.execPath, [MK_BIN, ...args], env, input);
const kubectl = (args: string[]): Promise<Result> => run('kubectl', ['--kubeconfig', kubeconfig, ...args], env);

/** Polls fn until it returns a truthy value; the last value and error go into the failure. */
async function until<T>(what: string, fn: () => Promise<T | false | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}\nmk up output:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const ok = (r: Result): string => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return r.stdout;
};

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchLabels:
                app: web
            topologyKey: kubernetes.io/hostname
      containers:
      - name: httpd
        image: mk/busybox:1
        imagePullPolicy: Never
        command: ["sh", "-c", "mkdir -p /www && echo \\"hello from $(hostname)\\" > /www/index.html && echo \\"serving $(hostname)\\" && exec httpd -f -p 80 -h /www"]
        ports:
        - name: http
          containerPort: 80
        readinessProbe:
          httpGet:
            path: /
            port: http
          periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
`;

beforeAll(async () => {
  if (skip) return;
  // mk up's proxy writes iptables for the whole file: take the machine-wide lock first.
  unlock = await iptablesTestLock();
  await teardownDocker();
  home = mkdtempSync(join(tmpdir(), 'mk-up-docker-'));
  kubeconfig = join(home, 'kubeconfig');
  env = { ...process.env, MK_HOME: home, HOME: home, NO_COLOR: '1' };
  delete env.KUBECONFIG;
  const c = spawn(process.execPath, [MK_BIN, 'up', '--runtime', 'docker', '--nodes', '2', '--port', '0', '--data-dir', join(home, 'data')], { env, cwd: ROOT });
  child = c;
  c.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  c.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  exited = new Promise<number>((r) => c.on('close', (code) => r(code ?? -1)));
  await until('mk up to be ready', async () => {
    if (c.exitCode !== null) throw new Error(`mk up exited with ${c.exitCode}`);
    return /Cluster is ready at (\S+)\./.test(output);
  });
}, 180_000);

afterAll(async () => {
  if (skip) return;
  try {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await teardownDocker();
    for (const node of NODES) await cleanupBridgeNetworks(node).catch(() => undefined);
    if (existsSync(PROXY_BIN)) quietly(process.execPath, PROXY_BIN, '--cleanup');
  } finally {
    if (home) rmSync(home, { recursive: true, force: true });
    unlock?.();
  }
}, 120_000);

describe.skipIf(skip)('mk up --runtime docker --nodes 2: a student\'s cluster on one host', () => {
  it('starts every component on two Docker nodes', () => {
    for (const line of [
      '[up] runtime: docker (requested with --runtime docker)',
      '[scheduler] started',
      '[controller-manager] started',
      '[kubelet mk-node-1] started (docker runtime)',
      '[kubelet mk-node-2] started (docker runtime)',
      '[proxy] started\n',
      '[dns] started (cluster.local at 10.96.0.10, served on ',
    ])
      expect(output).toContain(line);
    expect(output).toContain(`Kubeconfig: ${kubeconfig} (context "mk")`);
  });

  it('both nodes are Ready, each with its own podCIDR, and the pod network marks them NetworkUnavailable=False', async () => {
    expect(ok(await mk(['wait', '--for=condition=Ready', 'node/mk-node-1', 'node/mk-node-2', '--timeout=120s']))).toBe('node/mk-node-1 condition met\nnode/mk-node-2 condition met\n');
    const nodes = ok(await mk(['get', 'nodes']));
    expect(nodes).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nmk-node-1\s+Ready\s+<none>\s+\S+\s+v\S+\nmk-node-2\s+Ready\s+<none>\s+\S+\s+v\S+\n$/);
    const cidrs = ok(await mk(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.podCIDR} {end}']));
    expect(cidrs).toBe('mk-node-1=10.244.1.0/24 mk-node-2=10.244.2.0/24 ');
    const jp = 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="NetworkUnavailable")].status} {end}';
    await until('NetworkUnavailable=False on both nodes', async () => ok(await mk(['get', 'nodes', '-o', jp])) === 'mk-node-1=False mk-node-2=False ');
    // The node lifecycle controller lifts the network-unavailable taint once the route is in.
    let taints = '';
    await until('the network-unavailable taints lifted', async () => {
      taints = ok(await mk(['get', 'nodes', '-o', 'jsonpath={.items[*].spec.taints}']));
      return !taints.includes('network-unavailable');
    }).catch((e: Error) => {
      throw new Error(`${e.message}\ntaints: ${taints}`);
    });
    expect(taints).toBe('');
  }, 180_000);

  const webPods: Array<{ name: string; ip: string; node: string }> = [];
  it('a Deployment of two httpd pods spreads over both nodes, with IPs from their podCIDRs, behind Service web', async () => {
    expect(ok(await mk(['apply', '-f', file(home, 'web.yaml', WEB)]))).toBe('deployment.apps/web created\nservice/web created\n');
    expect(ok(await mk(['wait', '--for=condition=Available', 'deploy/web', '--timeout=150s']))).toBe('deployment.apps/web condition met\n');
    const lines = ok(await mk(['get', 'pods', '-l', 'app=web', '-o', 'wide', '--no-headers'])).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      const m = /^(web-[a-z0-9]+-[a-z0-9]{5})\s+1\/1\s+Running\s+0\s+\S+\s+(\d+\.\d+\.\d+\.\d+)\s+(mk-node-[12])\s+<none>\s+<none>$/.exec(l);
      expect(m, l).not.toBeNull();
      webPods.push({ name: m![1], ip: m![2], node: m![3] });
    }
    expect(webPods.map((p) => p.node).sort()).toEqual(NODES);
    for (const p of webPods) expect(p.ip.startsWith(CIDR_PREFIX[p.node])).toBe(true);
    const eps = await until('both pods in endpoints web', async () => {
      const out = ok(await mk(['get', 'endpoints', 'web', '--no-headers']));
      return webPods.every((p) => out.includes(`${p.ip}:80`)) && out;
    });
    expect(eps).toMatch(/^web\s+\S+:80,\S+:80\s+\S+\n$/);
  }, 240_000);

  it('a client pod reaches Service web by name, through mk-dns and the proxy, and both pods answer', async () => {
    expect(ok(await mk(['run', 'client', '--image', 'mk/busybox:1', '--restart=Never', '--', 'sleep', '3600']))).toBe('pod/client created\n');
    expect(ok(await mk(['wait', '--for=condition=Ready', 'pod/client', '--timeout=120s']))).toBe('pod/client condition met\n');
    const seen = new Set<string>();
    const answers: string[] = [];
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const r = await mk(['exec', 'client', '--', 'sh', '-c', 'echo -e "GET / HTTP/1.0\\r\\n\\r\\n" | nc web 80']);
      answers.push(`${r.code} ${r.stdout}${r.stderr}`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^HTTP\/1\.[01] 200 OK\r\n/);
      const m = /hello from (\S+)/.exec(r.stdout);
      expect(m, r.stdout).not.toBeNull();
      seen.add(m![1]);
    }
    // The index names the pod that served it (its hostname): both pods, across both nodes.
    expect([...seen].sort(), answers.join('\n')).toEqual(webPods.map((p) => p.name).sort());
  }, 240_000);

  it("the client's resolv.conf points at kube-dns with the cluster search path", async () => {
    const conf = ok(await mk(['exec', 'client', '--', 'cat', '/etc/resolv.conf']));
    expect(conf).toMatch(/^nameserver 10\.96\.0\.10$/m);
    expect(conf).toMatch(/^search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local\b/m);
    expect(conf).toMatch(/^options .*\bndots:5\b/m);
  });

  it('the real kubectl gets, reads logs and execs on the same cluster', async () => {
    const pods = ok(await kubectl(['get', 'pods', '-o', 'wide']));
    expect(pods).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/);
    expect(pods).toMatch(/^client\s+1\/1\s+Running\s+0\s+/m);
    for (const p of webPods) expect(pods).toMatch(new RegExp(`^${p.name}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${p.ip.replace(/\./g, '\\.')}\\s+${p.node}\\s`, 'm'));
    for (const p of webPods) expect(ok(await kubectl(['logs', p.name]))).toBe(`serving ${p.name}\n`);
    expect(ok(await kubectl(['exec', 'client', '--', 'hostname']))).toBe('client\n');
    const viaKubectl = ok(await kubectl(['exec', webPods[1].name, '--', 'sh', '-c', 'echo -e "GET / HTTP/1.0\\r\\n\\r\\n" | nc web 80']));
    expect(viaKubectl).toMatch(/hello from web-/);
  }, 120_000);

  it("Ctrl-C stops mk up cleanly; the cleanups leave no KUBE- or FLANNEL- chain and none of the nodes' bridges or rules", async () => {
    child!.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const label of ['dns', 'proxy', 'kubelet mk-node-1', 'kubelet mk-node-2', 'scheduler', 'controller-manager', 'apiserver']) expect(output).toContain(`[${label}] stopped`);
    // No component logged an error on the way (warnings, such as a retried conflict, may happen).
    expect(output).not.toMatch(/^\[[^\]]+\] E /m);
    // Like kube-proxy, a stopped proxy leaves its rules: the pods' containers and --cleanup go next.
    expect(iptablesSave('nat')).toContain('KUBE-SERVICES');
    await teardownDocker();
    for (const node of NODES) expect(sh('docker', 'ps', '-aq', '--filter', `label=mk.io/node=${node}`, '--filter', 'label=io.kubernetes.pod.namespace=default')).toBe('');
    sh(process.execPath, PROXY_BIN, '--cleanup');
    for (const node of NODES) expect(sh(process.execPath, KUBELET_BIN, '--cleanup', '--node-name', node)).toMatch(/^removed 1 bridges \(mkbr-[0-9a-f]{8}\), \d+ rules and \d+ chains$/);
    const all = iptablesSave('nat') + iptablesSave('filter');
    expect(all).not.toMatch(/KUBE-|FLANNEL-/);
    for (const node of NODES) expect(all).not.toContain(` ${node} `);
    const bridges = sh('ip', '-br', 'link', 'show', 'type', 'bridge');
    for (const node of NODES) expect(bridges).not.toContain(bridgeName(node));
  }, 120_000);
});
