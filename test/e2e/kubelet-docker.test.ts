// The kubelet driving the real Docker engine: pause sandboxes wired to the node's bridge,
// init containers, emptyDir, localhost between containers, probes, restart policies,
// CrashLoopBackOff, graceful deletion with preStop, and adoption after a kubelet restart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Event, Pod } from '@mk/api';
import { bridgeName, startKubelet, type Kubelet } from '@mk/kubelet';
import { e2eSkipReason } from './prereqs.js';
import { cond, podOn, startCluster, until, type Cluster, docker, removeDockerNode, dockerKubeletOptions } from '../kubelet-helpers.js';

const skip = e2eSkipReason('docker', 'root', 'images');
const NODE = `e2e-kubelet-${process.pid}`;
const CIDR = `10.199.${process.pid % 250}.0/24`;
const BRIDGE = bridgeName(NODE);

/** Ids of this node's containers for a pod (and container name), running or not. */
function containersOf(pod: string, container?: string, all = true): string[] {
  const f = ['--filter', `label=mk.io/node=${NODE}`, '--filter', `label=io.kubernetes.pod.name=${pod}`];
  if (container) f.push('--filter', `label=io.kubernetes.container.name=${container}`);
  const out = docker('ps', ...(all ? ['-a'] : []), '-q', '--no-trunc', ...f);
  return out ? out.split('\n') : [];
}

async function getPod(c: Cluster, name: string): Promise<Pod> {
  return c.client.get<Pod>('pods', 'default', name);
}

async function events(c: Cluster, name: string): Promise<Event[]> {
  return (await c.client.list<Event>('events', { namespace: 'default', fieldSelector: `involvedObject.name=${name}` })).items;
}

describe.skipIf(skip)('kubelet with Docker', () => {
  let c: Cluster;
  let k: Kubelet;
  let rootDir: string;
  const opts = () => dockerKubeletOptions(c.url, NODE, CIDR, rootDir);

  beforeAll(async () => {
    c = await startCluster();
    rootDir = mkdtempSync(join(tmpdir(), 'mk-kubelet-e2e-'));
    k = await startKubelet(opts());
  });
  afterAll(async () => {
    await k?.stop();
    await removeDockerNode(NODE);
    await c?.close();
    if (rootDir) rmSync(rootDir, { recursive: true, force: true });
  }, 60_000);

  it("creates the node's bridge with the podCIDR's gateway and registers a docker node", async () => {
    const [link] = JSON.parse(execFileSync('ip', ['-j', 'addr', 'show', BRIDGE], { encoding: 'utf8' })) as Array<{ operstate: string; addr_info: Array<{ family: string; local: string; prefixlen: number }> }>;
    expect(link.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`)).toEqual([CIDR.replace(/0\/24$/, '1/24')]);
    const node = await c.client.get<import('@mk/api').Node>('nodes', undefined, NODE);
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^docker:\/\/20\./);
    expect(Number(node.status?.capacity?.cpu)).toBeGreaterThan(0);
    expect(node.status?.capacity?.memory).toMatch(/Ki$/);
  });

  it('init container fills an emptyDir; two containers talk over localhost; the IP survives a restart', async () => {
    await c.client.create(
      'pods',
      podOn('two', NODE, {
        volumes: [{ name: 'www', emptyDir: {} }],
        initContainers: [{ name: 'fill', image: 'mk/busybox:1', command: ['sh', '-c', 'echo hello-from-init > /www/index.html'], volumeMounts: [{ name: 'www', mountPath: '/www' }] }],
        containers: [
          { name: 'web', image: 'mk/busybox:1', command: ['httpd', '-f', '-p', '8080', '-h', '/www'], volumeMounts: [{ name: 'www', mountPath: '/www', readOnly: true }] },
          { name: 'client', image: 'mk/busybox:1', command: ['sleep', '3600'] },
        ],
      }),
    );
    const p = await until('two Running and Ready', async () => {
      const x = await getPod(c, 'two');
      return x.status?.phase === 'Running' && cond(x, 'Ready') === 'True' && x;
    }, 60_000);
    expect(p.status?.podIP?.startsWith(CIDR.replace(/0\/24$/, ''))).toBe(true);
    expect(p.status?.initContainerStatuses?.[0].state?.terminated?.reason).toBe('Completed');
    const [client] = containersOf('two', 'client', false);
    const got = await until('an answer over localhost', async () => {
      const out = docker('exec', client, 'sh', '-c', 'printf "GET /index.html HTTP/1.0\\r\\n\\r\\n" | nc 127.0.0.1 8080');
      return out.includes('hello-from-init') && out;
    });
    expect(got).toContain('200 OK');
    // The pause container owns the network; the app containers join it.
    const [web] = containersOf('two', 'web', false);
    expect(docker('inspect', web, '--format', '{{.HostConfig.NetworkMode}}')).toMatch(/^container:/);
    expect(docker('inspect', web, '--format', '{{index .Config.Labels "io.kubernetes.pod.namespace"}}')).toBe('default');
    // The pod's eth0 is on the node's bridge: the host reaches the pod IP, and the pod's files are the kubelet's.
    const direct = await fetch(`http://${p.status!.podIP}:8080/index.html`);
    expect((await direct.text()).trim()).toBe('hello-from-init');
    expect(docker('exec', client, 'hostname')).toBe('two');
    const hosts = docker('exec', client, 'cat', '/etc/hosts');
    expect(hosts).toMatch(/^# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n/);
    expect(hosts).toContain(`${p.status!.podIP}\ttwo`);
    expect(docker('exec', client, 'ip', 'route')).toContain(`default via ${CIDR.replace(/0\/24$/, '1')} dev eth0`);

    // Kill a container behind the kubelet's back: it comes back, the pod keeps its IP.
    docker('kill', web);
    const after = await until('web restarted', async () => {
      const x = await getPod(c, 'two');
      const s = x.status?.containerStatuses?.find((s) => s.name === 'web');
      return s && s.restartCount >= 1 && s.state?.running && x;
    }, 60_000);
    expect(after.status?.podIP).toBe(p.status?.podIP);
  }, 120_000);

  it('a failing exec liveness probe restarts the container and raises restartCount', async () => {
    await c.client.create(
      'pods',
      podOn('live', NODE, {
        terminationGracePeriodSeconds: 2,
        containers: [
          {
            name: 'app',
            image: 'mk/busybox:1',
            command: ['sh', '-c', 'touch /tmp/healthy; sleep 2; rm -f /tmp/healthy; sleep 3600'],
            livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
          },
        ],
      }),
    );
    await until('live restarted', async () => ((await getPod(c, 'live')).status?.containerStatuses?.[0].restartCount ?? 0) >= 1, 60_000);
    const evs = await until('the probe events', async () => {
      const e = await events(c, 'live');
      return e.some((x) => x.reason === 'Killing' && x.message === 'Container app failed liveness probe, will be restarted') && e;
    });
    const unhealthy = evs.find((x) => x.reason === 'Unhealthy');
    expect(unhealthy?.message).toMatch(/^Liveness probe failed: /);
    expect(unhealthy?.type).toBe('Warning');
  }, 90_000);

  it('a failing readiness probe keeps Ready false until it passes, without restarts', async () => {
    await c.client.create(
      'pods',
      podOn('ready', NODE, {
        containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sleep', '3600'], readinessProbe: { exec: { command: ['cat', '/ready'] }, periodSeconds: 1 } }],
      }),
    );
    const p = await until('ready Running', async () => {
      const x = await getPod(c, 'ready');
      return x.status?.phase === 'Running' && x;
    }, 60_000);
    expect(cond(p, 'Ready')).toBe('False');
    await new Promise((r) => setTimeout(r, 2500));
    const still = await getPod(c, 'ready');
    expect(cond(still, 'Ready')).toBe('False');
    expect(still.status?.containerStatuses?.[0].ready).toBe(false);
    const [id] = containersOf('ready', 'app', false);
    docker('exec', id, 'touch', '/ready');
    const done = await until('ready Ready', async () => {
      const x = await getPod(c, 'ready');
      return cond(x, 'Ready') === 'True' && x;
    });
    expect(done.status?.containerStatuses?.[0].restartCount).toBe(0);
  }, 90_000);

  it('a crash loop shows CrashLoopBackOff', async () => {
    await c.client.create('pods', podOn('crash', NODE, { containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sh', '-c', 'exit 1'] }] }));
    const p = await until('CrashLoopBackOff', async () => {
      const x = await getPod(c, 'crash');
      return x.status?.containerStatuses?.[0].state?.waiting?.reason === 'CrashLoopBackOff' && x;
    }, 60_000);
    expect(p.status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect((await events(c, 'crash')).map((e) => e.reason)).toEqual(expect.arrayContaining(['Created', 'Started', 'BackOff']));
  }, 90_000);

  it('OnFailure with exit 0 ends Succeeded; Never with exit 3 ends Failed', async () => {
    await c.client.create('pods', podOn('ok', NODE, { restartPolicy: 'OnFailure', containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sh', '-c', 'exit 0'] }] }));
    await c.client.create('pods', podOn('bad', NODE, { restartPolicy: 'Never', containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sh', '-c', 'exit 3'] }] }));
    const ok = await until('ok Succeeded', async () => {
      const x = await getPod(c, 'ok');
      return x.status?.phase === 'Succeeded' && x;
    }, 60_000);
    expect(ok.status?.containerStatuses?.[0].state?.terminated?.reason).toBe('Completed');
    const bad = await until('bad Failed', async () => {
      const x = await getPod(c, 'bad');
      return x.status?.phase === 'Failed' && x;
    }, 60_000);
    expect(bad.status?.containerStatuses?.[0].state?.terminated?.exitCode).toBe(3);
  }, 90_000);

  it('env, configMap volumes and imagePullPolicy Never', async () => {
    await c.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { greeting: 'hi', 'app.conf': 'x=1' } });
    await c.client.create(
      'pods',
      podOn('env', NODE, {
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
        containers: [
          {
            name: 'app',
            image: 'mk/busybox:1',
            command: ['sleep', '3600'],
            env: [
              { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'MSG', value: '$(GREETING)-$(POD_NAME)' },
            ],
            volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg', readOnly: true }],
            resources: { limits: { memory: '64Mi', cpu: '200m' } },
          },
        ],
      }),
    );
    await until('env Running', async () => (await getPod(c, 'env')).status?.phase === 'Running', 60_000);
    const [id] = containersOf('env', 'app', false);
    expect(docker('exec', id, 'sh', '-c', 'echo $MSG')).toBe('hi-env');
    expect(docker('exec', id, 'cat', '/etc/cfg/app.conf')).toBe('x=1');
    expect(docker('inspect', id, '--format', '{{.HostConfig.Memory}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}}')).toBe(`${64 * 1024 * 1024} 20000 100000`);

    await c.client.create('pods', podOn('never', NODE, { containers: [{ name: 'app', image: 'mk/absent:1', imagePullPolicy: 'Never' }] }));
    const p = await until('ErrImageNeverPull', async () => {
      const x = await getPod(c, 'never');
      return x.status?.containerStatuses?.[0].state?.waiting?.reason === 'ErrImageNeverPull' && x;
    }, 30_000);
    expect(p.status?.containerStatuses?.[0].state?.waiting?.message).toBe('Container image "mk/absent:1" is not present with pull policy of Never');
    expect(p.status?.phase).toBe('Pending');
  }, 90_000);

  it('image pulls that fail show ErrImagePull, then ImagePullBackOff', async () => {
    await c.client.create('pods', podOn('pull', NODE, { containers: [{ name: 'app', image: 'registry.invalid/nothing:1' }] }));
    const seen = new Set<string>();
    await until('ImagePullBackOff after ErrImagePull', async () => {
      const r = (await getPod(c, 'pull')).status?.containerStatuses?.[0].state?.waiting?.reason;
      if (r) seen.add(r);
      return seen.has('ImagePullBackOff') && seen;
    }, 30_000, 20);
    const evs = await events(c, 'pull');
    expect(evs.find((e) => e.reason === 'Failed' && e.message?.startsWith('Failed to pull image "registry.invalid/nothing:1"'))).toBeTruthy();
    expect(evs.map((e) => e.message)).toContain('Error: ErrImagePull');
    expect(evs.map((e) => e.reason)).toContain('BackOff');
    expect((await getPod(c, 'pull')).status?.phase).toBe('Pending');
  }, 60_000);

  it('shareProcessNamespace, postStart, secret and downwardAPI volumes, subPath, hostPort', async () => {
    await c.client.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw', namespace: 'default' }, data: { password: Buffer.from('s3cret').toString('base64') } });
    const hostPort = 20000 + (process.pid % 10000);
    await c.client.create(
      'pods',
      podOn('many', NODE, {
        shareProcessNamespace: true,
        volumes: [
          { name: 'sec', secret: { secretName: 'pw', defaultMode: 0o400 } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          { name: 'scratch', emptyDir: {} },
        ],
        containers: [
          {
            name: 'app',
            image: 'mk/busybox:1',
            command: ['sh', '-c', 'echo hello > /www/index.html; exec httpd -f -p 80 -h /www'],
            ports: [{ containerPort: 80, hostPort }],
            workingDir: '/www',
            lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo started > /tmp/poststart'] } } },
            volumeMounts: [
              { name: 'sec', mountPath: '/etc/sec', readOnly: true },
              { name: 'info', mountPath: '/etc/info' },
              { name: 'scratch', mountPath: '/www', subPath: 'site' },
            ],
          },
        ],
      }),
    );
    await c.client.patch('pods', 'default', 'many', { metadata: { labels: { app: 'many' } } }, 'merge');
    await until('many Running', async () => (await getPod(c, 'many')).status?.phase === 'Running', 60_000);
    const [id] = containersOf('many', 'app', false);
    expect(docker('exec', id, 'ps')).toMatch(/^\s*1 \S+\s+\/pause/m);
    expect(docker('exec', id, 'cat', '/etc/sec/password')).toBe('s3cret');
    expect(docker('exec', id, 'cat', '/tmp/poststart')).toBe('started');
    expect(docker('exec', id, 'pwd')).toBe('/www');
    await until('the downward API labels', async () => docker('exec', id, 'cat', '/etc/info/labels').includes('app="many"'));
    const body = await until('an answer on the hostPort', async () => {
      const r = await fetch(`http://127.0.0.1:${hostPort}/index.html`);
      return r.ok && (await r.text());
    });
    expect(body.trim()).toBe('hello');
    const uid = (await getPod(c, 'many')).metadata.uid!;
    expect(readFileSync(join(rootDir, 'pods', uid, 'volumes', 'scratch', 'site', 'index.html'), 'utf8').trim()).toBe('hello');
  }, 90_000);

  it('securityContext: runAsUser, runAsGroup, supplementalGroups, readOnlyRootFilesystem, capabilities, privileged', async () => {
    await c.client.create(
      'pods',
      podOn('secctx', NODE, {
        securityContext: { runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [4000] },
        containers: [
          { name: 'user', image: 'mk/busybox:1', command: ['sleep', '3600'] },
          { name: 'ro', image: 'mk/busybox:1', command: ['sleep', '3600'], securityContext: { runAsUser: 0, readOnlyRootFilesystem: true } },
          { name: 'caps', image: 'mk/busybox:1', command: ['sleep', '3600'], securityContext: { runAsUser: 0, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } },
          { name: 'plain', image: 'mk/busybox:1', command: ['sleep', '3600'], securityContext: { runAsUser: 0 } },
          { name: 'priv', image: 'mk/busybox:1', command: ['sleep', '3600'], securityContext: { runAsUser: 0, privileged: true } },
        ],
      }),
    );
    // This machine's Docker cannot start privileged containers (its capability bounding set lacks
    // one); where it can, priv runs too. Either way the kubelet asked for it and says what happened.
    const privileged = (() => {
      try {
        docker('run', '--rm', '--privileged', 'mk/busybox:1', 'true');
        return true;
      } catch {
        return false;
      }
    })();
    await until('secctx containers started', async () => {
      const x = await getPod(c, 'secctx');
      const st = (n: string) => x.status?.containerStatuses?.find((s) => s.name === n)?.state;
      const priv = st('priv');
      return ['user', 'ro', 'caps', 'plain'].every((n) => st(n)?.running) && (privileged ? !!priv?.running : priv?.waiting?.reason === 'RunContainerError');
    }, 60_000);
    expect(docker('inspect', containersOf('secctx', 'caps', false)[0], '--format', '{{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}}')).toBe('[ALL] [NET_ADMIN]');
    const id = (name: string) => containersOf('secctx', name, false)[0];
    const sh = (name: string, script: string): { ok: boolean; out: string } => {
      try {
        return { ok: true, out: docker('exec', id(name), 'sh', '-c', script) };
      } catch (e) {
        return { ok: false, out: String((e as { stderr?: string }).stderr ?? e) };
      }
    };
    expect(sh('user', 'id -u; id -g').out).toBe('1000\n3000');
    expect(sh('user', 'id -G').out.split(' ')).toContain('4000');
    const ro = sh('ro', 'touch /x');
    expect(ro.ok).toBe(false);
    expect(ro.out).toContain('Read-only file system');
    expect(sh('ro', 'touch /tmp/../etc/x 2>&1; echo $?').out).not.toBe('0');
    // CAP_NET_ADMIN is bit 12: only it is left.
    expect(sh('caps', "grep CapEff /proc/self/status | awk '{print $2}'").out).toBe('0000000000001000');
    // Creating a link in the pod's network namespace needs NET_ADMIN: the default set lacks it, privileged has it.
    expect(sh('plain', 'ip link add d0 type dummy').ok).toBe(false);
    if (privileged) expect(sh('priv', 'ip link add d1 type dummy && ip link del d1').ok).toBe(true);
    else expect((await events(c, 'secctx')).some((e) => e.reason === 'Failed' && e.message?.includes('unable to apply caps'))).toBe(true);
  }, 90_000);

  it('a terminated container reports its termination message; FallbackToLogsOnError uses the log', async () => {
    await c.client.create(
      'pods',
      podOn('termmsg', NODE, {
        restartPolicy: 'Never',
        containers: [
          { name: 'file', image: 'mk/busybox:1', command: ['sh', '-c', 'echo Sleep expired > /dev/termination-log; exit 1'] },
          { name: 'custom', image: 'mk/busybox:1', command: ['sh', '-c', 'echo done > /tmp/msg'], terminationMessagePath: '/tmp/msg' },
          { name: 'logs', image: 'mk/busybox:1', command: ['sh', '-c', 'echo from the log; exit 2'], terminationMessagePolicy: 'FallbackToLogsOnError' },
        ],
      }),
    );
    const p = await until('termmsg Failed', async () => {
      const x = await getPod(c, 'termmsg');
      return x.status?.phase === 'Failed' && x;
    }, 60_000);
    const msg = (name: string) => p.status?.containerStatuses?.find((s) => s.name === name)?.state?.terminated?.message;
    expect(msg('file')).toBe('Sleep expired\n');
    expect(msg('custom')).toBe('done\n');
    expect(msg('logs')).toBe('from the log\n');
  }, 90_000);

  it('emptyDir medium Memory is a tmpfs of its sizeLimit (else the pod memory limit), shared by the containers, unmounted with the pod', async () => {
    await c.client.create(
      'pods',
      podOn('ram', NODE, {
        terminationGracePeriodSeconds: 0,
        volumes: [
          { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
          { name: 'big', emptyDir: { medium: 'Memory' } },
        ],
        containers: [
          { name: 'writer', image: 'mk/busybox:1', command: ['sh', '-c', 'echo in-memory > /cache/f; sleep 3600'], volumeMounts: [{ name: 'cache', mountPath: '/cache' }], resources: { limits: { memory: '32Mi' } } },
          {
            name: 'reader',
            image: 'mk/busybox:1',
            command: ['sleep', '3600'],
            volumeMounts: [
              { name: 'cache', mountPath: '/cache' },
              { name: 'big', mountPath: '/big' },
            ],
            resources: { limits: { memory: '32Mi' } },
          },
        ],
      }),
    );
    await until('ram Running', async () => (await getPod(c, 'ram')).status?.phase === 'Running', 60_000);
    const reader = containersOf('ram', 'reader', false)[0];
    expect(await until('the file from the other container', async () => docker('exec', reader, 'cat', '/cache/f') === 'in-memory')).toBe(true);
    const [, fs, size] = /^(\S+)\s+(\d+)/m.exec(docker('exec', reader, 'df', '-k', '/cache').split('\n')[1]) ?? [];
    expect(fs).toBe('tmpfs');
    expect(size).toBe('16384');
    // Without a sizeLimit: the pod's memory limit, 2 x 32Mi.
    expect(/^tmpfs\s+(\d+)/m.exec(docker('exec', reader, 'df', '-k', '/big').split('\n')[1])?.[1]).toBe('65536');
    const uid = (await getPod(c, 'ram')).metadata.uid!;
    const mountPoint = join(rootDir, 'pods', uid, 'volumes', 'cache');
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).toContain(` ${mountPoint} `);
    await c.client.delete('pods', 'default', 'ram', { gracePeriodSeconds: 0 });
    await until('the tmpfs unmounted', async () => !readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${mountPoint} `), 30_000);
  }, 90_000);

  it('seccomp: Unconfined unless the pod or container asks for RuntimeDefault', async () => {
    await c.client.create(
      'pods',
      podOn('seccomp', NODE, {
        containers: [
          { name: 'plain', image: 'mk/busybox:1', command: ['sleep', '3600'] },
          { name: 'confined', image: 'mk/busybox:1', command: ['sleep', '3600'], securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
        ],
      }),
    );
    await until('seccomp Running', async () => (await getPod(c, 'seccomp')).status?.phase === 'Running', 60_000);
    const mode = (name: string): string => /^Seccomp:\s+(\d)/m.exec(docker('exec', containersOf('seccomp', name, false)[0], 'cat', '/proc/1/status'))?.[1] ?? '';
    expect(mode('plain')).toBe('0');
    expect(mode('confined')).toBe('2');
  }, 90_000);

  it('hostNetwork pods get the node IP; force delete removes the containers at once', async () => {
    await c.client.create('pods', podOn('hostnet', NODE, { hostNetwork: true }));
    const p = await until('hostnet Running', async () => {
      const x = await getPod(c, 'hostnet');
      return x.status?.phase === 'Running' && x;
    }, 60_000);
    expect(p.status?.podIP).toBe('127.0.0.1');
    await c.client.delete('pods', 'default', 'hostnet', { gracePeriodSeconds: 0 });
    await until('hostnet containers removed', async () => containersOf('hostnet').length === 0, 30_000);
  }, 90_000);

  it('serves container logs (tailLines, timestamps, previous) on the kubelet port', async () => {
    await c.client.create('pods', podOn('talk', NODE, { containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sh', '-c', 'echo line1; echo line2; sleep 3600'] }] }));
    await until('talk Running', async () => (await getPod(c, 'talk')).status?.phase === 'Running', 60_000);
    const base = `http://127.0.0.1:${k.port}/containerLogs/default/talk/app`;
    expect(await until('both lines', async () => {
      const t = await (await fetch(base)).text();
      return t.includes('line2') && t;
    })).toBe('line1\nline2\n');
    expect(await (await fetch(`${base}?tailLines=1`)).text()).toBe('line2\n');
    expect(await (await fetch(`${base}?timestamps=true`)).text()).toMatch(/^\d{4}-\d\d-\d\dT\S+Z line1\n/);
    const prev = await fetch(`${base}?previous=true`);
    expect(prev.status).toBe(400);
    expect(((await prev.json()) as { message: string }).message).toBe('previous terminated container "app" in pod "talk" not found');
    const missing = await fetch(`http://127.0.0.1:${k.port}/containerLogs/default/nope/app`);
    expect(missing.status).toBe(404);
    // The crash-looping pod has a previous instance.
    expect(await (await fetch(`http://127.0.0.1:${k.port}/containerLogs/default/crash/app?previous=true`)).status).toBe(200);
  }, 90_000);

  it('execs over WebSocket with the v4/v5 channel protocol', async () => {
    const port = k.port!;
    const run = (query: string, protocol: string, input?: string) =>
      new Promise<{ out: string; err: string; status: { status: string; details?: { causes?: Array<{ message: string }> } } }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/exec/default/talk/app?${query}`, [protocol]);
        let out = '';
        let err = '';
        let status: { status: string } = { status: '' };
        ws.on('open', () => {
          if (input !== undefined) {
            ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(input)]));
            ws.send(Buffer.from([255, 0]));
          }
        });
        ws.on('message', (d: Buffer) => {
          if (d[0] === 1) out += d.subarray(1).toString();
          if (d[0] === 2) err += d.subarray(1).toString();
          if (d[0] === 3) status = JSON.parse(d.subarray(1).toString());
        });
        ws.on('close', () => resolve({ out, err, status: status as never }));
        ws.on('error', reject);
      });
    const a = await run('command=sh&command=-c&command=echo%20hi%3B%20echo%20oops%20%3E%262%3B%20exit%203&stdout=1&stderr=1', 'v4.channel.k8s.io');
    expect(a.out).toBe('hi\n');
    expect(a.err).toBe('oops\n');
    expect(a.status.status).toBe('Failure');
    expect(a.status.details?.causes?.[0].message).toBe('3');
    const b = await run('command=cat&stdin=1&stdout=1&stderr=1', 'v5.channel.k8s.io', 'hello');
    expect(b.out).toBe('hello');
    expect(b.status.status).toBe('Success');
  }, 60_000);

  it('a killed pause container gives the pod a new sandbox: init containers run again, containers restart', async () => {
    await c.client.create(
      'pods',
      podOn('sandbox', NODE, {
        initContainers: [{ name: 'init', image: 'mk/busybox:1', command: ['true'] }],
        containers: [{ name: 'app', image: 'mk/busybox:1', command: ['sleep', '3600'] }],
        terminationGracePeriodSeconds: 1,
      }),
    );
    await until('sandbox Ready', async () => cond(await getPod(c, 'sandbox'), 'Ready') === 'True', 60_000);
    const [pause] = containersOf('sandbox', 'POD', false);
    docker('kill', pause);
    const p = await until('a new sandbox with the app running again', async () => {
      const x = await getPod(c, 'sandbox');
      const s = x.status?.containerStatuses?.[0];
      return s && s.restartCount >= 1 && s.state?.running && cond(x, 'Ready') === 'True' && x;
    }, 60_000);
    expect(p.status?.initContainerStatuses?.[0].restartCount).toBe(1);
    expect(containersOf('sandbox', 'POD', false).length).toBe(1);
    expect(containersOf('sandbox', 'POD', false)[0]).not.toBe(pause);
    expect((await events(c, 'sandbox')).map((e) => e.reason)).toContain('SandboxChanged');
  }, 90_000);

  it('configMap volume files follow updates to the ConfigMap', async () => {
    await c.client.patch('configmaps', 'default', 'cfg', { data: { 'app.conf': 'x=2' } }, 'merge');
    const [id] = containersOf('env', 'app', false);
    // The kubelet rewrites the files on its next sync of the pod (at most 10 s later).
    await until('the new file content', async () => docker('exec', id, 'cat', '/etc/cfg/app.conf') === 'x=2' || undefined, 30_000, 500);
    // Environment variables never change in a running container.
    expect(docker('exec', id, 'sh', '-c', 'echo $GREETING')).toBe('hi');
  }, 60_000);

  it('a restarted kubelet adopts running containers: nothing restarts, nothing is duplicated', async () => {
    const before = await getPod(c, 'two');
    const ids = containersOf('two').sort();
    await k.stop();
    k = await startKubelet(opts());
    // Let it sync a few times.
    await new Promise((r) => setTimeout(r, 3000));
    const after = await getPod(c, 'two');
    expect(containersOf('two').sort()).toEqual(ids);
    expect(after.status?.containerStatuses?.map((s) => [s.containerID, s.restartCount])).toEqual(
      before.status?.containerStatuses?.map((s) => [s.containerID, s.restartCount]),
    );
    expect(after.status?.podIP).toBe(before.status?.podIP);
  }, 60_000);

  it('graceful deletion runs preStop, stops the containers and removes the pod', async () => {
    const hostDir = mkdtempSync(join(tmpdir(), 'mk-prestop-'));
    await c.client.create(
      'pods',
      podOn('stopme', NODE, {
        terminationGracePeriodSeconds: 5,
        volumes: [{ name: 'out', hostPath: { path: hostDir, type: 'Directory' } }],
        containers: [
          {
            name: 'app',
            image: 'mk/busybox:1',
            command: ['sleep', '3600'],
            volumeMounts: [{ name: 'out', mountPath: '/out' }],
            lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo bye > /out/prestop'] } } },
          },
        ],
      }),
    );
    await until('stopme Running', async () => (await getPod(c, 'stopme')).status?.phase === 'Running', 60_000);
    await c.client.delete('pods', 'default', 'stopme');
    await until('stopme gone', async () => {
      try {
        await getPod(c, 'stopme');
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    }, 30_000);
    expect(readFileSync(join(hostDir, 'prestop'), 'utf8').trim()).toBe('bye');
    await until('its containers removed', async () => containersOf('stopme').length === 0, 30_000);
    rmSync(hostDir, { recursive: true, force: true });
  }, 90_000);
});
