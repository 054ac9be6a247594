// mk rollout, mk drain and mk debug scheduling against a whole cluster (`mk up --runtime
// simulated --nodes 2`): the controllers run the rollouts, the scheduler places pods, and the
// apiserver enforces PodDisruptionBudgets on eviction. The real kubectl reads the same history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DaemonSet, Deployment, KubeList, Node, Pod, PodDisruptionBudget } from '@mk/api';
import { HAS_KUBECTL, MK_BIN, ROOT, run, type Result } from './cli-helpers.js';

const home = mkdtempSync(join(tmpdir(), 'mk-cliwl-'));
const env: NodeJS.ProcessEnv = { ...process.env, MK_HOME: home, HOME: home, NO_COLOR: '1' };
delete env.KUBECONFIG;
let up: ChildProcess | undefined;

const mk = (args: string[], input?: string): Promise<Result> => run(process.execPath, [MK_BIN, ...args], env, input);
const kubectl = (args: string[]): Promise<Result> => run('kubectl', ['--kubeconfig', join(home, 'kubeconfig'), ...args], env);

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function jsonOf<T>(args: string[]): Promise<T> {
  return JSON.parse((await mk(['get', ...args, '-o', 'json'])).stdout) as T;
}

const podsOf = async (app: string): Promise<Array<{ name: string; node: string; phase: string }>> =>
  (await jsonOf<KubeList<Pod>>(['pods', '-l', `app=${app}`])).items.map((p) => ({ name: p.metadata.name!, node: p.spec!.nodeName!, phase: p.status?.phase as string }));

beforeAll(async () => {
  const child = spawn(process.execPath, [MK_BIN, 'up', '--runtime', 'simulated', '--nodes', '2', '--port', '0'], { env, cwd: ROOT });
  up = child;
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  await until('mk up', async () => /Cluster is ready at (\S+)\./.test(out) || child.exitCode !== null, 60_000);
  if (!/Cluster is ready/.test(out)) throw new Error(`mk up did not become ready:\n${out}`);
  await until('two Ready nodes', async () => (await jsonOf<KubeList<Node>>(['nodes'])).items.length === 2);
}, 90_000);

afterAll(async () => {
  if (up && up.exitCode === null) {
    up.kill('SIGINT');
    await new Promise((r) => up!.once('close', r));
  }
  rmSync(home, { recursive: true, force: true });
}, 30_000);

const deployment = (name: string, replicas: number, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
${extra}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
        image: nginx:1.25
`;

describe('mk rollout', () => {
  it('status follows a rollout until it is done, line by line', async () => {
    // minReadySeconds keeps new pods unavailable for a while, so there is progress to show.
    expect((await mk(['apply', '-f', '-'], deployment('web', 3, '  minReadySeconds: 3\n'))).stdout).toBe('deployment.apps/web created\n');
    const r = await mk(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(0, -1)) {
      expect(l).toMatch(/^Waiting for (deployment spec update to be observed\.\.\.|deployment "web" rollout to finish: \d+ (out of 3 new replicas have been updated|old replicas are pending termination|of 3 updated replicas are available)\.\.\.)$/);
    }
    expect(r.stdout).toContain('Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\n');
    // Done: one line, whichever form the resource is named in.
    if (HAS_KUBECTL) expect((await kubectl(['rollout', 'status', 'deploy/web'])).stdout).toBe('deployment "web" successfully rolled out\n');
    for (const form of [['deploy', 'web'], ['deployments.apps/web']]) {
      expect(await mk(['rollout', 'status', ...form])).toMatchObject({ code: 0, stdout: 'deployment "web" successfully rolled out\n' });
    }
  }, 90_000);

  it('status --watch=false prints once; --timeout gives up with kubectl\'s error', async () => {
    await mk(['apply', '-f', '-'], deployment('stuck', 1, '  progressDeadlineSeconds: 600\n').replace('      containers:', '      nodeSelector: {disk: none}\n      containers:'));
    const once = await mk(['rollout', 'status', 'deploy/stuck', '--watch=false']);
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/^Waiting for (deployment spec update to be observed|deployment "stuck" rollout to finish: .*)\.\.\.\n$/);
    const timeout = await mk(['rollout', 'status', 'deploy/stuck', '--timeout=2s']);
    expect(timeout.code).toBe(1);
    expect(timeout.stderr).toBe('error: timed out waiting for the condition\n');
    expect(await mk(['rollout', 'status', 'deploy/nope'])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
    await mk(['delete', 'deploy', 'stuck']);
  });

  it('history, undo, pause, resume and restart', async () => {
    expect((await mk(['set', 'image', 'deploy/web', 'app=nginx:1.26'])).stdout).toBe('deployment.apps/web image updated\n');
    await mk(['rollout', 'status', 'deploy/web', '--timeout=60s']);
    const history = await mk(['rollout', 'history', 'deployment/web']);
    expect(history).toMatchObject({ code: 0, stdout: 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n' });
    if (HAS_KUBECTL) expect((await kubectl(['rollout', 'history', 'deployment/web'])).stdout).toBe(history.stdout);
    const rev2 = await mk(['rollout', 'history', 'deploy/web', '--revision=2']);
    expect(rev2.stdout).toMatch(/^deployment\.apps\/web with revision #2\nPod Template:\n/);
    expect(rev2.stdout).toMatch(/Image:\s+nginx:1\.26\n/);
    if (HAS_KUBECTL) expect((await kubectl(['rollout', 'history', 'deploy/web', '--revision=2'])).stdout).toBe(rev2.stdout);
    expect(await mk(['rollout', 'history', 'deploy/web', '--revision=9'])).toMatchObject({ code: 1, stderr: 'error: unable to find the specified revision\n' });

    expect((await mk(['rollout', 'undo', 'deployment/web'])).stdout).toBe('deployment.apps/web rolled back\n');
    expect((await jsonOf<Deployment>(['deploy', 'web'])).spec!.template.spec!.containers[0]!.image).toBe('nginx:1.25');
    await mk(['rollout', 'status', 'deploy/web', '--timeout=60s']);
    expect((await mk(['rollout', 'history', 'deploy/web'])).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    expect((await mk(['rollout', 'undo', 'deploy/web', '--to-revision=2'])).stdout).toBe('deployment.apps/web rolled back\n');
    expect((await jsonOf<Deployment>(['deploy', 'web'])).spec!.template.spec!.containers[0]!.image).toBe('nginx:1.26');

    expect((await mk(['rollout', 'pause', 'deployment/web'])).stdout).toBe('deployment.apps/web paused\n');
    expect((await jsonOf<Deployment>(['deploy', 'web'])).spec!.paused).toBe(true);
    expect(await mk(['rollout', 'pause', 'deployment/web'])).toMatchObject({ code: 1, stderr: 'error: deployments.apps "web" is already paused\n' });
    if (HAS_KUBECTL) expect(await kubectl(['rollout', 'pause', 'deployment/web'])).toMatchObject({ code: 1, stderr: 'error: deployments.apps "web" is already paused\n' });
    expect((await mk(['rollout', 'undo', 'deploy/web'])).stderr).toBe("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again\n");
    expect((await mk(['rollout', 'resume', 'deploy', 'web'])).stdout).toBe('deployment.apps/web resumed\n');
    expect((await jsonOf<Deployment>(['deploy', 'web'])).spec!.paused).toBeUndefined();

    expect((await mk(['rollout', 'restart', 'deploy/web'])).stdout).toBe('deployment.apps/web restarted\n');
    const restartedAt = (await jsonOf<Deployment>(['deploy', 'web'])).spec!.template.metadata!.annotations!['kubectl.kubernetes.io/restartedAt']!;
    expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await mk(['rollout', 'status', 'deploy/web', '--timeout=60s'])).stdout).toMatch(/deployment "web" successfully rolled out\n$/);
    await mk(['delete', 'deploy', 'web']);
  }, 150_000);

  it('status --revision checks the running revision, as kubectl does', async () => {
    await mk(['apply', '-f', '-'], deployment('rev', 1));
    await mk(['rollout', 'status', 'deploy/rev', '--timeout=60s']);
    expect(await mk(['rollout', 'status', 'deploy/rev', '--revision=1'])).toMatchObject({ code: 0, stdout: 'deployment "rev" successfully rolled out\n' });
    const wrong = await mk(['rollout', 'status', 'deploy/rev', '--revision=2']);
    expect(wrong).toMatchObject({ code: 1, stdout: '', stderr: 'error: desired revision (2) is different from the running revision (1)\n' });
    if (HAS_KUBECTL) expect(await kubectl(['rollout', 'status', 'deploy/rev', '--revision=2'])).toMatchObject({ code: 1, stderr: wrong.stderr });
    expect(await mk(['rollout', 'status', 'deploy/rev', '--revision=-1'])).toMatchObject({ code: 1, stderr: 'error: revision must be a positive integer: -1\n' });
    await mk(['set', 'image', 'deploy/rev', 'app=nginx:1.26']);
    expect((await mk(['rollout', 'status', 'deploy/rev', '--revision=2', '--timeout=60s'])).stdout).toMatch(/deployment "rev" successfully rolled out\n$/);
    await mk(['delete', 'deploy', 'rev']);
  }, 90_000);

  it('works on DaemonSets too', async () => {
    const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox:1}]}
`;
    await mk(['apply', '-f', '-'], ds);
    const st = await mk(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/daemon set "agent" successfully rolled out\n$/);
    await mk(['set', 'image', 'ds/agent', 'a=busybox:2']);
    await mk(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
    expect((await mk(['rollout', 'history', 'daemonset/agent'])).stdout).toBe('daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect((await mk(['rollout', 'undo', 'ds/agent'])).stdout).toBe('daemonset.apps/agent rolled back\n');
    expect((await jsonOf<DaemonSet>(['ds', 'agent'])).spec!.template.spec!.containers[0]!.image).toBe('busybox:1');
    expect((await mk(['rollout', 'pause', 'ds/agent'])).stderr).toBe('error: daemonsets.apps "agent" pausing is not supported\n');
  }, 90_000);
});

describe('mk drain', () => {
  it('refuses, with kubectl\'s reasons, pods it may not delete', async () => {
    const node = (await jsonOf<KubeList<Node>>(['nodes'])).items[0]!.metadata.name!;
    await mk(['apply', '-f', '-'], `apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  nodeName: ${node}
  containers: [{name: c, image: nginx}]
`);
    const r = await mk(['drain', node]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`node/${node} cordoned\n`);
    const msg = `[cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${(await podsOf('agent')).find((p) => p.node === node)!.name}, cannot delete Pods declare no controller (use --force to override): default/bare]`;
    expect(r.stderr).toBe(`error: unable to drain node "${node}" due to error: ${msg}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${msg}\n`);
    await mk(['delete', 'pod', 'bare', '--grace-period=0', '--force']);
    await mk(['delete', 'ds', 'agent']);
    expect((await mk(['uncordon', node])).stdout).toBe(`node/${node} uncordoned\n`);
  });

  it('--dry-run=client|server says what it would evict and changes nothing', async () => {
    await mk(['apply', '-f', '-'], deployment('dry', 1));
    const [pod] = await until('dry Running', async () => {
      const ps = await podsOf('dry');
      return ps.length === 1 && ps[0].phase === 'Running' && ps;
    });
    const uid = (await jsonOf<Pod>(['pod', pod.name])).metadata.uid!;
    const client = await mk(['drain', pod.node, '--ignore-daemonsets', '--dry-run=client']);
    expect(client).toMatchObject({ code: 0, stdout: `node/${pod.node} cordoned (dry run)\nevicting pod default/${pod.name} (dry run)\nnode/${pod.node} drained (dry run)\n` });
    const server = await mk(['drain', pod.node, '--ignore-daemonsets', '--dry-run=server']);
    expect(server).toMatchObject({ code: 0, stdout: `node/${pod.node} cordoned (server dry run)\nevicting pod default/${pod.name} (server dry run)\nnode/${pod.node} drained (server dry run)\n` });
    if (HAS_KUBECTL) {
      for (const mode of ['client', 'server']) {
        expect((await kubectl(['drain', pod.node, '--ignore-daemonsets', `--dry-run=${mode}`])).stdout).toBe(mode === 'client' ? client.stdout : server.stdout);
      }
    }
    // Nothing changed: the node is schedulable and the same pod still runs on it.
    expect((await jsonOf<Node>(['node', pod.node])).spec!.unschedulable).toBeUndefined();
    expect((await jsonOf<Pod>(['pod', pod.name])).metadata).toMatchObject({ uid });
    expect((await jsonOf<Pod>(['pod', pod.name])).metadata.deletionTimestamp).toBeUndefined();
    await mk(['delete', 'deploy', 'dry']);
  }, 60_000);

  it('waits on a PodDisruptionBudget that forbids the eviction, and says why', async () => {
    await mk(['apply', '-f', '-'], `${deployment('solo', 1)}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: solo}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: solo}}
`);
    const [pod] = await until('solo Running', async () => {
      const ps = await podsOf('solo');
      return ps.length === 1 && ps[0].phase === 'Running' && ps;
    });
    await until('the PDB counts the pod', async () => (await jsonOf<PodDisruptionBudget>(['pdb', 'solo'])).status?.currentHealthy === 1);
    const r = await mk(['drain', pod.node, '--timeout=7s', '--ignore-daemonsets']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^node/${pod.node} cordoned\nevicting pod default/${pod.name}\n`));
    expect(r.stderr).toContain(`error when evicting pods/"${pod.name}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`);
    const timeout = `error when evicting pods/"${pod.name}" -n "default": global timeout reached: 7s`;
    expect(r.stderr).toContain(`There are pending pods in node "${pod.node}" when an error occurred: ${timeout}\npod/${pod.name}\n`);
    expect(r.stderr).toMatch(new RegExp(`There are pending nodes to be drained:\n ${pod.node}\n${timeout.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\n$`));
    expect((await podsOf('solo')).map((p) => p.name)).toEqual([pod.name]);
    await mk(['uncordon', pod.node]);
  }, 60_000);

  it('evicts every pod once the budget allows it, and drains the node', async () => {
    // Two replicas on one node (the other cordoned): the second eviction waits for the
    // first pod's replacement to run on the other node.
    const nodes = (await jsonOf<KubeList<Node>>(['nodes'])).items.map((n) => n.metadata.name!);
    const [pod] = await podsOf('solo');
    const target = pod.node;
    const other = nodes.find((n) => n !== target)!;
    await mk(['cordon', other]);
    await mk(['scale', 'deploy/solo', '--replicas=2']);
    await until('two solo pods Running on the target', async () => {
      const ps = await podsOf('solo');
      return ps.length === 2 && ps.every((p) => p.phase === 'Running' && p.node === target);
    });
    await mk(['uncordon', other]);
    await until('the PDB counts both pods', async () => (await jsonOf<PodDisruptionBudget>(['pdb', 'solo'])).status?.currentHealthy === 2);
    const r = await mk(['drain', target, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s']);
    expect(r.stderr).not.toContain('global timeout');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^node/${target} cordoned\n`));
    expect(r.stdout).toMatch(new RegExp(`node/${target} drained\n$`));
    const evicted = [...r.stdout.matchAll(/^pod\/(\S+) evicted$/gm)].map((m) => m[1]);
    expect(evicted.length).toBe(2);
    const after = await until('both replicas back, on the other node', async () => {
      const ps = await podsOf('solo');
      return ps.length === 2 && ps.every((p) => p.phase === 'Running') && ps;
    });
    expect(after.every((p) => p.node === other)).toBe(true);
    // The deprecated spelling still works, with pflag's deprecation notice.
    const again = await mk(['drain', target, '--delete-local-data', '--ignore-daemonsets']);
    expect(again.stderr).toContain('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n');
    expect(again.stdout).toBe(`node/${target} already cordoned\nnode/${target} drained\n`);
  }, 120_000);
});

describe('mk debug scheduling', () => {
  it('says which filter rejected each node, or how it scored, and which node won', async () => {
    const nodes = (await jsonOf<KubeList<Node>>(['nodes'])).items.map((n) => n.metadata.name!).sort();
    const [pod] = await podsOf('solo');
    const cordonedNode = nodes.find((n) => n !== pod.node)!;
    await mk(['cordon', cordonedNode]);
    const r = await mk(['debug', 'scheduling', pod.name]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Pod default/${pod.name} (scheduler profile "default-scheduler"), now bound to ${pod.node}\n`);
    expect(r.stdout).toMatch(new RegExp(`\n  ${cordonedNode}\\s+rejected by NodeUnschedulable: node\\(s\\) were unschedulable\n`));
    expect(r.stdout).toMatch(new RegExp(`\n  ${pod.node}\\s+fits, score \\d+ \\(chosen\\): .*NodeResourcesFit \\d+x1=\\d+`));
    expect(r.stdout).toMatch(new RegExp(`Chosen node: ${pod.node} `));
    expect(await mk(['debug', 'scheduling', 'nope'])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' });
  });
});
