// A TCP connection to localhost inside a pod's network namespace, for port-forward: Kubernetes
// reaches the pod's localhost (dockershim ran `nsenter -t PID -n socat - TCP4:localhost:PORT`;
// containerd dials from inside the namespace), so a server bound to 127.0.0.1 in the pod is
// reachable.
//
// Node cannot setns(2) itself. So a small relay runs under `nsenter -t PID -n` (the network
// namespace only: it is this node binary, from the host's filesystem), one per namespace, and
// dials for us: it connects inside the namespace and hands the connected socket back over its
// IPC channel (SCM_RIGHTS; a socket stays in the namespace it was made in). The kubelet then
// holds a plain TCP socket to the pod's localhost: no bytes go through the relay, half-close is
// TCP's own, and after the relay's first start (50-100 ms) a dial costs a few milliseconds. The
// relay leaves after IDLE_MS without a dial, or as soon as the kubelet goes away.
import { spawn, type ChildProcess } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const IDLE_MS = 30_000;

// Tries 127.0.0.1, then ::1, as containerd does (tcp4 then tcp6 "localhost"). Errors read as
// Go's net.Dial errors, since they reach kubectl's user as the kubelet's. The socket is paused
// before it connects, so that nothing the pod sends first is read here instead of by the kubelet.
const RELAY = `
const net = require('net');
const why = (e) => e.code === 'ECONNREFUSED' ? 'connect: connection refused'
  : e.code === 'EADDRNOTAVAIL' ? 'connect: cannot assign requested address'
  : e.code === 'ENETUNREACH' ? 'connect: network is unreachable' : e.message;
const dial = (host, port) => new Promise((resolve, reject) => {
  const s = net.connect({ host, port });
  s.pause();
  s.once('connect', () => resolve(s));
  s.once('error', reject);
});
let idle;
const rest = () => { clearTimeout(idle); idle = setTimeout(() => process.exit(0), Number(process.argv[1])); };
rest();
process.on('disconnect', () => process.exit(0));
process.on('message', ({ id, port }) => {
  rest();
  dial('127.0.0.1', port).catch((e4) => dial('::1', port).catch((e6) => {
    process.send({ id, error: 'IPv4: dial tcp4 127.0.0.1:' + port + ': ' + why(e4) + ' IPv6 dial tcp6 [::1]:' + port + ': ' + why(e6) + ' ' });
  })).then((s) => s && process.send({ id }, s));
});
`;

export class NetnsDialError extends Error {
  constructor(
    message: string,
    /** The pod sandbox, when the caller named it: the kubelet's message names it too. */
    readonly sandboxId?: string,
  ) {
    super(message);
    this.name = 'NetnsDialError';
  }
}

interface Pending {
  resolve(s: Socket): void;
  reject(why: string): void;
}

interface Relay {
  child: ChildProcess;
  pending: Map<number, Pending>;
  stderr: string;
}

/** One relay per network namespace, by the namespace's identity (`net:[4026532301]`). */
const relays = new Map<string, Relay>();
let nextId = 1;

function startRelay(pid: number, key: string): Relay {
  const env = { ...process.env };
  // Reading extra CA certificates costs the relay ~70 ms at start, and it speaks no TLS.
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  const child = spawn('nsenter', ['-t', String(pid), '-n', '--', process.execPath, '-e', RELAY, String(IDLE_MS)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  const relay: Relay = { child, pending: new Map(), stderr: '' };
  relays.set(key, relay);
  // The relay must not keep the kubelet alive; a dial in flight keeps the channel referenced.
  child.unref();
  child.channel?.unref();
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (relay.stderr += d));
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  child.on('message', (m: { id: number; error?: string }, handle: unknown) => {
    const p = relay.pending.get(m.id);
    if (!p) {
      (handle as Socket | undefined)?.destroy();
      return;
    }
    relay.pending.delete(m.id);
    if (relay.pending.size === 0) child.channel?.unref();
    if (m.error !== undefined || !handle) p.reject(m.error ?? 'the relay answered without a connection');
    else p.resolve(handle as Socket);
  });
  const gone = (why: string): void => {
    if (relays.get(key) === relay) relays.delete(key);
    for (const p of relay.pending.values()) p.reject(why);
    relay.pending.clear();
  };
  child.on('error', (e) => gone(e.message));
  child.on('exit', () => gone(relay.stderr.trim() || 'the relay exited'));
  return relay;
}

function ask(relay: Relay, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    relay.pending.set(id, { resolve, reject: (why) => reject(new Error(why)) });
    relay.child.channel?.ref();
    relay.child.send({ id, port }, (e) => {
      if (!e || !relay.pending.has(id)) return;
      relay.pending.delete(id);
      reject(e);
    });
  });
}

/**
 * Ends every relay (for a runtime's close()): the sockets they handed over stay connected, and
 * a later dial starts a relay again.
 */
export function stopNetnsRelays(): void {
  for (const [key, relay] of relays) {
    relays.delete(key);
    relay.child.kill();
  }
}

/**
 * Opens a TCP connection to 127.0.0.1:port (else [::1]:port) inside the network namespace of
 * process `pid` (a pod's pause container). Errors name the namespace by `sandboxId` when given,
 * as Kubernetes does (`failed to connect to localhost:80 inside namespace "ID", IPv4: ... IPv6
 * ...`), else by its path. Resolves with the connected socket; ending it half-closes towards the pod.
 */
export async function dialInNetns(pid: number, port: number, sandboxId?: string): Promise<Duplex> {
  const namespace = sandboxId ?? `/proc/${pid}/ns/net`;
  const fail = (why: string): NetnsDialError => new NetnsDialError(`failed to connect to localhost:${port} inside namespace "${namespace}", ${why}`, sandboxId);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new NetnsDialError(`invalid port ${port}`, sandboxId);
  if (!Number.isInteger(pid) || pid < 1) throw fail(`invalid pid ${pid}`);
  let key: string;
  try {
    key = readlinkSync(`/proc/${pid}/ns/net`);
  } catch (e) {
    throw fail(`failed to find network namespace: ${(e as Error).message}`);
  }
  // A relay that has just left on its idle timer is replaced once.
  for (let attempt = 0; ; attempt++) {
    const relay = relays.get(key) ?? startRelay(pid, key);
    const started = relay.child.exitCode === null && relay.child.signalCode === null;
    try {
      const sock = await ask(relay, port);
      // The relay made it with net.connect's defaults; the kubelet half-closes (SPDY's FIN).
      sock.allowHalfOpen = true;
      sock.setNoDelay(true);
      return sock;
    } catch (e) {
      const relayGone = relays.get(key) !== relay;
      if (relayGone && started && attempt === 0 && !/^IPv4: /.test((e as Error).message)) continue;
      throw fail((e as Error).message);
    }
  }
}
