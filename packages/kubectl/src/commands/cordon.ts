// mk cordon NODE / mk uncordon NODE: mark a node (un)schedulable through spec.unschedulable.
import type { CommandContext, CommandModule } from '../cli/command.js';
import { str } from '../cli/command.js';
import { DRY_RUN, dryRun, dryRunSuffix, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { renderError } from '../cli/render-error.js';
import { openSession } from '../cli/session.js';

export const flags: CommandModule['flags'] = [SELECTOR, DRY_RUN];

export const help = `Mark node as unschedulable (cordon) or schedulable (uncordon).

Examples:
  mk cordon k8s-node01
  mk uncordon k8s-node01

Usage:
  mk cordon NODE [options]`;

export function cordonCommand(unschedulable: boolean): CommandModule['run'] {
  return async (ctx: CommandContext): Promise<number> => {
    const f = ctx.flags;
    const dr = dryRun(str(f, 'dry-run'));
    const s = openSession(ctx.global);
    const names = ctx.args.map((a) => a.replace(/^(nodes?|no)\//, ''));
    if (!names.length && !str(f, 'selector')) throw new CliError('error: USAGE: cordon NODE [flags]');
    const nodes = names.length ? names : (await s.client.list('nodes', { labelSelector: str(f, 'selector') })).items.map((n) => n.metadata.name ?? '');
    const verb = unschedulable ? 'cordoned' : 'uncordoned';
    let failed = false;
    for (const name of nodes) {
      try {
        const node = (await s.client.get('nodes', undefined, name)) as { spec?: { unschedulable?: boolean } };
        if (Boolean(node.spec?.unschedulable) === unschedulable) {
          process.stdout.write(`node/${name} already ${verb}${dryRunSuffix(dr)}\n`);
          continue;
        }
        if (dr !== 'client') await s.client.patch('nodes', undefined, name, { spec: { unschedulable: unschedulable ? true : null } }, 'merge', { dryRun: dr === 'server' });
        process.stdout.write(`node/${name} ${verb}${dryRunSuffix(dr)}\n`);
      } catch (e) {
        failed = true;
        process.stderr.write(`${renderError(e).message}\n`);
      }
    }
    return failed ? 1 : 0;
  };
}

export const run = cordonCommand(true);
