// The container runtime as the kubelet sees it (a small CRI): pod sandboxes that own the
// pod's network, and containers that join them. Docker and the simulated runtime implement it.
import type { Duplex } from 'node:stream';
import type { Container, Pod } from '@mk/api';

export type ContainerRunState = 'created' | 'running' | 'exited' | 'unknown';

/** One container instance (one attempt) as the runtime reports it. */
export interface ContainerRecord {
  /** Runtime id, without the `docker://` prefix. */
  id: string;
  /** The container's name in the pod spec. */
  name: string;
  podUid: string;
  /** The sandbox the container joined. */
  sandboxId?: string;
  /** The restart count this instance was started with. */
  attempt: number;
  init: boolean;
  state: ContainerRunState;
  exitCode?: number;
  /** For exited containers: `OOMKilled`, `Error`, `Completed`. */
  reason?: string;
  /** For exited containers: what it wrote to its terminationMessagePath (or its log's tail, per policy). */
  message?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  image: string;
  imageID: string;
}

export interface SandboxRecord {
  id: string;
  podUid: string;
  attempt: number;
  ready: boolean;
  /** The pod IP ('' until known). */
  ip: string;
  createdAt: string;
}

/** Everything the runtime holds for one pod. */
export interface PodRecord {
  uid: string;
  namespace: string;
  name: string;
  sandboxes: SandboxRecord[];
  containers: ContainerRecord[];
}

export type PullResult = { ok: true; pulled: boolean; ms: number } | { ok: false; reason: string; message: string };

export interface ExecResult {
  exitCode: number;
  output: string;
}

/** What the runtime needs to know about the node it serves. */
export interface RuntimeNode {
  nodeName: string;
  podCIDR: string;
  nodeIP: string;
}

/** Environment and mounts, resolved by the kubelet before a container starts. */
export interface ContainerConfig {
  env: Array<{ name: string; value: string }>;
  mounts: Array<{ hostPath: string; containerPath: string; readOnly: boolean }>;
}

export interface StartContainerRequest {
  pod: Pod;
  container: Container;
  init: boolean;
  attempt: number;
  sandbox: SandboxRecord;
  config: ContainerConfig;
  /** A container createContainer already made for this request: start it, do not create another. */
  createdId?: string;
}

export interface ContainerRuntime {
  /** `docker` or `sim`: the scheme of containerIDs. */
  readonly type: string;
  /** `docker://20.10.24`. */
  version(): Promise<string>;
  /** Prepare for the node (the pod network for its podCIDR). */
  start(node: RuntimeNode): Promise<void>;
  /** Called with a pod uid whenever something of that pod changed behind the kubelet's back. */
  watch(onChange: (podUid: string) => void): void;
  /** Uids of every pod with a sandbox or container on this node. */
  listPodUids(): Promise<string[]>;
  getPod(uid: string): Promise<PodRecord | undefined>;
  /** Make the image present as the pull policy asks. */
  ensureImage(pod: Pod, container: Container): Promise<PullResult>;
  /**
   * Create and start the pod's sandbox. onCreated is called with its id as soon as it exists,
   * before it starts, so the first containers can be created meanwhile.
   */
  runSandbox(pod: Pod, attempt: number, onCreated?: (sandboxId: string) => void): Promise<SandboxRecord>;
  stopSandbox(id: string): Promise<void>;
  removeSandbox(id: string): Promise<void>;
  /** Create (unless req.createdId) and start; returns the container id. */
  startContainer(req: StartContainerRequest): Promise<string>;
  /** Create only, joined to a sandbox that may not be running yet; startContainer starts it. */
  createContainer?(req: StartContainerRequest): Promise<string>;
  /** SIGTERM, then SIGKILL after graceSeconds. */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  exec(id: string, command: string[], timeoutSeconds: number): Promise<ExecResult>;
  /**
   * Simulated runtimes answer probes themselves (nothing listens on a simulated pod IP);
   * undefined means "run the real probe".
   */
  simulateProbe?(pod: Pod, container: Container, kind: ProbeKind): boolean | undefined;
  /** Container output, as `kubectl logs` shows it; undefined when the runtime keeps none. */
  logs?(id: string, opts: LogOptions): Promise<NodeJS.ReadableStream>;
  /** An interactive exec: streams wired by the caller, resolves with the exit code. */
  execStream?(id: string, command: string[], io: ExecIO): Promise<ExecSession>;
  /**
   * Attach to a running container's main process (its stdio): output from now on, input to
   * its stdin when the container was created with stdin. Ending the session detaches.
   */
  attach?(id: string, io: ExecIO): Promise<ExecSession>;
  /** Where the host reaches the pod's network for port-forward (the sandbox's IP; 127.0.0.1 with hostNetwork). */
  portForwardAddress?(podUid: string): Promise<{ sandboxId: string; host: string }>;
  /**
   * For port-forward, a TCP connection to the pod's localhost:port from inside its network
   * namespace, as Kubernetes reaches it; preferred to portForwardAddress. Rejects in the
   * runtime's words (`failed to connect to localhost:80 inside namespace "SANDBOX", ...`); an
   * error's `sandboxId`, when set, names the pod in the kubelet's message, as CRI's does
   * (`error forwarding port 80 to pod SANDBOX, uid : ...`).
   */
  dialPod?(podUid: string, port: number): Promise<Duplex>;
  /** Images on the node for node.status.images. */
  listImages?(): Promise<Array<{ names: string[]; sizeBytes: number }>>;
  close(): Promise<void>;
}

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
}

export interface ExecIO {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface ExecSession {
  /** Write to the process's stdin (when io.stdin). */
  write(data: Buffer): void;
  /** Close stdin. */
  end(): void;
  resize(width: number, height: number): Promise<void>;
  onStdout(fn: (d: Buffer) => void): void;
  onStderr(fn: (d: Buffer) => void): void;
  /** Resolves with the exit code once the process ends. */
  wait(): Promise<number>;
  kill(): void;
}
