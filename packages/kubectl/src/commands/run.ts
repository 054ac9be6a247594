// mk run NAME --image=IMAGE [--port] [--restart] [--labels] [--env] [--command] -- [ARGS]
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, int, str } from '../cli/command.js';
import { DRY_RUN, OUTPUT } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { createObjects } from './create.js';
import { pod } from './generators.js';

export const flags: CommandModule['flags'] = [
  OUTPUT,
  DRY_RUN,
  { name: 'image', type: 'string', usage: 'The image for the container to run.' },
  { name: 'port', type: 'int', default: -1, usage: 'The port that this container exposes.' },
  { name: 'restart', type: 'string', default: 'Always', usage: 'The restart policy for this Pod. Legal values [Always, OnFailure, Never].' },
  { name: 'labels', short: 'l', type: 'string', usage: 'Comma separated labels to apply to the pod.' },
  { name: 'env', type: 'stringArray', usage: 'Environment variables to set in the container.' },
  { name: 'command', type: 'bool', usage: 'If true and extra arguments are present, use them as the \'command\' field in the container, rather than the \'args\' field which is the default.' },
  { name: 'image-pull-policy', type: 'string', usage: 'The image pull policy for the container.' },
  { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation.' },
];

export const help = `Create and run a particular image in a pod.

Examples:
  mk run nginx --image=nginx
  mk run hazelcast --image=hazelcast/hazelcast --port=5701
  mk run busybox --image=busybox --restart=Never --command -- sleep 3600

Usage:
  mk run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]`;

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const [name, ...extra] = ctx.args;
  if (!name) throw new CliError(`NAME is required for run\nSee '${ctx.path} -h' for help and examples`);
  const image = str(f, 'image');
  if (!image) throw new CliError('--image is required');
  const restart = str(f, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new CliError(`invalid restart policy: ${restart}`);
  const obj = pod(name, {
    image,
    port: int(f, 'port'),
    restart,
    labels: str(f, 'labels'),
    env: arr(f, 'env'),
    command: bool(f, 'command'),
    args: [...extra, ...(ctx.dashArgs ?? [])],
    imagePullPolicy: str(f, 'image-pull-policy'),
  });
  return createObjects([{ object: obj }], ctx);
}
