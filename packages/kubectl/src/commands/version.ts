// mk version [--client] [-o json|yaml]
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';

export const MK_VERSION = '0.1.0';
/** The Kubernetes version whose behaviour mk follows. */
export const KUBE_VERSION = 'v1.32.0';

export const flags: CommandModule['flags'] = [
  { name: 'client', type: 'bool', usage: 'If true, shows client version only (no server required).' },
  { name: 'output', short: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
];

export const help = `Print the client and server version information for the current context.

Usage:
  mk version [flags] [options]`;

function clientInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: `${KUBE_VERSION}-mk.${MK_VERSION}`,
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch}`,
  };
}

export async function run(ctx: CommandContext): Promise<number> {
  const o = str(ctx.flags, 'output');
  if (o && o !== 'json' && o !== 'yaml') throw new CliError(`--output must be 'yaml' or 'json'`);
  const info: Record<string, unknown> = { clientVersion: clientInfo() };
  let serverErr: unknown;
  if (!bool(ctx.flags, 'client')) {
    try {
      const { openSession } = await import('../cli/session.js');
      const s = openSession(ctx.global);
      info.serverVersion = await s.client.request('GET', '/version');
    } catch (e) {
      serverErr = e;
    }
  }
  if (o === 'json') process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
  else if (o === 'yaml') {
    const { toYaml } = await import('../printers/serialize.js');
    process.stdout.write(toYaml(info));
  } else {
    let text = `Client Version: ${clientInfo().gitVersion}\n`;
    const sv = info.serverVersion as { gitVersion?: string } | undefined;
    if (sv?.gitVersion) text += `Server Version: ${sv.gitVersion}\n`;
    process.stdout.write(text);
  }
  if (serverErr) throw serverErr;
  return 0;
}
