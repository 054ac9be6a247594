// mk exec POD [-c C] [-i] [-t] -- CMD...: pods/exec over a WebSocket with Kubernetes' channel
// protocol (cli/channel-stream.ts). Like kubectl, mk exits with the remote command's exit code.
import type { Pod } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { runChannelStream, streamStatusError } from '../cli/channel-stream.js';
import { CliError } from '../cli/errors.js';
import { openSession } from '../cli/session.js';
import { pickContainer, podFor } from './logs.js';

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
  const status = await runChannelStream(s, {
    subresource: 'exec',
    namespace: pod.metadata.namespace ?? s.namespace,
    pod: pod.metadata.name ?? '',
    query: q,
    stdin,
    raw: tty,
    closeStdinOnEnd: true,
  });
  if (!status || status.status === 'Success') return 0;
  const exit = status.reason === 'NonZeroExitCode' ? Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message) : NaN;
  if (Number.isInteger(exit)) {
    // kubectl's CheckErr for an exec.ExitError.
    process.stderr.write(`command terminated with exit code ${exit}\n`);
    return exit;
  }
  throw streamStatusError(status);
}
