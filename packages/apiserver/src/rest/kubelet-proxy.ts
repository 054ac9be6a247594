// pods/log, pods/exec, pods/attach and pods/portforward: the apiserver finds the pod's node and
// relays the request to that node's kubelet, at the kubelet API paths (/containerLogs/...,
// /exec/..., /attach/..., /portForward/...) on status.daemonEndpoints.kubeletEndpoint.Port.
// Unlike Kubernetes, mk talks plain HTTP to the kubelet (docs/differences.md).
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, RESOURCES, type KubeObject } from '@mk/api';
import type { ApiContext } from './context.js';
import { statusError } from './errors.js';
import { notFoundFor } from './registry.js';
import { q, type Query } from './request.js';

const PODS = RESOURCES.find((r) => r.kind === 'Pod')!;
const NODES = RESOURCES.find((r) => r.kind === 'Node')!;
export const DEFAULT_KUBELET_PORT = 10250;
const LOG_PARAMS = ['follow', 'previous', 'timestamps', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes'];

interface Named {
  name?: string;
}

/** The container a request means (LogLocation's rules and messages). */
export function containerFor(pod: KubeObject, requested: string | undefined): string {
  const spec = (pod.spec ?? {}) as { containers?: Named[]; initContainers?: Named[]; ephemeralContainers?: Named[] };
  const names = (spec.containers ?? []).map((c) => c.name ?? '');
  const init = (spec.initContainers ?? []).map((c) => c.name ?? '');
  const ephemeral = (spec.ephemeralContainers ?? []).map((c) => c.name ?? '');
  const podName = pod.metadata.name ?? '';
  if (!requested) {
    if (names.length === 1) return names[0];
    let msg = `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`;
    if (init.length) msg += ` or one of the init containers: [${init.join(' ')}]`;
    if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw badRequest(msg);
  }
  if (![...names, ...init, ...ephemeral].includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  return requested;
}

/** host:port of the kubelet running a pod. */
export function kubeletFor(ctx: ApiContext, pod: KubeObject): { host: string; port: number } {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  const node = ctx.store.get(NODES, undefined, nodeName);
  if (!node) throw notFoundFor(NODES, nodeName);
  const status = (node.object.status ?? {}) as {
    addresses?: Array<{ type?: string; address?: string }>;
    daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
  };
  const addrs = status.addresses ?? [];
  const host = ['InternalIP', 'Hostname', 'ExternalIP'].map((t) => addrs.find((a) => a.type === t)?.address).find((a) => !!a);
  if (!host) throw statusError(500, 'InternalError', `Internal error occurred: node ${nodeName} has no address the apiserver can reach its kubelet at`);
  return { host, port: status.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT };
}

function podFor(ctx: ApiContext, namespace: string, name: string): KubeObject {
  const e = ctx.store.get(PODS, namespace, name);
  if (!e) throw notFoundFor(PODS, name);
  return e.object;
}

/** GET pods/{name}/log: streams the kubelet's answer through. */
export async function proxyLogs(ctx: ApiContext, namespace: string, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const pod = podFor(ctx, namespace, name);
  const query = req.query as Query;
  const container = containerFor(pod, q(query, 'container'));
  const { host, port } = kubeletFor(ctx, pod);
  const params = new URLSearchParams();
  for (const p of LOG_PARAMS) {
    const v = q(query, p);
    if (v !== undefined) params.set(p, v);
  }
  const path = `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}?${params}`;
  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const r = request({ host, port, path, method: 'GET' }, resolve);
    r.on('error', reject);
    r.end();
  }).catch((err: Error) => {
    throw statusError(500, 'InternalError', `Get "http://${host}:${port}${path}": ${err.message}`);
  });
  reply.hijack();
  const res = reply.raw;
  res.writeHead(upstream.statusCode ?? 502, { 'Content-Type': upstream.headers['content-type'] ?? 'text/plain', 'Transfer-Encoding': 'chunked' });
  upstream.pipe(res);
  res.on('close', () => upstream.destroy());
}

const UPGRADE_PATHS: Record<string, string> = { exec: 'exec', attach: 'attach', portforward: 'portForward' };

/** Whether an upgrade request is for a streaming pod subresource. */
export function isStreamingSubresource(sub: string | undefined): boolean {
  return sub !== undefined && sub in UPGRADE_PATHS;
}

/**
 * exec/attach/portforward: SPDY or WebSocket upgrades, relayed byte for byte to the kubelet
 * with the path rewritten to the kubelet's.
 */
export function proxyUpgrade(ctx: ApiContext, namespace: string, name: string, sub: string, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const fail = (code: number, body: object): void => {
    const text = JSON.stringify(body);
    socket.end(`HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : code === 400 ? 'Bad Request' : 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  };
  let target: { host: string; port: number };
  let path: string;
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pod = podFor(ctx, namespace, name);
    target = kubeletFor(ctx, pod);
    const base = `/${UPGRADE_PATHS[sub]}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
    path = sub === 'portforward' ? `${base}${url.search}` : `${base}/${encodeURIComponent(containerFor(pod, url.searchParams.get('container') ?? undefined))}${url.search}`;
  } catch (err) {
    const status = (err as { status?: { code?: number } }).status;
    return fail(status?.code ?? 500, status ?? { message: String(err) });
  }
  const upstream = connect(target.port, target.host);
  upstream.on('connect', () => {
    let head1 = `${req.method} ${path} HTTP/1.1\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const k = req.rawHeaders[i];
      head1 += `${k}: ${k.toLowerCase() === 'host' ? `${target.host}:${target.port}` : req.rawHeaders[i + 1]}\r\n`;
    }
    upstream.write(head1 + '\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', (err) => {
    ctx.log.warn({ err, pod: `${namespace}/${name}` }, `${sub} to kubelet failed`);
    if (socket.writable) fail(500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `error dialing backend: ${err.message}`, reason: 'InternalError', code: 500 });
    else socket.destroy();
  });
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
}
