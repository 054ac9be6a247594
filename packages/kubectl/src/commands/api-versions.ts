// mk api-versions: the group/versions the server's discovery documents list, one a line,
// sorted as kubectl sorts them.
import type { CommandContext, CommandModule } from '../cli/command.js';
import { openSession } from '../cli/session.js';

export const flags: CommandModule['flags'] = [];

export const help = `Print the supported API versions on the server, in the form of "group/version".

Examples:
  # Print the supported API versions
  mk api-versions

Usage:
  mk api-versions [options]`;

export async function run(ctx: CommandContext): Promise<number> {
  const s = openSession(ctx.global);
  try {
    const core = await s.client.request<{ versions?: string[] }>('GET', '/api');
    const groups = await s.client.request<{ groups?: Array<{ versions?: Array<{ groupVersion: string }> }> }>('GET', '/apis');
    const all = [...(core.versions ?? []), ...(groups.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion))];
    all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    process.stdout.write(all.map((v) => `${v}\n`).join(''));
  } finally {
    await s.client.close();
  }
  return 0;
}
