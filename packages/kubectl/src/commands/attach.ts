// mk attach (POD | TYPE/NAME) [-c C] [-i] [-t]: pods/attach over a WebSocket with Kubernetes'
// channel protocol (cli/channel-stream.ts). The container's main process keeps running when
// the session ends.
import type { Pod } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { runChannelStream, streamStatusError } from '../cli/channel-stream.js';
import { CliError } from '../cli/errors.js';
import { openSession } from '../cli/session.js';
import { parseDuration } from './wait.js';
import { pickContainer, podFor } from './logs.js';

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
  // Our stdin ending detaches nothing: the container keeps its own stdin open.
  const status = await runChannelStream(s, { subresource: 'attach', namespace: ns, pod: pod.metadata.name ?? '', query: q, stdin, raw, redraw: true });
  if (status && status.status !== 'Success') throw streamStatusError(status);
  if (stdin && raw && !quiet) process.stdout.write(`Session ended, resume using 'mk attach ${pod.metadata.name} -c ${container.name} -n ${ns} -i -t' command\n`);
  return 0;
}
