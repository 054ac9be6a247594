// mk exec POD [-c C] [-i] [-t] -- CMD...: pods/exec over a WebSocket with Kubernetes' channel
// protocol (v5.channel.k8s.io, else v4): each message's first byte is the stream (0 stdin,
// 1 stdout, 2 stderr, 3 the final Status, 4 resize; v5 adds 255 to close a stream).
// Like kubectl, mk exits with the remote command's exit code.
import WebSocket from 'ws';
import type { Pod } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { openSession } from '../cli/session.js';
import { pickContainer, podFor, statusError } from './logs.js';

export const flags: CommandModule['flags'] = [
  { name: 'container', short: 'c', type: 'string', usage: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
  { name: 'stdin', short: 'i', type: 'bool', usage: 'Pass stdin to the container' },
  { name: 'tty', short: 't', type: 'bool', usage: 'Stdin is a TTY' },
  { name: 'quiet', short: 'q', type: 'bool', usage: 'Only print output from the remote session' },
];

export const help = `Execute a command in a container.

Examples:
  # Get output from running the 'date' command from pod mypod, using the first container by default
  mk exec mypod -- date

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  mk exec mypod -c ruby-container -i -t -- bash -il

  # Get output from running 'date' command from the first pod of the deployment mydeployment
  mk exec deploy/mydeployment -- date

Usage:
  mk exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]`;

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

interface ExecStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ reason?: string; message?: string }> };
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (!ctx.args.length) throw new CliError('pod or type/name must be specified');
  if (ctx.args.length > 1) throw new CliError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee \'mk exec -h\' for help and examples');
  const command = ctx.dashArgs ?? [];
  if (!command.length) throw new CliError('you must specify at least one command for the container');
  const s = openSession(ctx.global);
  const pod: Pod = await podFor(s, ctx.args[0], s.namespace);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = pickContainer(pod, str(f, 'container'));
  const stdin = bool(f, 'stdin');
  let tty = bool(f, 'tty');
  if (tty && stdin && !process.stdin.isTTY) {
    if (!bool(f, 'quiet')) process.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  if (!stdin) tty = false;

  const q = new URLSearchParams();
  for (const c of command) q.append('command', c);
  if (container) q.set('container', container);
  q.set('stdout', 'true');
  if (!tty) q.set('stderr', 'true');
  if (stdin) q.set('stdin', 'true');
  if (tty) q.set('tty', 'true');
  const base = s.config.server.replace(/\/+$/, '').replace(/^http/, 'ws');
  const url = `${base}/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? s.namespace)}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/exec?${q.toString()}`;
  const headers: Record<string, string> = {};
  if (s.config.token) headers.authorization = `Bearer ${s.config.token}`;
  const ws = new WebSocket(url, PROTOCOLS, { headers, ca: s.config.caData, rejectUnauthorized: !s.config.insecureSkipTlsVerify });

  return new Promise<number>((resolve, reject) => {
    let status: ExecStatus | undefined;
    let rawMode = false;
    const restore = (): void => {
      if (rawMode) process.stdin.setRawMode(false);
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
      if (tty) {
        process.stdin.setRawMode(true);
        rawMode = true;
        const resize = (): void => send(4, Buffer.from(JSON.stringify({ Width: process.stdout.columns ?? 80, Height: process.stdout.rows ?? 24 })));
        resize();
        process.stdout.on('resize', resize);
      }
      process.stdin.on('data', (d: Buffer) => send(0, d));
      process.stdin.on('end', () => {
        // v5 can close the remote stdin; v4 has no way to say so.
        if (ws.protocol === 'v5.channel.k8s.io') send(255, Buffer.from([0]));
      });
      process.stdin.resume();
    });
    ws.on('message', (raw: Buffer) => {
      const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
      if (!data.length) return;
      const body = data.subarray(1);
      if (data[0] === 1) process.stdout.write(body);
      else if (data[0] === 2) process.stderr.write(body);
      else if (data[0] === 3) {
        try {
          status = JSON.parse(body.toString('utf8')) as ExecStatus;
        } catch {
          status = { status: 'Failure', message: body.toString('utf8') };
        }
      }
    });
    ws.on('close', () => {
      restore();
      if (!status || status.status === 'Success') return resolve(0);
      const exit = status.reason === 'NonZeroExitCode' ? Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message) : NaN;
      if (Number.isInteger(exit)) {
        // kubectl's CheckErr for an exec.ExitError.
        process.stderr.write(`command terminated with exit code ${exit}\n`);
        return resolve(exit);
      }
      reject(Object.assign(new Error(status.message ?? 'unknown error'), { status: { kind: 'Status', ...status } }));
    });
  });
}
