// mk attach (POD | TYPE/NAME) [-c C] [-i] [-t]: pods/attach over a WebSocket with Kubernetes'
// channel protocol (v5.channel.k8s.io, else v4), as kubectl's WebSocket executor speaks it:
// each message's first byte is the stream (0 stdin, 1 stdout, 2 stderr, 3 the final Status,
// 4 resize; v5 adds 255 to close a stream). The container's main process keeps running when
// the session ends.
import WebSocket from 'ws';
import type { Pod } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { openSession } from '../cli/session.js';
import { parseDuration } from './wait.js';
import { pickContainer, podFor, statusError } from './logs.js';

export const flags: CommandModule['flags'] = [
  { name: 'container', short: 'c', type: 'string', usage: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
  { name: 'stdin', short: 'i', type: 'bool', usage: 'Pass stdin to the container' },
  { name: 'tty', short: 't', type: 'bool', usage: 'Stdin is a TTY' },
  { name: 'quiet', short: 'q', type: 'bool', usage: 'Only print output from the remote session' },
  { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
];

export const help = `Attach to a process that is already running inside an existing container.

Examples:
  # Get output from running pod mypod; use the 'kubectl.kubernetes.io/default-container' annotation
  # for selecting the container to be attached or the first container in the pod will be chosen
  mk attach mypod

  # Get output from ruby-container from pod mypod
  mk attach mypod -c ruby-container

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  mk attach mypod -c ruby-container -i -t

  # Get output from the first pod of a replica set named nginx
  mk attach rs/nginx

Usage:
  mk attach (POD | TYPE/NAME) -c CONTAINER [options]`;

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

interface StreamStatus {
  status?: string;
  message?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (ctx.args.length === 0) throw new CliError('at least 1 argument is required for attach');
  if (ctx.args.length > 2) throw new CliError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${ctx.args.length}: [${ctx.args.join(' ')}]`);
  const timeoutMs = parseDuration(str(f, 'pod-running-timeout') ?? '1m0s');
  if (!(timeoutMs > 0)) throw new CliError('--pod-running-timeout must be higher than zero');
  const s = openSession(ctx.global);
  const target = ctx.args.length === 2 ? `${ctx.args[0]}/${ctx.args[1]}` : ctx.args[0];
  let pod: Pod = await podFor(s, target, s.namespace);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot attach a container in a completed pod; current phase is ${phase}`);
  // A pod still starting cannot be attached yet: wait for it to run, as `kubectl run -i` does.
  const deadline = Date.now() + timeoutMs;
  while ((pod.status?.phase ?? 'Pending') === 'Pending') {
    if (Date.now() > deadline) throw new CliError('timed out waiting for the condition');
    await sleep(200);
    pod = await s.client.get<Pod>('pods', pod.metadata.namespace ?? s.namespace, pod.metadata.name ?? '');
  }
  const quiet = bool(f, 'quiet');
  const name = pickContainer(pod, str(f, 'container'));
  const container = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
  if (!container) throw new CliError(`cannot attach to the container: container ${name} not found in pod ${pod.metadata.name}`);
  const stdin = bool(f, 'stdin');
  let tty = bool(f, 'tty');
  if (tty && !container.tty) {
    tty = false;
    if (!quiet) process.stderr.write(`error: Unable to use a TTY - container ${container.name} did not allocate one\n`);
  } else if (!tty && container.tty) {
    // The container has a TTY: its output is not multiplexed, so the session must be one too.
    tty = true;
  }
  // Raw mode only when our own stdin is a terminal.
  const raw = tty && stdin && !!process.stdin.isTTY;
  if (tty && stdin && !process.stdin.isTTY && !quiet) process.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  if (!quiet) process.stderr.write("If you don't see a command prompt, try pressing enter.\n");

  const q = new URLSearchParams();
  q.set('container', container.name);
  if (stdin) q.set('stdin', 'true');
  q.set('stdout', 'true');
  if (!raw) q.set('stderr', 'true');
  if (raw) q.set('tty', 'true');
  const ns = pod.metadata.namespace ?? s.namespace;
  const base = s.config.server.replace(/\/+$/, '').replace(/^http/, 'ws');
  const url = `${base}/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/attach?${q.toString()}`;
  const headers: Record<string, string> = {};
  if (s.config.token) headers.authorization = `Bearer ${s.config.token}`;
  const ws = new WebSocket(url, PROTOCOLS, { headers, ca: s.config.caData, rejectUnauthorized: !s.config.insecureSkipTlsVerify });

  await new Promise<void>((resolve, reject) => {
    let status: StreamStatus | undefined;
    const restore = (): void => {
      if (raw) process.stdin.setRawMode(false);
      process.stdin.pause();
    };
    const send = (channel: number, data: Buffer): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
    };
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => reject(statusError(res.statusCode ?? 0, body)));
    });
    ws.on('error', (e) => reject(e));
    ws.on('open', () => {
      if (!stdin) return;
      if (raw) {
        process.stdin.setRawMode(true);
        // Width+1 first, then the real size, so a re-attached screen redraws (as kubectl does).
        const size = (extra: number): Buffer =>
          Buffer.from(JSON.stringify({ Width: (process.stdout.columns ?? 80) + extra, Height: (process.stdout.rows ?? 24) + extra }));
        send(4, size(1));
        send(4, size(0));
        process.stdout.on('resize', () => send(4, size(0)));
      }
      process.stdin.on('data', (d: Buffer) => send(0, d));
      // Our stdin ending detaches nothing: the container keeps its own stdin open.
      process.stdin.resume();
    });
    ws.on('message', (data: Buffer) => {
      if (!data.length) return;
      const body = data.subarray(1);
      if (data[0] === 1) process.stdout.write(body);
      else if (data[0] === 2) process.stderr.write(body);
      else if (data[0] === 3) {
        try {
          status = JSON.parse(body.toString('utf8')) as StreamStatus;
        } catch {
          status = { status: 'Failure', message: body.toString('utf8') };
        }
      }
    });
    ws.on('close', () => {
      restore();
      if (!status || status.status === 'Success') return resolve();
      reject(Object.assign(new Error(status.message ?? 'unknown error'), { status: { kind: 'Status', ...status } }));
    });
  });
  if (stdin && raw && !quiet) process.stdout.write(`Session ended, resume using 'mk attach ${pod.metadata.name} -c ${container.name} -n ${ns} -i -t' command\n`);
  return 0;
}
