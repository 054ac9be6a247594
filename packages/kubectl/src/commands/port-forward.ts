// mk port-forward (POD | TYPE/NAME) [LOCAL:]REMOTE ...: listens on local ports and carries each
// connection over its own WebSocket to pods/portforward?ports=REMOTE (the kubelet's WebSocket
// port-forward protocol, v4.channel.k8s.io: channel 0 data, channel 1 errors, each opened by
// the port as 2 bytes little-endian). Runs until interrupted, as kubectl does.
import { createServer, type Server, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { Container, Pod, Service } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { openSession, resourceArg } from '../cli/session.js';
import { podFor, statusError } from './logs.js';

export const flags: CommandModule['flags'] = [
  { name: 'address', type: 'stringArray', default: ['localhost'], usage: 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.' },
  { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
];

export const help = `Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.

 If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates, and a rerun of the command is needed to resume forwarding.

Examples:
  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod
  mk port-forward pod/mypod 5000 6000

  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment
  mk port-forward deployment/mydeployment 5000 6000

  # Listen on port 8443 locally, forwarding to the targetPort of the service's port named "https" in a pod selected by the service
  mk port-forward service/myservice 8443:https

  # Listen on port 8888 locally, forwarding to 5000 in the pod
  mk port-forward pod/mypod 8888:5000

  # Listen on port 8888 on all addresses, forwarding to 5000 in the pod
  mk port-forward --address 0.0.0.0 pod/mypod 8888:5000

  # Listen on a random port locally, forwarding to 5000 in the pod
  mk port-forward pod/mypod :5000

Usage:
  mk port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]`;

const PROTOCOLS = ['v4.channel.k8s.io'];

export interface PortPair {
  /** 0: pick a free one. */
  local: number;
  remote: number;
}

function portNumber(s: string, what: string): number {
  if (!/^\d+$/.test(s) || Number(s) > 65535) throw new CliError(`Error parsing ${what} port '${s}': strconv.ParseUint: parsing "${s}": ${/^\d+$/.test(s) ? 'value out of range' : 'invalid syntax'}`);
  return Number(s);
}

/** `8080:80`, `80` (same both sides), `:80` (a random local port), as kubectl's parsePorts. */
export function parsePortSpecs(specs: string[]): PortPair[] {
  return specs.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new CliError(`invalid port format '${spec}'`);
    const [localS, remoteS] = parts.length === 2 ? parts : [parts[0], parts[0]];
    const remote = portNumber(remoteS, 'remote');
    if (remote === 0) throw new CliError(`remote port must be > 0`);
    const local = localS === '' ? 0 : portNumber(localS, 'local');
    return { local, remote };
  });
}

/** A named remote port (`8080:http`) as the pod's container port number. */
function podNamedPort(pod: Pod, port: string): string {
  if (/^\d+$/.test(port)) return port;
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === port) return String(p.containerPort);
  throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${port}'`);
}

/** Service ports to the pod's target ports (kubectl's translateServicePortToTargetPort). */
function serviceTargetPort(svc: Service, pod: Pod, port: string): string {
  const svcPort = (svc.spec?.ports ?? []).find((p) => (/^\d+$/.test(port) ? p.port === Number(port) : p.name === port));
  if (!svcPort) throw new CliError(`Service ${svc.metadata.name} does not have a service port ${port}`);
  const target = svcPort.targetPort;
  if (target === undefined || target === 0 || target === '') return String(svcPort.port);
  if (typeof target === 'number' || /^\d+$/.test(target)) return String(target);
  const containers: Container[] = pod.spec?.containers ?? [];
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === target) return String(p.containerPort);
  throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${target}'`);
}

function listenAddresses(flag: string[]): string[] {
  const out: string[] = [];
  for (const a of flag.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    if (a === 'localhost') out.push('127.0.0.1', '::1');
    else out.push(a);
  }
  return [...new Set(out)];
}

function listen(address: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ allowHalfOpen: true });
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length < 2) throw new CliError('TYPE/NAME and list of ports are required for port-forward');
  const s = openSession(ctx.global);
  const target = ctx.args[0];
  const pod = await podFor(s, target, s.namespace);
  const slash = target.indexOf('/');
  const svc = slash > 0 && resourceArg(target.slice(0, slash)).kind === 'Service' ? await s.client.get<Service>('services', s.namespace, target.slice(slash + 1)) : undefined;
  // `LOCAL:REMOTE` with REMOTE a service port or a named container port, as numbers.
  const specs = ctx.args.slice(1).map((spec) => {
    const i = spec.lastIndexOf(':');
    const local = i >= 0 ? spec.slice(0, i + 1) : `${spec}:`;
    const remote = i >= 0 ? spec.slice(i + 1) : spec;
    if (svc) return `${local}${serviceTargetPort(svc, pod, remote)}`;
    if (i < 0 && !/^\d+$/.test(remote)) return `${podNamedPort(pod, remote)}`;
    return `${local}${podNamedPort(pod, remote)}`;
  });
  const ports = parsePortSpecs(specs);
  if (pod.status?.phase !== 'Running') throw new CliError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);

  const ns = pod.metadata.namespace ?? s.namespace;
  const name = pod.metadata.name ?? '';
  const base = s.config.server.replace(/\/+$/, '').replace(/^http/, 'ws');
  const headers: Record<string, string> = {};
  if (s.config.token) headers.authorization = `Bearer ${s.config.token}`;

  /** One local connection: its own WebSocket to the pod's port. */
  const forward = (local: Socket, pair: PortPair, localPort: number): void => {
    process.stdout.write(`Handling connection for ${localPort}\n`);
    local.setNoDelay(true);
    const ws = new WebSocket(`${base}/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/portforward?ports=${pair.remote}`, PROTOCOLS, {
      headers,
      ca: s.config.caData,
      rejectUnauthorized: !s.config.insecureSkipTlsVerify,
    });
    const pending: Buffer[] = [];
    // Each channel starts with the port (2 bytes); what follows is data or an error text.
    const seen = [0, 0];
    let errorText = '';
    local.on('data', (d: Buffer) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([0]), d]));
      else pending.push(d);
    });
    ws.on('open', () => {
      for (const d of pending.splice(0)) ws.send(Buffer.concat([Buffer.from([0]), d]));
    });
    ws.on('message', (data: Buffer) => {
      if (!data.length) return;
      const ch = data[0];
      let body = data.subarray(1);
      if (ch > 1) return;
      if (seen[ch] < 2) {
        const skip = Math.min(2 - seen[ch], body.length);
        seen[ch] += skip;
        body = body.subarray(skip);
      }
      if (!body.length) return;
      if (ch === 0) local.write(body);
      else errorText += body.toString('utf8');
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => {
        process.stderr.write(`an error occurred forwarding ${localPort} -> ${pair.remote}: ${statusError(res.statusCode ?? 0, text).message}\n`);
        local.destroy();
      });
    });
    ws.on('error', (e) => {
      process.stderr.write(`an error occurred forwarding ${localPort} -> ${pair.remote}: ${e.message}\n`);
      local.destroy();
    });
    ws.on('close', () => {
      if (errorText) process.stderr.write(`an error occurred forwarding ${localPort} -> ${pair.remote}: ${errorText}\n`);
      local.end();
    });
    // The channel protocol has no half-close: the session ends when the local side is gone.
    local.on('close', () => ws.close());
    local.on('error', () => ws.close());
  };

  const servers: Server[] = [];
  const addresses = listenAddresses(arr(ctx.flags, 'address'));
  for (const pair of ports) {
    let port = pair.local;
    let listening = false;
    const errors: string[] = [];
    for (const address of addresses) {
      try {
        const server = await listen(address, port);
        port = (server.address() as { port: number }).port;
        servers.push(server);
        listening = true;
        const localPort = port;
        server.on('connection', (sock: Socket) => forward(sock, pair, localPort));
        process.stdout.write(`Forwarding from ${address.includes(':') ? `[${address}]` : address}:${port} -> ${pair.remote}\n`);
      } catch (e) {
        // localhost means "127.0.0.1 and ::1 where each exists", as kubectl binds it.
        errors.push(`unable to create listener: Error listen tcp${address.includes(':') ? '6' : '4'} ${address.includes(':') ? `[${address}]` : address}:${port}: ${(e as Error).message}`);
      }
    }
    if (!listening) {
      for (const srv of servers) srv.close();
      process.stderr.write(`Unable to listen on port ${pair.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
      throw new CliError(`unable to listen on any of the requested ports: [{${pair.local} ${pair.remote}}]`);
    }
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      for (const srv of servers) srv.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
