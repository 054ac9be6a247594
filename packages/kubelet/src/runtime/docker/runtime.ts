// The Docker runtime (dockershim's way): a pause container per pod owns the network and IPC
// namespaces; app containers join them with `--net container:<pause>`. Containers carry
// dockershim's names and labels. The pod network is the kubelet's own (network.ts, as the CNI
// bridge plugin makes it), not a Docker network: the pause container runs with Docker's
// networking off and gets a veth on the node's bridge.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { PassThrough, Readable, type Duplex } from 'node:stream';
import Docker from 'dockerode';
import { parseQuantity } from '@mk/api';
import type { Container, Pod } from '@mk/api';
import type { Logger } from '@mk/client';
import { expand } from '../../pod/env.js';
import { formatResolvConf, parseResolvConf, type DNSConfig } from '../../pod/dns.js';
import { managedHostsFile, podHostname } from '../../pod/hosts.js';
import { BridgeNetwork, type HostPortMapping } from './network.js';
import { dialInNetns, stopNetnsRelays } from './netns-dial.js';
import { StartQueue } from './start-queue.js';
import type {
  ContainerRecord,
  ContainerRuntime,
  ExecIO,
  ExecResult,
  ExecSession,
  LogOptions,
  PodRecord,
  PullResult,
  RuntimeNode,
  SandboxRecord,
  StartContainerRequest,
} from '../types.js';
import {
  LABEL_CONTAINER_NAME,
  LABEL_DOCKER_TYPE,
  LABEL_INIT,
  LABEL_NODE,
  LABEL_POD_NAME,
  LABEL_POD_IP,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_RESTART_COUNT,
  LABEL_SANDBOX_ATTEMPT,
  LABEL_SANDBOX_ID,
  LABEL_TERMINATION_MESSAGE_PATH,
  LABEL_TERMINATION_MESSAGE_POLICY,
  POD_INFRA_CONTAINER_NAME,
  containerName,
  networkName,
  podLabels,
} from './labels.js';

export interface DockerRuntimeOptions {
  socketPath?: string;
  pauseImage?: string;
  logger: Logger;
  /** How long an image pull may take. */
  pullTimeoutMs?: number;
  /** The kubelet's root directory: each pod's etc-hosts and resolv.conf live in pods/<uid>/. */
  rootDir: string;
  /** The pod's resolv.conf (the kubelet's DNS configurer); unset: the host's, without loopback servers. */
  podDNS?: (pod: Pod) => DNSConfig;
  /** --cluster-domain, for a pod's FQDN in its /etc/hosts. */
  clusterDomain?: string;
  /** Masquerade pod traffic leaving the bridge (default); off when a pod-network agent does. */
  ipMasquerade?: boolean;
  /** Container starts asked of Docker at once (default 4); see start-queue.ts. */
  maxParallelStarts?: number;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const secondsTime = (t: string | undefined): string | undefined =>
  !t || t.startsWith('0001-01-01') ? undefined : t.replace(/\.\d+Z$/, 'Z');

function statusCode(e: unknown): number | undefined {
  return (e as { statusCode?: number }).statusCode;
}

/** Default pull policy: Always for :latest or untagged images, else IfNotPresent. */
export function pullPolicy(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const image = c.image ?? '';
  const ref = image.split('@')[0];
  const tag = ref.lastIndexOf(':') > ref.lastIndexOf('/') ? ref.slice(ref.lastIndexOf(':') + 1) : '';
  return image.includes('@') || (tag && tag !== 'latest') ? 'IfNotPresent' : 'Always';
}

/** Docker resource settings from limits and requests, as dockershim set them. */
export function resourceConfig(c: Container): Docker.HostConfig {
  const hc: Docker.HostConfig = {};
  const lim = c.resources?.limits ?? {};
  const req = c.resources?.requests ?? {};
  if (lim.memory !== undefined) hc.Memory = parseQuantity(lim.memory).value();
  if (lim.cpu !== undefined) {
    hc.CpuPeriod = 100_000;
    hc.CpuQuota = Math.max(1000, Math.floor((parseQuantity(lim.cpu).milliValue() * 100_000) / 1000));
  }
  const shareCpu = req.cpu ?? lim.cpu;
  hc.CpuShares = shareCpu !== undefined ? Math.max(2, Math.floor((parseQuantity(shareCpu).milliValue() * 1024) / 1000)) : 2;
  return hc;
}

/**
 * Docker's seccomp option for a container (or, without one, the pod's sandbox): the container's
 * securityContext.seccompProfile, else the pod's, else Unconfined, Kubernetes' default (as
 * dockershim passed it). Localhost profiles are files under the kubelet's <root>/seccomp.
 */
export function seccompSecurityOpt(pod: Pod, c: Container | undefined, rootDir: string): string[] {
  const profile = c?.securityContext?.seccompProfile ?? pod.spec?.securityContext?.seccompProfile;
  switch (profile?.type ?? 'Unconfined') {
    case 'RuntimeDefault':
      return [];
    case 'Localhost': {
      const path = join(rootDir, 'seccomp', profile?.localhostProfile ?? '');
      try {
        return [`seccomp=${readFileSync(path, 'utf8')}`];
      } catch (e) {
        throw new Error(`failed to generate seccomp security options: cannot load seccomp profile "${path}": ${(e as Error).message}`);
      }
    }
    default:
      return ['seccomp=unconfined'];
  }
}

export class DockerRuntime implements ContainerRuntime {
  readonly type = 'docker';
  readonly docker: Docker;
  private node!: RuntimeNode;
  private network: BridgeNetwork | undefined;
  /** Pod IPs this runtime holds in its IPAM, by sandbox id: released when the sandbox stops. */
  private readonly sandboxIPs = new Map<string, string>();
  private closed = false;
  private events: NodeJS.ReadableStream | undefined;
  private readonly inspectCache = new Map<string, ContainerRecord>();
  private readonly pauseImage: string;
  private readonly starts: StartQueue;

  constructor(private readonly o: DockerRuntimeOptions) {
    this.docker = new Docker({ socketPath: o.socketPath ?? '/var/run/docker.sock' });
    this.pauseImage = o.pauseImage ?? 'mk/pause:3.9';
    this.starts = new StartQueue(o.maxParallelStarts ?? 4);
  }

  async version(): Promise<string> {
    const v = await this.docker.version();
    return `docker://${v.Version}`;
  }

  async start(node: RuntimeNode): Promise<void> {
    this.node = node;
    await this.removeLegacyNetwork();
    this.network = new BridgeNetwork({ nodeName: node.nodeName, podCIDR: node.podCIDR, ipMasquerade: this.o.ipMasquerade ?? true, logger: this.o.logger });
    // Running sandboxes keep their addresses; the rest of the podCIDR is free.
    const running = (await this.list([`${LABEL_DOCKER_TYPE}=podsandbox`, `${LABEL_POD_IP}`]))
      .filter((c) => c.State === 'running' && c.HostConfig?.NetworkMode !== 'host')
      .map((c) => ({ id: c.Id, ip: c.Labels[LABEL_POD_IP] }));
    for (const r of running) this.sandboxIPs.set(r.id, r.ip);
    await this.network.ensure(running);
  }

  /** Earlier mk put pods on a Docker network per node (mk-NODE); its bridge holds the podCIDR gateway. */
  private async removeLegacyNetwork(): Promise<void> {
    const name = networkName(this.node.nodeName);
    const found = (await this.docker.listNetworks({ filters: { name: [name] } })).find((n) => n.Name === name);
    if (!found) return;
    const info = await this.docker.getNetwork(found.Id).inspect();
    const users = Object.keys(info.Containers ?? {}).length;
    if (users > 0) throw new Error(`docker network ${name} (from an older mk) still has ${users} containers: remove them (docker rm -f), then start the kubelet again`);
    await this.docker.getNetwork(found.Id).remove();
  }

  watch(onChange: (podUid: string) => void): void {
    const connect = async (): Promise<void> => {
      if (this.closed) return;
      try {
        const stream = await this.docker.getEvents({
          // Only what happens behind the kubelet's back: it knows about the starts it does itself.
          filters: { type: ['container'], label: [`${LABEL_NODE}=${this.node?.nodeName ?? ''}`], event: ['die', 'oom', 'destroy'] },
        });
        this.events = stream;
        let buf = '';
        stream.on('data', (d: Buffer) => {
          buf += d.toString('utf8');
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            try {
              const ev = JSON.parse(line) as { id?: string; Actor?: { Attributes?: Record<string, string> } };
              if (ev.id) this.inspectCache.delete(ev.id);
              const uid = ev.Actor?.Attributes?.[LABEL_POD_UID];
              if (uid) onChange(uid);
            } catch {
              // a partial line: wait for the rest
            }
          }
        });
        stream.on('end', () => setTimeout(() => void connect(), 1000).unref());
        stream.on('error', () => undefined);
      } catch (e) {
        this.o.logger.warn(`watching docker events failed: ${e instanceof Error ? e.message : String(e)}`);
        setTimeout(() => void connect(), 2000).unref();
      }
    };
    // start() sets the node; watch is called before start, so connect a moment later.
    setTimeout(() => void connect(), 0);
  }

  private async list(filters: string[]): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE}=${this.node.nodeName}`, ...filters] } });
  }

  async listPodUids(): Promise<string[]> {
    return [...new Set((await this.list([])).map((c) => c.Labels[LABEL_POD_UID]).filter((x): x is string => !!x))];
  }

  async getPod(uid: string): Promise<PodRecord | undefined> {
    const infos = await this.list([`${LABEL_POD_UID}=${uid}`]);
    if (infos.length === 0) return undefined;
    const rec: PodRecord = {
      uid,
      namespace: infos[0].Labels[LABEL_POD_NAMESPACE] ?? '',
      name: infos[0].Labels[LABEL_POD_NAME] ?? '',
      sandboxes: [],
      containers: [],
    };
    await Promise.all(
      infos.map(async (info) => {
        if (info.Labels[LABEL_DOCKER_TYPE] === 'podsandbox') {
          rec.sandboxes.push({
            id: info.Id,
            podUid: uid,
            attempt: Number(info.Labels[LABEL_SANDBOX_ATTEMPT] ?? 0),
            ready: info.State === 'running',
            ip: info.HostConfig?.NetworkMode === 'host' ? this.node.nodeIP : (info.Labels[LABEL_POD_IP] ?? ''),
            createdAt: new Date(info.Created * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          });
          return;
        }
        const cached = this.inspectCache.get(info.Id);
        // A cached inspect stays true until an engine event about the container drops it
        // (die, oom, destroy); the listed state must still agree with it (a start shows there).
        const listed = info.State === 'running' ? 'running' : info.State === 'exited' || info.State === 'dead' ? 'exited' : info.State;
        if (cached && cached.state === listed) {
          rec.containers.push({ ...cached });
          return;
        }
        const r = await this.inspect(info.Id, uid).catch((e: unknown) => {
          if (statusCode(e) === 404) return undefined;
          throw e;
        });
        if (r) rec.containers.push(r);
      }),
    );
    return rec;
  }

  private async inspect(id: string, uid: string): Promise<ContainerRecord> {
    const i = await this.docker.getContainer(id).inspect();
    const s = i.State;
    const state: ContainerRecord['state'] =
      s.Status === 'running' || s.Status === 'restarting' || s.Status === 'paused'
        ? 'running'
        : s.Status === 'exited' || s.Status === 'dead'
          ? 'exited'
          : s.Status === 'created'
            ? 'created'
            : 'unknown';
    const r: ContainerRecord = {
      id: i.Id,
      name: i.Config.Labels[LABEL_CONTAINER_NAME] ?? '',
      podUid: uid,
      sandboxId: i.Config.Labels[LABEL_SANDBOX_ID],
      attempt: Number(i.Config.Labels[LABEL_RESTART_COUNT] ?? 0),
      init: i.Config.Labels[LABEL_INIT] === 'true',
      state,
      createdAt: secondsTime(i.Created) ?? ZERO_TIME,
      startedAt: secondsTime(s.StartedAt),
      image: i.Config.Image,
      imageID: `docker://${i.Image}`,
    };
    if (state === 'exited') {
      r.exitCode = s.ExitCode;
      r.finishedAt = secondsTime(s.FinishedAt);
      r.reason = s.OOMKilled ? 'OOMKilled' : s.ExitCode === 0 ? 'Completed' : 'Error';
      r.message = await this.terminationMessage(i, s.ExitCode).catch(() => undefined);
    }
    this.inspectCache.set(i.Id, r);
    return { ...r };
  }

  /**
   * What an exited container left in its terminationMessagePath (at most 4096 bytes); with
   * FallbackToLogsOnError and nothing there, a failed container's last 80 log lines (2048 bytes).
   */
  private async terminationMessage(i: Docker.ContainerInspectInfo, exitCode: number): Promise<string | undefined> {
    const at = i.Config.Labels[LABEL_TERMINATION_MESSAGE_PATH];
    const source = at ? i.Mounts.find((m) => m.Destination === at)?.Source : undefined;
    let text = '';
    if (source) {
      const buf = await readFile(source).catch(() => Buffer.alloc(0));
      text = buf.subarray(0, 4096).toString('utf8');
    }
    if (!text && exitCode !== 0 && i.Config.Labels[LABEL_TERMINATION_MESSAGE_POLICY] === 'FallbackToLogsOnError') {
      let logs = '';
      for await (const d of await this.logs(i.Id, { tailLines: 80 })) logs += d.toString();
      text = logs.length > 2048 ? logs.slice(logs.length - 2048) : logs;
    }
    return text || undefined;
  }

  async ensureImage(_pod: Pod, c: Container): Promise<PullResult> {
    const image = c.image ?? '';
    const policy = pullPolicy(c);
    const present = await this.imagePresent(image);
    if (policy === 'Never') {
      return present
        ? { ok: true, pulled: false, ms: 0 }
        : { ok: false, reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` };
    }
    if (present && policy === 'IfNotPresent') return { ok: true, pulled: false, ms: 0 };
    const t0 = Date.now();
    try {
      await this.pull(image);
      this.imageChecks.set(image, { at: Date.now(), present: Promise.resolve(true) });
      return { ok: true, pulled: true, ms: Date.now() - t0 };
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return { ok: false, reason: 'ErrImagePull', message: `Failed to pull image "${image}": ${msg}` };
    }
  }

  private readonly imageChecks = new Map<string, { at: number; present: Promise<boolean> }>();

  /** Whether the engine has the image: one inspect answers every container that asks within 5 s. */
  private imagePresent(image: string): Promise<boolean> {
    const hit = this.imageChecks.get(image);
    if (hit && Date.now() - hit.at < 5_000) return hit.present;
    const present = this.docker
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    this.imageChecks.set(image, { at: Date.now(), present });
    return present;
  }

  private pull(image: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('context deadline exceeded')), this.o.pullTimeoutMs ?? 60_000);
      this.docker.pull(image, (err: Error | null, stream: NodeJS.ReadableStream) => {
        if (err) {
          clearTimeout(timer);
          reject(err);
          return;
        }
        this.docker.modem.followProgress(stream, (e: Error | null) => {
          clearTimeout(timer);
          if (e) reject(e);
          else resolve();
        });
      });
    });
  }

  async runSandbox(pod: Pod, attempt: number, onCreated?: (sandboxId: string) => void): Promise<SandboxRecord> {
    const spec = pod.spec!;
    const name = containerName(pod, POD_INFRA_CONTAINER_NAME, attempt);
    const labels = {
      ...podLabels(pod, this.node.nodeName),
      [LABEL_CONTAINER_NAME]: POD_INFRA_CONTAINER_NAME,
      [LABEL_DOCKER_TYPE]: 'podsandbox',
      [LABEL_SANDBOX_ATTEMPT]: String(attempt),
    };
    if (spec.hostNetwork) return this.runHostNetworkSandbox(pod, attempt, name, labels, onCreated);
    const network = this.network!;
    const ip = network.allocate();
    let ctr: Docker.Container | undefined;
    try {
      await this.writePodFiles(pod, ip);
      const create = (): Promise<Docker.Container> =>
        this.docker.createContainer({
          name,
          Image: this.pauseImage,
          Hostname: podHostname(pod),
          // No Docker networking at all: no libnetwork sandbox, prestart hook or embedded DNS.
          // The kubelet wires the network namespace itself once the pause process runs.
          NetworkDisabled: true,
          Labels: { ...labels, [LABEL_POD_IP]: ip },
          HostConfig: {
            NetworkMode: 'none',
            IpcMode: spec.hostIPC ? 'host' : 'shareable',
            PidMode: spec.hostPID ? 'host' : undefined,
            SecurityOpt: seccompSecurityOpt(pod, undefined, this.o.rootDir),
            CpuShares: 2,
          },
        });
      ctr = await this.createReplacing(name, create);
      // The pod's first containers can be created while the sandbox starts.
      onCreated?.(ctr.id);
      await this.starts.run('sandbox', () => ctr!.start());
      const info = await ctr.inspect();
      this.sandboxIPs.set(info.Id, ip);
      await network.setUp(info.Id, info.State.Pid, ip, hostPorts(pod));
      return { id: info.Id, podUid: pod.metadata.uid!, attempt, ready: info.State.Running, ip, createdAt: secondsTime(info.Created) ?? ZERO_TIME };
    } catch (e) {
      // Nothing half-wired stays: the pod gets a fresh sandbox on the next sync.
      if (ctr) {
        await network.tearDown(ctr.id, undefined).catch(() => undefined);
        await this.removeContainer(ctr.id).catch(() => undefined);
        this.sandboxIPs.delete(ctr.id);
      }
      network.release(ip);
      throw e;
    }
  }

  /** A hostNetwork pod's sandbox: on the host's network, with Docker's /etc/hosts and resolv.conf. */
  private async runHostNetworkSandbox(pod: Pod, attempt: number, name: string, labels: Record<string, string>, onCreated?: (sandboxId: string) => void): Promise<SandboxRecord> {
    const spec = pod.spec!;
    const dns = this.o.podDNS?.(pod);
    const ctr = await this.createReplacing(name, () =>
      this.docker.createContainer({
        name,
        Image: this.pauseImage,
        Labels: labels,
        HostConfig: {
          NetworkMode: 'host',
          IpcMode: spec.hostIPC ? 'host' : 'shareable',
          PidMode: spec.hostPID ? 'host' : undefined,
          ExtraHosts: (spec.hostAliases ?? []).flatMap((h) => (h.hostnames ?? []).map((n) => `${n}:${h.ip}`)),
          Dns: dns?.servers,
          DnsSearch: dns?.searches,
          DnsOptions: dns?.options,
          SecurityOpt: seccompSecurityOpt(pod, undefined, this.o.rootDir),
          CpuShares: 2,
        },
      }),
    );
    onCreated?.(ctr.id);
    await this.starts.run('sandbox', () => ctr.start());
    const info = await ctr.inspect();
    // Docker copies the host's resolv.conf; the pod's policy decides what it holds, as dockershim's rewrite did.
    const text = dns ? formatResolvConf(dns) : '';
    if (text && info.ResolvConfPath) {
      await writeFile(info.ResolvConfPath, text, { mode: 0o644 }).catch((e: unknown) => this.o.logger.warn(`writing ${info.ResolvConfPath} failed: ${e instanceof Error ? e.message : String(e)}`));
    }
    return { id: info.Id, podUid: pod.metadata.uid!, attempt, ready: info.State.Running, ip: this.node.nodeIP, createdAt: secondsTime(info.Created) ?? ZERO_TIME };
  }

  /** Creates a container; one of the same name half-made by an earlier kubelet is replaced. */
  private async createReplacing(name: string, create: () => Promise<Docker.Container>): Promise<Docker.Container> {
    try {
      return await create();
    } catch (e) {
      if (statusCode(e) !== 409) throw e;
      await this.docker.getContainer(name).remove({ force: true });
      return create();
    }
  }

  private podDir(pod: Pod): string {
    return join(this.o.rootDir, 'pods', pod.metadata.uid!);
  }

  /** The pod's etc-hosts and resolv.conf, which each of its containers mounts. */
  private async writePodFiles(pod: Pod, ip: string): Promise<void> {
    const dir = this.podDir(pod);
    await mkdir(dir, { recursive: true });
    const dns = this.o.podDNS?.(pod) ?? hostDNS();
    await Promise.all([
      writeFile(join(dir, 'etc-hosts'), managedHostsFile(pod, ip, this.o.clusterDomain ?? ''), { mode: 0o644 }),
      writeFile(join(dir, 'resolv.conf'), formatResolvConf(dns), { mode: 0o644 }),
    ]);
  }

  async stopSandbox(id: string): Promise<void> {
    await this.stopContainer(id, 0);
    await this.releaseNetwork(id);
  }

  async removeSandbox(id: string): Promise<void> {
    await this.removeContainer(id);
    await this.releaseNetwork(id);
  }

  /** Takes a stopped sandbox off the bridge and frees its IP, once. */
  private async releaseNetwork(id: string): Promise<void> {
    if (!this.sandboxIPs.has(id)) return;
    const ip = this.sandboxIPs.get(id);
    this.sandboxIPs.delete(id);
    await this.network?.tearDown(id, ip);
  }

  async startContainer(req: StartContainerRequest): Promise<string> {
    const id = req.createdId ?? (await this.createContainer(req));
    await this.starts.run('container', () => this.docker.getContainer(id).start());
    return id;
  }

  async createContainer(req: StartContainerRequest): Promise<string> {
    const { pod, container: c, sandbox, config } = req;
    const spec = pod.spec!;
    const vars = new Map(config.env.map((e) => [e.name, e.value]));
    const sc = c.securityContext ?? {};
    const psc = spec.securityContext ?? {};
    const user = sc.runAsUser ?? psc.runAsUser;
    const group = sc.runAsGroup ?? psc.runAsGroup;
    for (const m of config.mounts) if (!existsSync(m.hostPath)) mkdirSync(m.hostPath, { recursive: true, mode: 0o777 });
    // The pod's own /etc/hosts and resolv.conf, unless the container mounts something there.
    const podFiles = spec.hostNetwork
      ? []
      : [
          ['etc-hosts', '/etc/hosts'],
          ['resolv.conf', '/etc/resolv.conf'],
        ]
          .filter(([, at]) => !config.mounts.some((m) => m.containerPath === at))
          .map(([file, at]) => `${join(this.podDir(pod), file)}:${at}`);
    // The termination message file, one per container instance, as the kubelet makes it.
    const messagePath = c.terminationMessagePath ?? '/dev/termination-log';
    if (!config.mounts.some((m) => m.containerPath === messagePath)) {
      const file = join(this.podDir(pod), 'containers', c.name, randomBytes(4).toString('hex'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, '', { mode: 0o666 });
      podFiles.push(`${file}:${messagePath}`);
    }
    const sandboxMode = `container:${sandbox.id}`;
    const name = containerName(pod, c.name, req.attempt);
    const opts: Docker.ContainerCreateOptions = {
      name,
      Image: c.image,
      Entrypoint: c.command ? c.command.map((s) => expand(s, vars)) : undefined,
      Cmd: c.args ? c.args.map((s) => expand(s, vars)) : undefined,
      WorkingDir: c.workingDir,
      Env: config.env.map((e) => `${e.name}=${e.value}`),
      Tty: c.tty ?? false,
      OpenStdin: c.stdin ?? false,
      StdinOnce: c.stdinOnce ?? false,
      User: user !== undefined ? (group !== undefined ? `${user}:${group}` : String(user)) : undefined,
      Labels: {
        ...podLabels(pod, this.node.nodeName),
        [LABEL_CONTAINER_NAME]: c.name,
        [LABEL_DOCKER_TYPE]: 'container',
        [LABEL_SANDBOX_ID]: sandbox.id,
        [LABEL_RESTART_COUNT]: String(req.attempt),
        [LABEL_TERMINATION_MESSAGE_PATH]: messagePath,
        [LABEL_TERMINATION_MESSAGE_POLICY]: c.terminationMessagePolicy ?? 'File',
        ...(req.init ? { [LABEL_INIT]: 'true' } : {}),
      },
      HostConfig: {
        NetworkMode: sandboxMode,
        IpcMode: sandboxMode,
        PidMode: spec.shareProcessNamespace ? sandboxMode : spec.hostPID ? 'host' : undefined,
        Binds: [...config.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`), ...podFiles],
        Privileged: sc.privileged ?? false,
        ReadonlyRootfs: sc.readOnlyRootFilesystem ?? false,
        CapAdd: sc.capabilities?.add,
        CapDrop: sc.capabilities?.drop,
        SecurityOpt: seccompSecurityOpt(pod, c, this.o.rootDir),
        GroupAdd: psc.supplementalGroups?.map(String),
        ...resourceConfig(c),
      },
    };
    let ctr: Docker.Container;
    try {
      ctr = await this.docker.createContainer(opts);
    } catch (e) {
      // The same attempt left behind by a kubelet that died before starting it: replace it.
      if (statusCode(e) !== 409) throw e;
      await this.docker.getContainer(name).remove({ force: true });
      ctr = await this.docker.createContainer(opts);
    }
    return ctr.id;
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.floor(graceSeconds)) });
    } catch (e) {
      const code = statusCode(e);
      if (code !== 304 && code !== 404) throw e;
    }
    this.inspectCache.delete(id);
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true });
    } catch (e) {
      const code = statusCode(e);
      if (code !== 404 && code !== 409) throw e;
    }
    this.inspectCache.delete(id);
  }

  async exec(id: string, command: string[], timeoutSeconds: number): Promise<ExecResult> {
    const ex = await this.docker.getContainer(id).exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
    const stream = await ex.start({ hijack: true, stdin: false });
    const out = new PassThrough();
    let output = '';
    out.on('data', (d: Buffer) => {
      if (output.length < 10_240) output += d.toString('utf8');
    });
    this.docker.modem.demuxStream(stream, out, out);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        stream.removeAllListeners();
        (stream as unknown as { destroy?: () => void }).destroy?.();
        resolve();
      }, timeoutSeconds * 1000 + 50);
      stream.on('end', () => (clearTimeout(timer), resolve()));
      stream.on('close', () => (clearTimeout(timer), resolve()));
      stream.on('error', () => (clearTimeout(timer), resolve()));
    });
    const info = await ex.inspect();
    if (info.Running) throw new Error(`command ${JSON.stringify(command.join(' '))} timed out`);
    return { exitCode: info.ExitCode ?? -1, output };
  }

  async logs(id: string, opts: LogOptions): Promise<NodeJS.ReadableStream> {
    const ctr = this.docker.getContainer(id);
    const info = await ctr.inspect();
    const common = {
      stdout: true,
      stderr: true,
      timestamps: opts.timestamps ?? false,
      tail: opts.tailLines !== undefined ? opts.tailLines : ('all' as unknown as number),
      since: opts.sinceSeconds ? Math.floor(Date.now() / 1000) - opts.sinceSeconds : 0,
    };
    const raw: NodeJS.ReadableStream = opts.follow
      ? await ctr.logs({ ...common, follow: true })
      : (Readable.from([await ctr.logs({ ...common, follow: false })]) as unknown as NodeJS.ReadableStream);
    if (info.Config.Tty) return raw;
    // Without a TTY the engine multiplexes stdout and stderr; kubectl logs shows both.
    const out = new PassThrough();
    this.docker.modem.demuxStream(raw, out, out);
    raw.on('end', () => out.end());
    raw.on('error', (e: Error) => out.destroy(e));
    out.on('close', () => (raw as unknown as { destroy?: () => void }).destroy?.());
    return out;
  }

  async execStream(id: string, command: string[], io: ExecIO): Promise<ExecSession> {
    const ex = await this.docker.getContainer(id).exec({
      Cmd: command,
      AttachStdin: io.stdin,
      AttachStdout: io.stdout,
      AttachStderr: io.stderr,
      Tty: io.tty,
    });
    const stream = (await ex.start({ hijack: true, stdin: io.stdin, Tty: io.tty })) as NodeJS.ReadWriteStream;
    const { stdout, stderr, ended } = this.split(stream, io.tty);
    return {
      write: (d) => void stream.write(d),
      end: () => {
        // Half-close: the process sees EOF on stdin and may still write output.
        (stream as unknown as { end?: () => void }).end?.();
      },
      resize: async (w, h) => {
        await ex.resize({ w, h }).catch(() => undefined);
      },
      onStdout: (fn) => void stdout.on('data', fn),
      onStderr: (fn) => void stderr.on('data', fn),
      wait: async () => {
        await ended;
        for (let i = 0; i < 50; i++) {
          const info = await ex.inspect();
          if (!info.Running) return info.ExitCode ?? 0;
          await new Promise((r) => setTimeout(r, 20));
        }
        return (await ex.inspect()).ExitCode ?? 0;
      },
      kill: () => (stream as unknown as { destroy?: () => void }).destroy?.(),
    };
  }

  /**
   * A hijacked exec or attach stream as stdout and stderr: with a TTY Docker sends one raw
   * stream, without one it multiplexes both. `ended` resolves however the stream finishes.
   */
  private split(stream: NodeJS.ReadWriteStream, tty: boolean): { stdout: PassThrough; stderr: PassThrough; ended: Promise<void> } {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    if (tty) stream.pipe(stdout);
    else this.docker.modem.demuxStream(stream, stdout, stderr);
    const ended = new Promise<void>((resolve) => {
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', () => resolve());
    });
    return { stdout, stderr, ended };
  }

  async attach(id: string, io: ExecIO): Promise<ExecSession> {
    const ctr = this.docker.getContainer(id);
    const info = await ctr.inspect();
    const tty = info.Config.Tty;
    const stdin = io.stdin && info.Config.OpenStdin;
    // logs: false, as CRI's Attach: only what the process writes from now on.
    const stream = (await ctr.attach({ stream: true, stdin, stdout: io.stdout, stderr: io.stderr, hijack: true, logs: false })) as NodeJS.ReadWriteStream;
    const { stdout, stderr, ended } = this.split(stream, tty);
    return {
      write: (d) => void (stdin && stream.write(d)),
      // Closing our side of stdin must not close the container's: detach keeps it running.
      end: () => undefined,
      resize: async (w, h) => {
        await ctr.resize({ w, h }).catch(() => undefined);
      },
      onStdout: (fn) => void stdout.on('data', fn),
      onStderr: (fn) => void stderr.on('data', fn),
      wait: async () => {
        await ended;
        return 0;
      },
      kill: () => (stream as unknown as { destroy?: () => void }).destroy?.(),
    };
  }

  async portForwardAddress(podUid: string): Promise<{ sandboxId: string; host: string }> {
    const sandboxes = await this.list([`${LABEL_POD_UID}=${podUid}`, `${LABEL_DOCKER_TYPE}=podsandbox`]);
    const running = sandboxes.filter((s) => s.State === 'running').sort((a, b) => Number(b.Labels[LABEL_SANDBOX_ATTEMPT] ?? 0) - Number(a.Labels[LABEL_SANDBOX_ATTEMPT] ?? 0))[0];
    if (!running) throw new Error(`no running sandbox for pod ${podUid}`);
    // The node's bridge is routable from the host; a hostNetwork pod listens on the host itself.
    if (running.HostConfig?.NetworkMode === 'host') return { sandboxId: running.Id, host: '127.0.0.1' };
    const ip = running.Labels[LABEL_POD_IP];
    if (!ip) throw new Error(`pod sandbox ${running.Id} has no IP address`);
    return { sandboxId: running.Id, host: ip };
  }

  /** A connection to localhost:port inside the pod's network namespace (port-forward), as dockershim's nsenter did. */
  async dialPod(podUid: string, port: number): Promise<Duplex> {
    const { sandboxId } = await this.portForwardAddress(podUid);
    const info = await this.docker.getContainer(sandboxId).inspect();
    if (!info.State.Running || !info.State.Pid) throw new Error(`pod sandbox ${sandboxId} is not running`);
    return dialInNetns(info.State.Pid, port, sandboxId);
  }

  async listImages(): Promise<Array<{ names: string[]; sizeBytes: number }>> {
    const imgs = await this.docker.listImages();
    return imgs
      .sort((a, b) => b.Size - a.Size)
      .slice(0, 50)
      .map((i) => ({ names: [...(i.RepoDigests ?? []), ...(i.RepoTags ?? [])].filter((n) => n !== '<none>:<none>'), sizeBytes: i.Size }));
  }

  async close(): Promise<void> {
    this.closed = true;
    stopNetnsRelays();
    (this.events as unknown as { destroy?: () => void } | undefined)?.destroy?.();
  }
}

/** The hostPorts a pod asks for, init containers' too, as the portmap plugin receives them. */
function hostPorts(pod: Pod): HostPortMapping[] {
  const out: HostPortMapping[] = [];
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push({ protocol: p.protocol ?? 'TCP', hostPort: p.hostPort, containerPort: p.containerPort, hostIP: p.hostIP });
    }
  }
  return out;
}

/** The host's resolver for pods when no cluster DNS is set: loopback servers do not answer inside a pod. */
function hostDNS(): DNSConfig {
  try {
    const c = parseResolvConf(readFileSync('/etc/resolv.conf', 'utf8'));
    return { ...c, servers: c.servers.filter((s) => !s.startsWith('127.') && s !== '::1') };
  } catch {
    return { servers: [], searches: [], options: [] };
  }
}
