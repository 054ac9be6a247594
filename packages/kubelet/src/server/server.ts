// The kubelet server (port 10250): container logs at /containerLogs/{ns}/{pod}/{container};
// exec at /exec/{ns}/{pod}/{container} and attach at /attach/{ns}/{pod}/{container} over
// WebSocket with Kubernetes' channel protocol (v4/v5.channel.k8s.io: the first byte of each
// message is the stream: 0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize; v5 adds
// 255 = close a stream), or over SPDY/3.1 with one stream per stdio (kubectl before 1.30; see
// remotecommand.ts); port-forward at /portForward/{ns}/{pod}?ports=80,81 (two channels
// per port, data 2i and error 2i+1, each opened by the port as 2 bytes little-endian), or SPDY/3.1
// (kubectl's: tunnelled in a WebSocket, or a plain SPDY upgrade; see spdy.ts).
// The apiserver's pods/log, pods/exec, pods/attach and pods/portforward proxy here.
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Pod, Status } from '@mk/api';
import type { Logger } from '@mk/client';
import { latestByName } from '../pod/status.js';
import { SpdyServerSession } from './spdy.js';
import { SPDY_STREAM_PROTOCOLS, StreamInput, negotiateStreamProtocol, spdyRemoteCommand, streamOptions, type StreamOutput, type StreamStatus } from './remotecommand.js';
import type { ContainerRecord, ContainerRuntime, ExecIO, ExecSession } from '../runtime/types.js';

export interface KubeletServerOptions {
  runtime: ContainerRuntime;
  logger: Logger;
  /** The pod as the API has it, from the informer. */
  podByName(namespace: string, name: string): Pod | undefined;
  port?: number;
  address?: string;
}

export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'];
// The kubelet's WebSocket port-forward speaks binary channels under v4.channel.k8s.io (or
// with no subprotocol at all); portforward.k8s.io is the stream protocol's own name.
// kubectl tunnels SPDY/3.1 streams through a WebSocket with this subprotocol (PortForwardWebsockets).
const SPDY_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io', 'portforward.k8s.io', SPDY_TUNNEL_PROTOCOL];

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: Status['reason'],
    message: string,
  ) {
    super(message);
  }
}

function statusBody(code: number, reason: Status['reason'], message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function sendError(res: ServerResponse, e: unknown): void {
  const err = e instanceof HttpError ? e : new HttpError(500, 'InternalError', e instanceof Error ? e.message : String(e));
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(err.code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(statusBody(err.code, err.reason, err.message)));
}

/** Which container instance a request means: the current one, or with previous the one before. */
async function findContainer(o: KubeletServerOptions, ns: string, podName: string, container: string | undefined, previous: boolean): Promise<ContainerRecord> {
  const pod = o.podByName(ns, podName);
  if (!pod) throw new HttpError(404, 'NotFound', `pods "${podName}" not found`);
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let name = container;
  if (!name) {
    const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (def) name = def;
    else if (pod.spec?.containers.length === 1) name = pod.spec.containers[0].name;
    else
      throw new HttpError(
        400,
        'BadRequest',
        `a container name must be specified for pod ${podName}, choose one of: [${(pod.spec?.containers ?? []).map((c) => c.name).join(' ')}]`,
      );
  }
  const spec = specs.find((c) => c.name === name);
  if (!spec) throw new HttpError(400, 'BadRequest', `container ${name} is not valid for pod ${podName}`);
  const rec = await o.runtime.getPod(pod.metadata.uid!);
  const init = (pod.spec?.initContainers ?? []).includes(spec);
  const [cur, prev] = latestByName(rec?.containers ?? [], init).get(name) ?? [];
  if (previous) {
    if (!prev) throw new HttpError(400, 'BadRequest', `previous terminated container "${name}" in pod "${podName}" not found`);
    return prev;
  }
  if (!cur) {
    const reason = pod.status?.containerStatuses?.find((s) => s.name === name)?.state?.waiting?.reason ?? 'ContainerCreating';
    throw new HttpError(400, 'BadRequest', `container "${name}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  return cur;
}

const truthy = (v: string | null): boolean => v === 'true' || v === '1';

export async function startKubeletServer(o: KubeletServerOptions): Promise<KubeletServer> {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols, req) =>
      ((req.url ?? '').startsWith('/portForward/') ? PORT_FORWARD_PROTOCOLS : PROTOCOLS).find((p) => protocols.has(p)) ?? false,
  });

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => sendError(res, e));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (parts[0] === 'containerLogs' && (parts.length === 3 || parts.length === 4) && req.method === 'GET') {
      const q = url.searchParams;
      const rec = await findContainer(o, parts[1], parts[2], parts[3], truthy(q.get('previous')));
      if (!o.runtime.logs) throw new HttpError(400, 'BadRequest', `the ${o.runtime.type} runtime keeps no container logs`);
      const num = (k: string): number | undefined => (q.get(k) !== null ? Number(q.get(k)) : undefined);
      const stream = await o.runtime.logs(rec.id, {
        follow: truthy(q.get('follow')) && rec.state === 'running',
        tailLines: num('tailLines'),
        timestamps: truthy(q.get('timestamps')),
        sinceSeconds: num('sinceSeconds'),
      });
      const limit = num('limitBytes');
      res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
      let sent = 0;
      stream.on('data', (d: Buffer) => {
        if (limit !== undefined && sent + d.length > limit) {
          res.end(d.subarray(0, Math.max(0, limit - sent)));
          (stream as unknown as { destroy?: () => void }).destroy?.();
          return;
        }
        sent += d.length;
        res.write(d);
      });
      stream.on('end', () => res.end());
      stream.on('error', () => res.end());
      req.on('close', () => (stream as unknown as { destroy?: () => void }).destroy?.());
      return;
    }
    throw new HttpError(404, 'NotFound', `the server could not find the requested resource`);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const kind = parts[0] ?? '';
    if (!['exec', 'attach', 'portForward'].includes(kind) || parts.length < 3) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    let forward: { pod: Pod; ports: number[] } | undefined;
    if (kind === 'portForward') {
      // SPDY clients name their ports per stream, not in the query.
      const spdy =
        (req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1' ||
        (req.headers['sec-websocket-protocol'] ?? '').split(',').some((p) => p.trim() === SPDY_TUNNEL_PROTOCOL);
      // Bad ports and unknown pods are answered before the upgrade, as the kubelet does.
      try {
        const pod = o.podByName(parts[1], parts[2]);
        if (!pod || (parts[3] && pod.metadata.uid !== parts[3])) throw new HttpError(404, 'NotFound', `pod not found ("${parts[2]}_${parts[1]}")`);
        forward = { pod, ports: spdy ? [] : parsePorts(url.searchParams) };
      } catch (e) {
        const err = e instanceof HttpError ? e : new HttpError(500, 'InternalError', String(e));
        const text = JSON.stringify(statusBody(err.code, err.reason, err.message));
        socket.end(`HTTP/1.1 ${err.code} ${err.code === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
        return;
      }
    }
    if (forward && (req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1') {
      // The plain SPDY upgrade (kubectl's fallback): the socket itself carries the frames.
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n');
      const session = spdyPortForward(o, forward.pod, (d) => socket.write(d), () => socket.destroy());
      if (head.length) session.feed(head);
      socket.on('data', (d: Buffer) => session.feed(d));
      socket.on('close', () => session.close());
      socket.on('error', () => socket.destroy());
      return;
    }
    if (!forward && (req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1') {
      spdyExec(req, socket, head, kind, parts, url.searchParams);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (forward && ws.protocol === SPDY_TUNNEL_PROTOCOL) {
        const session = spdyPortForward(o, forward.pod, (d) => ws.readyState === ws.OPEN && ws.send(d), () => ws.close(1000));
        ws.on('message', (d: Buffer) => session.feed(d));
        ws.on('close', () => session.close());
        return;
      }
      if (!forward) {
        streamSession(o, ws, kind, parts, url.searchParams);
        return;
      }
      void portForwardSession(o, ws, forward.pod, forward.ports).catch((e: unknown) => {
        const msg = e instanceof Error ? e.message : String(e);
        send(ws, 1, Buffer.from(`error forwarding port ${forward.ports[0]} to pod ${forward.pod.metadata.name}, uid ${forward.pod.metadata.uid}: ${msg}`));
        ws.close(1000);
      });
    });
  });

  /** exec and attach over a plain SPDY upgrade (kubectl before 1.30): see remotecommand.ts. */
  function spdyExec(req: IncomingMessage, socket: Duplex, head: Buffer, kind: string, parts: string[], q: URLSearchParams): void {
    // Answered before the upgrade, as the kubelet does (NewOptions, then httpstream.Handshake).
    let io: ExecIO;
    try {
      io = streamOptions(q);
    } catch (e) {
      refuse(socket, 400, (e as Error).message);
      return;
    }
    const n = negotiateStreamProtocol(req.headers['x-stream-protocol-version']);
    if (!('protocol' in n)) {
      refuse(socket, n.code, n.message, n.code === 403 ? `${SPDY_STREAM_PROTOCOLS.map((p) => `X-Accepted-Stream-Protocol-Versions: ${p}\r\n`).join('')}` : '');
      return;
    }
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${n.protocol}\r\n\r\n`);
    const session = spdyRemoteCommand({
      protocol: n.protocol,
      io,
      run: (input, out) => runStream(o, kind, parts, q, input, out),
      errorStatus,
      write: (d) => socket.write(d),
      hangUp: () => socket.destroy(),
    });
    if (head.length) session.feed(head);
    socket.on('data', (d: Buffer) => session.feed(d));
    socket.on('close', () => session.close());
    socket.on('error', () => socket.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 10250, o.address ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** An error answer instead of an upgrade, as Go's http.Error writes it. */
function refuse(socket: Duplex, code: number, message: string, headers = ''): void {
  const text = `${message}\n`;
  const reason = code === 403 ? 'Forbidden' : 'Bad Request';
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n${headers}Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

function send(ws: WebSocket, channel: number, data: Buffer): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(Buffer.concat([Buffer.from([channel]), data]));
}

function sendStatus(ws: WebSocket, s: StreamStatus): void {
  // channel.k8s.io (v1) carries plain text errors on channel 3; v4+ a Status object.
  if (ws.protocol === 'channel.k8s.io') {
    if ('message' in s && s.message) send(ws, 3, Buffer.from(s.message));
    return;
  }
  send(ws, 3, Buffer.from(JSON.stringify(s)));
}

/**
 * exec and attach, whatever carries them (WebSocket channels or SPDY streams): find the
 * container, start the runtime's session, send its output, take the client's input; resolves
 * with the final Status (the exit code as the kubelet reports it). Throws HttpError before a
 * process exists.
 */
async function runStream(o: KubeletServerOptions, kind: string, parts: string[], q: URLSearchParams, input: StreamInput, out: StreamOutput): Promise<StreamStatus> {
  const command = q.getAll('command');
  const rec = await findContainer(o, parts[1], parts[2], parts[3] ?? q.get('container') ?? undefined, false);
  if (rec.state !== 'running') throw new HttpError(400, 'BadRequest', `container ${rec.name} is not running`);
  const io = { stdin: truthy(q.get('stdin')), stdout: truthy(q.get('stdout')), stderr: truthy(q.get('stderr')), tty: truthy(q.get('tty')) };
  let session: ExecSession;
  if (kind === 'attach') {
    if (!o.runtime.attach) throw new HttpError(400, 'BadRequest', `the ${o.runtime.type} runtime cannot attach`);
    session = await o.runtime.attach(rec.id, io);
  } else {
    if (command.length === 0) throw new HttpError(400, 'BadRequest', 'you must specify at least 1 command');
    if (!o.runtime.execStream) throw new HttpError(400, 'BadRequest', `the ${o.runtime.type} runtime cannot exec`);
    session = await o.runtime.execStream(rec.id, command, io);
  }
  session.onStdout((d) => out.stdout(d));
  session.onStderr((d) => out.stderr(d));
  // Input that came before the process is delivered now; a client already gone ends it (exec) or detaches (attach).
  input.bind(session, io);
  const code = await session.wait();
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function errorStatus(e: unknown): StreamStatus {
  return statusBody(e instanceof HttpError ? e.code : 500, e instanceof HttpError ? e.reason : 'InternalError', e instanceof Error ? e.message : String(e));
}

/** exec and attach over WebSocket: the channels to and from runStream. */
function streamSession(o: KubeletServerOptions, ws: WebSocket, kind: string, parts: string[], q: URLSearchParams): void {
  const input = new StreamInput();
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    const data = isBinary ? raw : Buffer.from(raw);
    if (data.length === 0) return;
    const body = data.subarray(1);
    if (data[0] === 0) input.stdin(body);
    else if (data[0] === 4) {
      try {
        const { Width, Height } = JSON.parse(body.toString('utf8')) as { Width: number; Height: number };
        input.resize(Width, Height);
      } catch {
        // a malformed resize is ignored, as the kubelet does
      }
    } else if (data[0] === 255 && body[0] === 0) input.stdinEnd();
  });
  ws.on('close', () => input.hangUp());
  void runStream(o, kind, parts, q, input, { stdout: (d) => send(ws, 1, d), stderr: (d) => send(ws, 2, d) })
    .catch(errorStatus)
    .then((status) => {
      sendStatus(ws, status);
      ws.close(1000);
    });
}

/** The `ports` query as the kubelet parses it (NewV4Options). */
export function parsePorts(q: URLSearchParams): number[] {
  const raw = q.getAll('ports');
  if (raw.length === 0) throw new HttpError(400, 'BadRequest', 'query parameter "ports" is required');
  const ports: number[] = [];
  for (const s of raw) {
    if (s === '') throw new HttpError(400, 'BadRequest', 'query parameter "ports" cannot be empty');
    for (const p of s.split(',')) {
      const n = /^\d+$/.test(p) ? Number(p) : NaN;
      if (!Number.isInteger(n) || n > 65535) throw new HttpError(400, 'BadRequest', `unable to parse "${s}" as a port: strconv.ParseUint: parsing "${p}": invalid syntax`);
      if (n < 1) throw new HttpError(400, 'BadRequest', `port "${s}" must be > 0`);
      ports.push(n);
    }
  }
  return ports;
}

/**
 * A connection to the pod's port for port-forward: to its localhost from inside its network
 * namespace when the runtime can (as Kubernetes does), else to its address. Rejects with the
 * kubelet's message (`error forwarding port 80 to pod SANDBOX, uid : ...`).
 */
async function dialForward(o: KubeletServerOptions, pod: Pod, port: number): Promise<Duplex> {
  const { name, uid } = pod.metadata;
  const failure = (e: unknown, sandboxId?: unknown): Error =>
    new Error(`error forwarding port ${port} to pod ${typeof sandboxId === 'string' ? `${sandboxId}, uid ` : `${name}, uid ${uid}`}: ${e instanceof Error ? e.message : String(e)}`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw failure(`invalid port ${port}`);
  if (o.runtime.dialPod) {
    try {
      return await o.runtime.dialPod(uid!, port);
    } catch (e) {
      throw failure(e, (e as { sandboxId?: unknown }).sandboxId);
    }
  }
  if (!o.runtime.portForwardAddress) throw failure(`the ${o.runtime.type} runtime cannot forward ports`);
  let target: { sandboxId: string; host: string };
  try {
    target = await o.runtime.portForwardAddress(uid!);
  } catch (e) {
    throw failure(e);
  }
  return new Promise((resolve, reject) => {
    const sock = connect({ host: target.host, port, allowHalfOpen: true });
    sock.setNoDelay(true);
    const refused = (err: NodeJS.ErrnoException): void => {
      const why = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message;
      reject(failure(`dial tcp ${target.host}:${port}: ${why}`, target.sandboxId));
    };
    sock.once('error', refused);
    sock.once('connect', () => {
      sock.off('error', refused);
      resolve(sock);
    });
  });
}

/**
 * Port-forward over WebSocket (the kubelet's handleWebSocketStreams): per requested port a data
 * channel (2i) and an error channel (2i+1), each first carrying the port as 2 bytes
 * little-endian; one TCP connection to the pod per port, and the session ends when they do.
 */
async function portForwardSession(o: KubeletServerOptions, ws: WebSocket, pod: Pod, ports: number[]): Promise<void> {
  const conns = ports.map(() => ({ sock: undefined as Duplex | undefined, pending: [] as Buffer[] }));
  let hungUp = false;
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    const data = isBinary ? raw : Buffer.from(raw);
    if (data.length === 0) return;
    const ch = data[0];
    // Clients write only to data channels; what comes before the connection waits for it.
    const c = ch % 2 === 0 ? conns[ch / 2] : undefined;
    if (c?.sock) c.sock.write(data.subarray(1));
    else c?.pending.push(data.subarray(1));
  });
  const hangUp = (): void => {
    hungUp = true;
    for (const c of conns) c.sock?.destroy();
  };
  ws.on('close', hangUp);
  for (let i = 0; i < ports.length; i++) {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(ports[i]);
    send(ws, 2 * i, portBytes);
    send(ws, 2 * i + 1, portBytes);
  }
  await Promise.all(
    ports.map(async (port, i) => {
      let sock: Duplex;
      try {
        sock = await dialForward(o, pod, port);
      } catch (e) {
        send(ws, 2 * i + 1, Buffer.from((e as Error).message));
        return;
      }
      conns[i].sock = sock;
      if (hungUp) sock.destroy();
      for (const d of conns[i].pending.splice(0)) sock.write(d);
      await new Promise<void>((resolve) => {
        sock.on('data', (d: Buffer) => send(ws, 2 * i, d));
        // The channel protocol has no half-close: the pod's end ends the connection.
        sock.on('end', () => sock.end());
        sock.on('error', (err: Error) => {
          send(ws, 2 * i + 1, Buffer.from(`error forwarding port ${port} to pod ${pod.metadata.name}, uid ${pod.metadata.uid}: ${err.message}`));
          resolve();
        });
        sock.on('close', () => resolve());
      });
    }),
  );
  ws.close(1000);
}

/**
 * Port-forward over SPDY (the kubelet's httpstream handler): the client opens an error and a
 * data stream per connection, paired by their requestID header and naming the port; the kubelet
 * answers each, connects to the pod and copies bytes both ways, FIN for FIN.
 */
function spdyPortForward(o: KubeletServerOptions, pod: Pod, write: (d: Buffer) => void, hangUp: () => void): { feed(d: Buffer): void; close(): void } {
  interface Pair {
    port: number;
    data?: number;
    error?: number;
    sock?: Duplex;
    pending: Buffer[];
    finished?: boolean;
    inputDone?: boolean;
  }
  const pairs = new Map<string, Pair>();
  const byStream = new Map<number, Pair>();
  let closed = false;
  const done = (p: Pair, message?: string): void => {
    if (p.finished) return;
    p.finished = true;
    if (p.data !== undefined) session.data(p.data, Buffer.alloc(0), true);
    if (p.error !== undefined) session.data(p.error, Buffer.from(message ?? ''), true);
  };
  const start = async (p: Pair): Promise<void> => {
    let sock: Duplex;
    try {
      sock = await dialForward(o, pod, p.port);
    } catch (e) {
      done(p, (e as Error).message);
      return;
    }
    // The client reset the stream or went away meanwhile.
    if (p.finished || closed) {
      sock.destroy();
      return;
    }
    p.sock = sock;
    for (const d of p.pending.splice(0)) sock.write(d);
    if (p.inputDone) sock.end();
    sock.on('data', (d: Buffer) => session.data(p.data!, d));
    sock.on('end', () => done(p));
    sock.on('close', () => done(p));
    sock.on('error', (err: Error) => done(p, `error forwarding port ${p.port} to pod ${pod.metadata.name}, uid ${pod.metadata.uid}: ${err.message}`));
  };
  const session: SpdyServerSession = new SpdyServerSession(
    write,
    {
      onStream(id, headers) {
        session.reply(id);
        const rid = headers.get('requestid') ?? '';
        let p = pairs.get(rid);
        if (!p) {
          p = { port: Number(headers.get('port')), pending: [] };
          pairs.set(rid, p);
        }
        const type = headers.get('streamtype');
        if (type === 'data') p.data = id;
        else if (type === 'error') p.error = id;
        else return;
        byStream.set(id, p);
        if (p.data !== undefined && p.error !== undefined) void start(p);
      },
      onData(id, data, fin) {
        const p = byStream.get(id);
        if (!p || id !== p.data) return;
        if (data.length) {
          if (p.sock) p.sock.write(data);
          else p.pending.push(data);
        }
        if (fin) {
          // The client is done sending: half-close towards the pod, its answer still comes back.
          p.inputDone = true;
          p.sock?.end();
        }
      },
      onReset(id) {
        const p = byStream.get(id);
        p?.sock?.destroy();
        if (p) p.finished = true;
      },
      onGoAway: hangUp,
    },
    () => hangUp(),
  );
  return {
    feed: (d) => session.feed(d),
    close: () => {
      closed = true;
      session.close();
      for (const p of pairs.values()) p.sock?.destroy();
    },
  };
}
