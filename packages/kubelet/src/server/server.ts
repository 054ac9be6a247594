// The kubelet server (port 10250): container logs at /containerLogs/{ns}/{pod}/{container}
// and exec at /exec/{ns}/{pod}/{container} over WebSocket with Kubernetes' channel protocol
// (v4/v5.channel.k8s.io: the first byte of each message is the stream: 0 stdin, 1 stdout,
// 2 stderr, 3 error/status, 4 resize; v5 adds 255 = close a stream). The apiserver's
// pods/log and pods/exec proxy here.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Pod, Status } from '@mk/api';
import type { Logger } from '@mk/client';
import { latestByName } from '../pod/status.js';
import type { ContainerRecord, ContainerRuntime } from '../runtime/types.js';

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
    handleProtocols: (protocols) => PROTOCOLS.find((p) => protocols.has(p)) ?? false,
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
    if (!['exec', 'attach'].includes(parts[0] ?? '') || parts.length < 3) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void execSession(o, ws, parts, url.searchParams).catch((e: unknown) => {
        const msg = e instanceof Error ? e.message : String(e);
        sendStatus(ws, statusBody(e instanceof HttpError ? e.code : 500, e instanceof HttpError ? e.reason : 'InternalError', msg));
        ws.close(1000);
      });
    });
  });

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

function send(ws: WebSocket, channel: number, data: Buffer): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(Buffer.concat([Buffer.from([channel]), data]));
}

function sendStatus(ws: WebSocket, s: { status: string; message?: string; metadata: object }): void {
  // channel.k8s.io (v1) carries plain text errors on channel 3; v4+ a Status object.
  if (ws.protocol === 'channel.k8s.io') {
    if ('message' in s && s.message) send(ws, 3, Buffer.from(s.message));
    return;
  }
  send(ws, 3, Buffer.from(JSON.stringify(s)));
}

async function execSession(o: KubeletServerOptions, ws: WebSocket, parts: string[], q: URLSearchParams): Promise<void> {
  // The client may write stdin before the process exists: hold its messages until then.
  const early: Buffer[] = [];
  let deliver: ((d: Buffer) => void) | undefined;
  let closed = false;
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    const data = isBinary ? raw : Buffer.from(raw);
    if (deliver) deliver(data);
    else early.push(data);
  });
  ws.on('close', () => (closed = true));
  const command = q.getAll('command');
  const rec = await findContainer(o, parts[1], parts[2], parts[3] ?? q.get('container') ?? undefined, false);
  if (rec.state !== 'running') throw new HttpError(400, 'BadRequest', `container ${rec.name} is not running`);
  if (command.length === 0) throw new HttpError(400, 'BadRequest', 'you must specify at least 1 command');
  if (!o.runtime.execStream) throw new HttpError(400, 'BadRequest', `the ${o.runtime.type} runtime cannot exec`);
  const io = { stdin: truthy(q.get('stdin')), stdout: truthy(q.get('stdout')), stderr: truthy(q.get('stderr')), tty: truthy(q.get('tty')) };
  const session = await o.runtime.execStream(rec.id, command, io);
  session.onStdout((d) => send(ws, 1, d));
  session.onStderr((d) => send(ws, 2, d));
  deliver = (data: Buffer) => {
    if (data.length === 0) return;
    const ch = data[0];
    const body = data.subarray(1);
    if (ch === 0 && io.stdin) session.write(body);
    else if (ch === 4) {
      try {
        const { Width, Height } = JSON.parse(body.toString('utf8')) as { Width: number; Height: number };
        void session.resize(Width, Height);
      } catch {
        // a malformed resize is ignored, as the kubelet does
      }
    } else if (ch === 255 && body[0] === 0) session.end();
  };
  for (const d of early.splice(0)) deliver(d);
  if (closed) session.kill();
  ws.on('close', () => session.kill());
  const code = await session.wait();
  if (code === 0) sendStatus(ws, { metadata: {}, status: 'Success' });
  else
    sendStatus(ws, {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
    } as { status: string; message: string; metadata: object });
  ws.close(1000);
}
